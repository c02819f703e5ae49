import CLLVM
import MechanistIR

/// A Program compiled to native code for the host CPU and loaded through ORC LLJIT.
///
/// Creating one verifies the Program (refusing what the interpreter refuses), runs codegen,
/// verifies the module, optimizes it with `default<O2>` (unless `optimize` is false),
/// JIT-compiles it and looks up every entry point's function; every failure is an
/// `LLVMError`. The instance owns its JIT, and so the machine code: the functions are valid
/// while it lives. Any number may coexist in one process, the same program name included
/// (each has its own JIT, so symbols never clash); calls on one instance may run
/// concurrently when they use distinct buffers (compiled code keeps no state of its own).
///
/// Buffer contract (see `BufferLayout`): each pointer addresses an arena of
/// `layout.size(arena)` doubles (at least one element even when that size is 0), `inputs`
/// holds `inputRows` rows of `layout.size(.input)` and `outputs` `trials` rows of
/// `layout.outputWidth`. Results are bitwise equal to the `Interpreter`'s, except that a NaN
/// LLVM folds from constants (0/0 after unrolling) is the positive default NaN where x86
/// arithmetic at run time gives the negative one: both are NaN.
package final class CompiledProgram: @unchecked Sendable {
    private typealias TrialLoopFunction = @convention(c) (
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafePointer<Double>, Int64,
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int64) -> Void
    private typealias OnceFunction = @convention(c) (
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void

    /// An entry point's compiled function, by the signature its kind has.
    private enum Function {
        case once(OnceFunction)
        case trialLoop(TrialLoopFunction)
    }

    /// The prefix of the entry points' symbols (`<prefix>_run`): the program's name as a C
    /// identifier.
    package let symbolPrefix: String
    /// Keeps the machine code alive; released after the function pointers are last usable.
    private let jit: JIT
    private let functions: [EntryPoint: Function]

    package init(program: Program, layout: BufferLayout, optimize: Bool = true) throws(LLVMError) {
        symbolPrefix = SymbolNames.sanitized(program.name)
        let symbols = SymbolNames(prefix: symbolPrefix)
        let machine = try HostTargetMachine()
        let module = ModuleOwner(name: symbolPrefix, in: ContextOwner(threadSafe: true))
        try buildModule(program, layout: layout, symbols: symbols, into: module, machine: machine,
                        optimize: optimize)
        jit = try JIT()
        try jit.add(module)
        var functions: [EntryPoint: Function] = [:]
        for entryPoint in EntryPoint.allCases where entryPoint.compiledWhenEmpty || !program[entryPoint].isEmpty {
            let address = try jit.address(of: symbols.name(of: entryPoint))
            functions[entryPoint] = entryPoint.isPerTrial
                ? .trialLoop(unsafeBitCast(address, to: TrialLoopFunction.self))
                : .once(unsafeBitCast(address, to: OnceFunction.self))
        }
        self.functions = functions
    }

    /// Runs an entry point's body once, with no input row: initialization (the host has
    /// filled the arenas with `layout.initialContents` first) or run start. A per-trial entry
    /// point runs no trial here; give it inputs and outputs with
    /// `run(_:params:state:inputs:inputRows:outputs:scratch:trials:)`.
    package func run(_ entryPoint: EntryPoint, params: UnsafeMutablePointer<Double>,
                    state: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        switch functions[entryPoint] {
        case .once(let function)?: function(params, state, scratch)
        case .trialLoop?, nil: break
        }
    }

    /// Runs a per-trial entry point `trials` times (none when `trials <= 0`): trial t reads
    /// input row `t % max(inputRows, 1)` and writes output row t. Any other entry point runs
    /// once, as `run(_:params:state:scratch:)` does, reading no input and writing no output.
    package func run(_ entryPoint: EntryPoint, params: UnsafeMutablePointer<Double>,
                    state: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, inputRows: Int,
                    outputs: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>, trials: Int) {
        switch functions[entryPoint] {
        case .trialLoop(let function)?:
            function(params, state, inputs, Int64(inputRows), outputs, scratch, Int64(trials))
        case .once(let function)?:
            function(params, state, scratch)
        case nil:
            break
        }
    }
}
