import MechanistIR
import MechanistModel
import MechanistPasses
import MechanistLLVM

/// How to compile a model.
public struct CompileOptions: Sendable {
    public var mode: ExecutionMode
    /// Extra ports recorded per trial (`node.PORT`), beside the OUTPUT nodes' results.
    public var record: [PortReference]
    /// Ports recorded at every execution of their node within each trial (`--record-steps`):
    /// `RunResult.steps`.
    public var recordSteps: [PortReference]
    /// Run LLVM's O2 pipeline on the generated code.
    public var optimize: Bool
    /// Fold the model's parameters into the code as constants (`--specialize`): a little
    /// faster per trial, but `Executable.setParameter` then refuses every parameter but
    /// projection matrices. By default parameters are runtime values in the parameter arena,
    /// settable by name without recompiling; both give bitwise the same results.
    public var specialize: Bool = false
    /// What the executable is compiled for first (compiled and verify modes): `.run` compiles
    /// the run loop now and a model's learning loop on its first `learn`; `.learn` the other way
    /// round (`mechanist learn`). The first use of the other adds its compile time to
    /// `Executable.compileSeconds`; the results are the same either way.
    public var purpose: Purpose = .run
    /// How many threads compile a body with much work per trial (`CompileParallelism`);
    /// package-only: the benchmarks compare one thread with the default side by side.
    package var parallelism: CompileParallelism = .automatic
    /// Print the Program after these passes (`--dump-after`); package-only, as the Program is.
    package var dumpAfter: Set<String> = []
    package var dump: @Sendable (String, Program) -> Void = { _, _ in }

    /// What an executable is compiled for first (`CompileOptions.purpose`).
    public enum Purpose: Sendable {
        case run, learn
    }

    public init(mode: ExecutionMode = .compiled, record: [PortReference] = [], recordSteps: [PortReference] = [],
                optimize: Bool = true, specialize: Bool = false, purpose: Purpose = .run) {
        self.mode = mode
        self.purpose = purpose
        self.record = record
        self.recordSteps = recordSteps
        self.optimize = optimize
        self.specialize = specialize
    }

    /// The CLI's `--dump-after`: options that also hand the Program after the named passes to `dump`.
    package init(mode: ExecutionMode = .compiled, record: [PortReference] = [], recordSteps: [PortReference] = [],
                 optimize: Bool = true, dumpAfter: Set<String>, dump: @escaping @Sendable (String, Program) -> Void) {
        self.init(mode: mode, record: record, recordSteps: recordSteps, optimize: optimize)
        self.dumpAfter = dumpAfter
        self.dump = dump
    }
}

/// Lowers a model and runs the standard pass pipeline: the lowered model with the Program
/// both executors run (passes keep buffer ids, so the lowered model's maps still hold).
package func optimizedProgram(_ model: Model, options: CompileOptions = CompileOptions()) throws -> LoweredModel {
    try optimized(try lower(model, options: LoweringOptions(record: options.record, recordSteps: options.recordSteps)), options: options)
}

/// Verifies a lowered model's Program as the pipeline does first (`optimized` with
/// `inputVerified` then skips that).
package func verifyLowered(_ lowered: LoweredModel) throws {
    try Pipeline.verifyInput(lowered.program, namedBy: lowered.bufferNames)
}

/// A lowered model after the standard pipeline (`options.record` was the lowering's);
/// `inputVerified` as in `Pipeline.run`.
package func optimized(_ lowered: LoweredModel, options: CompileOptions, inputVerified: Bool = false) throws -> LoweredModel {
    var result = lowered
    let program = lowered.program  // once: `lowered.program` in the closure copied it per parameter
    let runtime = BufferSet(lowered.parameters.compactMap { program.role(of: $0.buffer) == .parameter ? $0.buffer : nil })
    let pipeline = options.specialize ? Pipeline.standard : Pipeline.keepingParameters(runtime)
    if !inputVerified { try verifyLowered(lowered) }
    result.program = try pipeline.run(lowered.program, inputVerified: true, dumpAfter: options.dumpAfter,
                                      dump: options.dump)
    result.bufferNames = nil  // the lowered Program's, and only needed to verify it
    if options.specialize { result.parameters.removeAll { program.role(of: $0.buffer) == .parameter } }
    return result
}

/// Compiles a model for the chosen mode: lowering, passes, and (compiled, verify) LLVM code
/// generation and JIT compilation. `loadSeconds`, the time already spent reading the model
/// file, is added to the executable's `compileSeconds`.
public func compile(_ model: Model, options: CompileOptions = CompileOptions(), loadSeconds: Double = 0)
    throws -> Executable {
    let start = ContinuousClock.now
    // Weights exist about four times while compiling (the lowered program's initial values,
    // the optimized program's, the arena's initial and current copies): refuse what cannot fit.
    let weights = try model.weightValueCount()
    let (weightBytes, overflow) = weights.multipliedReportingOverflow(by: 4 * MemoryLayout<Double>.size)
    try MemoryBudget.require(overflow ? nil : weightBytes,
                             for: "the model's \(weights) weight values (held about 4 times while compiling)",
                             fix: "use smaller layers")
    let lowered = try lower(model, options: LoweringOptions(record: options.record, recordSteps: options.recordSteps))
    let executable = try compile(lowered: lowered, options: options)
    executable.model = model
    executable.compileSeconds = loadSeconds + (ContinuousClock.now - start).seconds
    return executable
}

/// Compiles an already lowered model (its recorded ports are the lowering's; `options.record`
/// is not read): the pipeline, then the executors.
func compile(lowered: LoweredModel, options: CompileOptions) throws -> Executable {
    let optimized = try optimized(lowered, options: options)
    return try Executable(program: optimized.program, layout: BufferLayout(optimized.program), mode: options.mode,
                          resultCount: optimized.resultCount, learning: LearningInterface(optimized),
                          stepRecords: optimized.stepRecords, undecided: optimized.undecided,
                          parameters: optimized.parameters, optimize: options.optimize,
                          firstUse: options.purpose == .learn ? .learnTrial : .trial, parallelism: options.parallelism)
}

/// Compiles a model file; `compileSeconds` counts from reading the file to a callable function.
public func compile(modelAt path: String, options: CompileOptions = CompileOptions()) throws -> Executable {
    let start = ContinuousClock.now
    let model = try Model.load(path: path)
    return try compile(model, options: options, loadSeconds: (ContinuousClock.now - start).seconds)
}

/// The LLVM IR text of a model's compiled entry points (after O2 when `optimized`).
package func llvmText(_ model: Model, options: CompileOptions = CompileOptions(), optimized: Bool = true) throws -> String {
    let program = try optimizedProgram(model, options: options).program
    return try LLVMText.ir(program: program, layout: BufferLayout(program), optimized: optimized)
}

/// The host assembly of a model's compiled entry points.
package func assemblyText(_ model: Model, options: CompileOptions = CompileOptions()) throws -> String {
    let program = try optimizedProgram(model, options: options).program
    return try LLVMText.assembly(program: program, layout: BufferLayout(program))
}

extension Model {
    /// Compiles this model: `try model.compile(mode: .verify).run(inputs: ..., trials: 100)`.
    public func compile(mode: ExecutionMode = .compiled, record: [PortReference] = [],
                        recordSteps: [PortReference] = [], specialize: Bool = false) throws -> Executable {
        try Mechanist.compile(self, options: CompileOptions(mode: mode, record: record, recordSteps: recordSteps,
                                                            specialize: specialize))
    }
}
