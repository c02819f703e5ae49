import MechanistIR

/// A named Program -> Program transformation; the name is how the CLI refers to it
/// (`--dump-after fuse-elementwise`).
package struct Pass: Sendable {
    package let name: String
    package let run: @Sendable (Program) throws -> Program

    package init(name: String, run: @escaping @Sendable (Program) throws -> Program) {
        self.name = name
        self.run = run
    }

    /// Checks the input and passes it through unchanged (shapes may still be unknown).
    package static let verify = Pass(name: "verify") { program in
        try MechanistIR.verify(program, allowingUnknownShapes: true)
        return program
    }
    /// `inferShapes(_:)`.
    package static let inferShapes = Pass(name: "infer-shapes", run: MechanistPasses.inferShapes)
    /// `foldConstants(_:)`.
    package static let foldConstants = Pass(name: "fold-constants") { MechanistPasses.foldConstants($0) }
    /// `foldConstants(_:keeping:)`: folds every parameter but those in `keeping`.
    package static func foldConstantsKeeping(_ runtime: BufferSet) -> Pass {
        Pass(name: "fold-constants") { MechanistPasses.foldConstants($0, keeping: runtime) }
    }
    /// `fuseElementwise(_:)`.
    package static let fuseElementwise = Pass(name: "fuse-elementwise", run: MechanistPasses.fuseElementwise)
    /// `eliminateDeadCode(_:)`.
    package static let eliminateDeadCode = Pass(name: "eliminate-dead-code",
                                               run: MechanistPasses.eliminateDeadCode)
    /// `planMemory(_:)`.
    package static let planMemory = Pass(name: "plan-memory", run: MechanistPasses.planMemory)
}

/// Why a pipeline stopped: which pass, and the underlying error.
package enum PipelineError: Error, CustomStringConvertible {
    /// The Program given to the pipeline breaks an IR rule.
    case invalidInput(IRVerificationError)
    /// A pass threw (for example `ShapeInferenceError`).
    case passFailed(pass: String, underlying: any Error)
    /// A pass returned a Program that breaks an IR rule: a bug in that pass.
    case invalidAfter(pass: String, IRVerificationError)
    /// `dumpAfter` or a pipeline edit names no pass of the pipeline.
    case unknownPass(String, known: [String])

    package var description: String {
        switch self {
        case .invalidInput(let error):
            return "invalid IR: \(error)"
        case .passFailed(let pass, let underlying):
            return "pass '\(pass)' failed: \(underlying)"
        case .invalidAfter(let pass, let error):
            return "pass '\(pass)' produced invalid IR: \(error)"
        case .unknownPass(let name, let known):
            return "no pass named '\(name)'; passes: \(known.joined(separator: ", "))"
        }
    }
}
