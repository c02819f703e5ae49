import CLLVM
import Foundation
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
    private let program: Program
    private let layout: BufferLayout
    private let optimize: Bool
    /// Which bodies compile as parts on several threads (optimized programs only).
    private let parallelism: CompileParallelism
    /// Keeps the machine code alive; released after the function pointers are last usable.
    private let jit: JIT
    /// The compiled entry points so far; `prepare` adds the others (under `lock`).
    private var functions: [EntryPoint: Function] = [:]
    private let lock = NSLock()

    /// Compiles `entryPoints` now (nil: every entry point the program has); `prepare`
    /// compiles any other on first use, as a module of its own in the same JIT. A model
    /// that is only run never pays for its learning loop, and a learn for no run loop.
    package init(program: Program, layout: BufferLayout, optimize: Bool = true,
                 entryPoints: Set<EntryPoint>? = nil, parallelism: CompileParallelism = .automatic) throws(LLVMError) {
        symbolPrefix = SymbolNames.sanitized(program.name)
        self.program = program
        self.layout = layout
        self.optimize = optimize
        self.parallelism = parallelism
        jit = try JIT()
        let now = program.compiledEntryPoints.filter { entryPoints?.contains($0) ?? true }
        try compile(now)
    }

    /// Makes sure `entryPoint` is compiled, so that `run` can call it; returns whether it
    /// compiled it now (false when it was, or when the program has no such function).
    @discardableResult
    package func prepare(_ entryPoint: EntryPoint) throws(LLVMError) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard functions[entryPoint] == nil, program.compiledEntryPoints.contains(entryPoint) else { return false }
        try compile([entryPoint])
        return true
    }

    /// Builds one module holding `entryPoints`, adds it to the JIT and looks their functions up.
    private func compile(_ entryPoints: [EntryPoint]) throws(LLVMError) {
        guard !entryPoints.isEmpty else { return }
        let symbols = SymbolNames(prefix: symbolPrefix)
        let parts = optimize ? parallelism.parts(of: program, entryPoints) : [:]
        if parts.isEmpty {
            let machine = try TargetMachine()
            let suffixes = entryPoints.map(\.symbolSuffix).joined(separator: "_")
            let module = ModuleOwner(name: "\(symbolPrefix)_\(suffixes)", in: ContextOwner(threadSafe: true))
            try buildModule(program, layout: layout, symbols: symbols, into: module, machine: machine,
                            optimize: optimize, entryPoints: Set(entryPoints))
            try jit.add(module)
        } else {
            for object in try ParallelCompile.objects(program, layout: layout, symbols: symbols,
                                                      entryPoints: entryPoints, parts: parts) {
                try jit.addObject(object.bytes, name: object.name)
            }
        }
        for entryPoint in entryPoints {
            let address = try jit.address(of: symbols.name(of: entryPoint))
            functions[entryPoint] = entryPoint.isPerTrial
                ? .trialLoop(unsafeBitCast(address, to: TrialLoopFunction.self))
                : .once(unsafeBitCast(address, to: OnceFunction.self))
        }
    }

    /// The compiled function of an entry point; nil when the program has none. One the
    /// program has but `prepare` has not compiled is a host error.
    private func function(_ entryPoint: EntryPoint) -> Function? {
        lock.lock()
        defer { lock.unlock() }
        let function = functions[entryPoint]
        precondition(function != nil || !program.compiledEntryPoints.contains(entryPoint),
                     "\(entryPoint) was not compiled: call prepare(_:) first")
        return function
    }

    /// Runs an entry point's body once, with no input row: initialization (the host has
    /// filled the arenas with `layout.initialContents` first) or run start. A per-trial entry
    /// point runs no trial here; give it inputs and outputs with
    /// `run(_:params:state:inputs:inputRows:outputs:scratch:trials:)`.
    package func run(_ entryPoint: EntryPoint, params: UnsafeMutablePointer<Double>,
                    state: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        switch function(entryPoint) {
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
        switch function(entryPoint) {
        case .trialLoop(let function)?:
            function(params, state, inputs, Int64(inputRows), outputs, scratch, Int64(trials))
        case .once(let function)?:
            function(params, state, scratch)
        case nil:
            break
        }
    }
}
