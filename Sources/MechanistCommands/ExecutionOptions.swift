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

    @Option(name: .long, help: "Start from the weights and state this file holds (written by --save-state).")
    var loadState: String?

    @Option(name: .long, help: "Afterwards, write every weight and state value to this file, to continue with --load-state.")
    var saveState: String?

    @OptionGroup var parameters: ParameterOptions

    @Flag(name: .long, help: "Fold the parameters into the code as constants (slightly faster per trial).")
    var specialize = false
}

extension ExecutionOptions {
    /// `--load-state`: the file's weights and state into the executable, before it runs.
    func restoreState(into executable: Executable) throws {
        guard let loadState else { return }
        do {
            try executable.restore(try StateFile.load(loadState))
        } catch let error as RunError {
            throw CommandError("--load-state \(loadState): \(error.description) (a state file fits the model that wrote it)")
        }
    }

    /// `--save-state`: every weight and state value after the run, to continue with `--load-state`.
    func saveState(of executable: Executable) throws {
        guard let saveState else { return }
        try FileHandleWriter.write(try StateFile.text(executable.snapshot()), to: saveState, option: "--save-state")
    }
}
