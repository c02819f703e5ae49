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

    @Option(name: .long, help: "Also record a port per trial, as node.PORT (repeatable); e.g. output_comparator.MSE.")
    var record: [String] = []

    @OptionGroup var parameters: ParameterOptions
}
