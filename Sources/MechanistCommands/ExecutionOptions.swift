import ArgumentParser
import Mechanist

/// The options `run` and `learn` share: the execution mode and what is written where.
struct ExecutionOptions: ParsableArguments {
    @Option(name: .long, help: "compiled (LLVM JIT), interpreted, or verify (both, compared after every trial).")
    var mode: ExecutionMode = .compiled

    @Option(name: .long, help: "Write the results to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "json or csv.")
    var format: OutputFormat = .json

    @Option(name: .long, help: """
        Also record a port per trial, as node.PORT (repeatable): any port of the node's type, \
        e.g. hidden.MEAN, decision.MAX_VS_NEXT, output_comparator.MSE.
        """)
    var record: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Record a port at every execution of its node within each trial, as node.PORT (repeatable): its trajectory.",
        discussion: "JSON: steps.node.PORT[trial][step]. With --format csv the output is the trajectories in long "
            + "form, one row per trial and step (trial, step, node.PORT[i], ..., node.undecided)."))
    var recordSteps: [String] = []

    @OptionGroup var parameters: ParameterOptions

    @Flag(name: .long, help: "Fold the parameters into the code as constants (slightly faster per trial).")
    var specialize = false
}
