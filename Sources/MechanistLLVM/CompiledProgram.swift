import CLLVM
import Foundation
import MechanistIR

/// A Program compiled to native code for the host CPU and loaded through ORC LLJIT.
///
/// Creating one runs codegen, verifies the module, optimizes it with `default<O2>` (unless
/// `optimize` is false), JIT-compiles it and looks up both entry points; every failure is an
/// `LLVMError`. The instance owns its JIT, and so the machine code: the functions are valid
/// while it lives. Any number may coexist in one process; calls on one instance may run
/// concurrently when they use distinct buffers (compiled code keeps no state of its own).
///
/// Buffer contract (see `BufferLayout`): each pointer addresses an arena of
/// `layout.size(arena)` doubles (at least one element even when that size is 0), `inputs`
/// holds `inputRows` rows of `layout.size(.input)` and `outputs` `trials` rows of
/// `layout.outputWidth`. Results are bitwise equal to the `Interpreter`'s, except that a NaN
/// LLVM folds from constants (0/0 after unrolling) is the positive default NaN where x86
/// arithmetic at run time gives the negative one: both are NaN.
public final class CompiledProgram: @unchecked Sendable {
    private typealias RunFunction = @convention(c) (
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafePointer<Double>, Int64,
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int64) -> Void
    private typealias InitializeFunction = @convention(c) (
        UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void

    /// The process-unique prefix of the entry points' symbols (`<prefix>_run`).
    public let symbolPrefix: String
    /// Keeps the machine code alive; released after the function pointers are last usable.
    private let jit: JIT
    private let runFunction: RunFunction
    private let initializeFunction: InitializeFunction
    private let startRunFunction: InitializeFunction

    public init(program: Program, layout: BufferLayout, optimize: Bool = true) throws(LLVMError) {
        symbolPrefix = "\(EntryPoints.sanitized(program.name))_\(ProgramCounter.next())"
        let symbols = EntryPoints(prefix: symbolPrefix)
        let machine = try HostTargetMachine()
        let module = ModuleOwner(name: symbolPrefix, in: ContextOwner(threadSafe: true))
        try buildModule(program, layout: layout, symbols: symbols, into: module, machine: machine,
                        optimize: optimize)
        jit = try JIT()
        try jit.add(module)
        runFunction = unsafeBitCast(try jit.address(of: symbols.run), to: RunFunction.self)
        initializeFunction = unsafeBitCast(try jit.address(of: symbols.initialize), to: InitializeFunction.self)
        startRunFunction = unsafeBitCast(try jit.address(of: symbols.startRun), to: InitializeFunction.self)
    }

    /// Runs the program's `runStart` body, once at the start of every run.
    public func startRun(params: UnsafeMutablePointer<Double>, state: UnsafeMutablePointer<Double>,
                         scratch: UnsafeMutablePointer<Double>) {
        startRunFunction(params, state, scratch)
    }

    /// Runs the program's initialization over the arenas (the host has filled them with
    /// `layout.initialContents` first).
    public func initialize(params: UnsafeMutablePointer<Double>, state: UnsafeMutablePointer<Double>,
                           scratch: UnsafeMutablePointer<Double>) {
        initializeFunction(params, state, scratch)
    }

    /// Runs `trials` trials (none when `trials <= 0`); trial t reads input row
    /// `t % max(inputRows, 1)` and writes output row t.
    public func run(params: UnsafeMutablePointer<Double>, state: UnsafeMutablePointer<Double>,
                    inputs: UnsafePointer<Double>, inputRows: Int, outputs: UnsafeMutablePointer<Double>,
                    scratch: UnsafeMutablePointer<Double>, trials: Int) {
        runFunction(params, state, inputs, Int64(inputRows), outputs, scratch, Int64(trials))
    }
}

/// Numbers compiled programs, so each one's symbols are unique in the process (they would
/// not clash anyway, each program having its own JIT, but unique names keep profiles,
/// perf maps and debuggers unambiguous).
private enum ProgramCounter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last = 0

    static func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}
