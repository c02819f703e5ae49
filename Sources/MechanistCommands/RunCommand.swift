import ArgumentParser
import Mechanist
import MechanistIR
import MechanistModel

extension ExecutionMode: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `mechanist run MODEL --inputs FILE ...`
struct RunCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model over the trials of an inputs file and print the results.",
        discussion: """
            Trial t uses entry t % (list length) of every node's input list. Output JSON: results (per trial, \
            the OUTPUT nodes' port values), columns (their names, node.PORT, in order), nodes (ports named \
            with --record: any port of the node's type, listed in output_ports or not), mode, trials, and \
            seconds {compile: model file to callable function, run: the run call alone}; with --record-steps, \
            steps (per node and port, per trial, the port after every execution); for a model with \
            thresholds, undecided (per node, the trials that ended without the threshold holding, also warned \
            on standard error). Non-finite results are written NaN, Infinity, -Infinity (an inputs file may \
            not hold them). CSV: one row per trial, columns node.PORT[i] of the results, then of the recorded \
            ports; a recorded port that is also a result is written once, so every header is unique; with \
            --record-steps, one row per trial and step. Output is written as the trials run (not in verify \
            mode or with --record-steps): memory does not grow with --trials. A model with learning \
            pathways runs without learning and without targets (its weights do not change; the inputs \
            file's targets are not read): train it with `mechanist learn`.
            """)

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Option(name: .long, help: "The inputs file: {\"inputs\": {\"node\": [[...], ...]}}.")
    var inputs: String

    // `.unconditional`: `--trials -3` reads -3 as the value (and validate() refuses it)
    // instead of taking it for an option and saying the value is missing.
    @Option(name: .long, parsing: .unconditional, help: "Number of trials, a positive integer (default: the longest input list).")
    var trials: Int?

    @OptionGroup var execution: ExecutionOptions

    @Option(name: .long, help: "Print the IR after this pass to standard error (repeatable).")
    var dumpAfter: [String] = []

    /// Trials per chunk of a streamed run (tests make chunks small; the default holds about
    /// 65,536 output values).
    @Option(name: .long, help: .hidden)
    var chunkTrials: Int?

    func validate() throws {
        try Self.checkPositive(trials, "--trials")
        try Self.checkPositive(chunkTrials, "--chunk-trials")
    }

    func execute(_ console: inout Console) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let model = try execution.parameters.apply(to: try Model.load(path: model))
        let loaded = (clock.now - start).seconds
        let inputSet = try InputSet.load(path: inputs)
        try inputSet.validate(against: model)
        let records = try Self.portReferences(execution.record, model: model)
        let stepRecords = try Self.portReferences(execution.recordSteps, model: model, flag: "--record-steps")
        let dumps = DumpBox()
        var options = CompileOptions(mode: execution.mode, record: records, recordSteps: stepRecords, dumpAfter: Set(dumpAfter)) { pass, program in
            dumps.append("; after \(pass)\n" + printProgram(program))
        }
        options.specialize = execution.specialize
        let executable = try attributingErrors(to: self.model) { try compile(model, options: options, loadSeconds: loaded) }
        try execution.restoreState(into: executable)
        for text in dumps.texts { console.note(text) }
        let trialCount = trials ?? inputSet.inputs.values.map(\.count).max() ?? 1
        // Without trajectories or verify mode's comparisons, the output is written chunk by
        // chunk as the trials run, so no trial count is too large for memory.
        if stepRecords.isEmpty && execution.mode != .verify {
            return try stream(executable, inputs: inputSet, trials: trialCount, console: &console)
        }
        // The results as text (up to ~24 characters a value, held with the values and the
        // RunResult built from them): refused before running when memory cannot hold them.
        let (textBytes, overflow) = trialCount.multipliedReportingOverflow(
            by: executable.layout.outputWidth * 48 + executable.resultBytesPerTrial)
        try MemoryBudget.require(overflow ? nil : textBytes,
                                 for: "trials: \(trialCount) trials x \(executable.layout.outputWidth) recorded values "
                                    + "per trial, as \(execution.format.rawValue) text,",
                                 fix: "run fewer trials per call (--save-state and --load-state carry the state over)")
        let result: RunResult
        do {
            result = try executable.run(inputs: inputSet.inputs, trials: trials)
        } catch let divergence as Divergence {
            console.note(divergence.description)
            throw ExitCode.failure
        }
        let text: String
        switch execution.format {
        case .json: text = ResultFormat.json(result, weights: [])
        case .csv: text = ResultFormat.csv(result)
        }
        if let output = execution.output {
            try FileHandleWriter.write(text, to: output)
        } else {
            console.write(text)
        }
        try execution.saveState(of: executable)
        for line in ResultFormat.undecidedWarnings(result, format: execution.format) { console.note(line) }
        if execution.mode == .verify {
            let perTrial = executable.layout.outputWidth + executable.layout.size(.state) + executable.layout.size(.params)
            console.note("verify: OK (\(result.trials) trials; \(perTrial) output, state and weight values compared bitwise after every trial)")
        }
    }
}

extension RunCommand {
    /// Runs the trials in chunks (`Executable.streamRun`), writing each chunk's text before
    /// the next is computed: the same bytes as the whole result's text.
    func stream(_ executable: Executable, inputs: InputSet, trials: Int, console: inout Console) throws {
        let sink = TextSink(path: execution.output)
        let output = try StreamedOutput(executable: executable, format: execution.format, sink: sink)
        defer { output.close() }
        let seconds = try executable.streamRun(inputs: inputs.inputs, trials: trials, chunkTrials: chunkTrials) {
            rows, range in
            try output.append(rows, range)
            console.write(sink.drain())
        }
        try output.finish(runSeconds: seconds)
        console.write(sink.drain())
        try execution.saveState(of: executable)
        let counts = zip(executable.undecided, output.undecidedCounts).map { ($0.node, $0.description, $1) }
        for line in ResultFormat.undecidedWarnings(counts, trials: trials, format: execution.format) {
            console.note(line)
        }
    }

    /// Parses `--record` arguments, each `node.PORT` (`Model.portReferences`). `flag` names the
    /// option in errors.
    static func portReferences(_ texts: [String], model: Model, flag: String = "--record") throws -> [PortReference] {
        do {
            return try model.portReferences(texts, flag: flag)
        } catch let error as RunError {
            throw CommandError(error.message)
        }
    }

    /// A count option (`--trials`, `--epochs`) must be a positive integer when given.
    static func checkPositive(_ value: Int?, _ option: String) throws {
        if let value, value < 1 { throw ValidationError("\(option) must be a positive integer, got \(value)") }
    }
}

/// Collects IR dumps from the pipeline (which calls back synchronously).
final class DumpBox: @unchecked Sendable {
    private(set) var texts: [String] = []
    func append(_ text: String) { texts.append(text) }
}
