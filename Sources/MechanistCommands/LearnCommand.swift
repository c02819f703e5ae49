import ArgumentParser
import Foundation
import Mechanist
import MechanistModel

/// `mechanist learn MODEL --inputs FILE [--epochs E] ...`: trains the model's learning pathways.
struct LearnCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Train a model: its learning pathways (backpropagation) and Hebbian recurrent layers.",
        discussion: """
            Each trial runs the processing phase, then the learning phase (Comparators, \
            LearningMechanisms last layer first), then adds every weight change, as PsyNeuLink's \
            Composition.learn does; the whole learn runs in one compiled call. The inputs file gives \
            targets keyed by each pathway's last node (or its TARGET node's name); Hebbian learning \
            (enable_learning on a recurrent layer) needs none. Output JSON: results \
            (each trial's processing-phase output, before that trial's weight changes), columns (their \
            names, node.PORT), nodes (--record), \
            weights (every learned matrix after the last update, by projection name; a recurrent matrix \
            by its node's name), mode, trials, seconds.
            """)

    @Argument(help: "The model file (format 1 JSON) with learning pathways or enable_learning.")
    var model: String

    @Option(name: .long, help: "The inputs file: {\"inputs\": {...}, \"targets\": {\"output\": [[...], ...]}}.")
    var inputs: String

    // `.unconditional` lets a negative value through to validate(), which says what is wrong
    // (ArgumentParser would take `-3` for an option and say the value is missing).
    @Option(name: .long, parsing: .unconditional,
            help: "Passes over the input lists, a positive integer (epochs x the longest list's length trials).")
    var epochs: Int?

    @Option(name: .long, parsing: .unconditional,
            help: "Number of trials, a positive integer (default: one epoch, or --epochs of them).")
    var trials: Int?

    @Option(name: .long, parsing: .unconditional,
            help: "The learning rate of this learn, for every projection without its own.")
    var learningRate: Double?

    @OptionGroup var execution: ExecutionOptions

    @Option(name: .long, help: "Write the learned weights as JSON {\"projection\": [[...]]} to this file.")
    var saveWeights: String?

    @Option(name: .long, help: ArgumentHelp(
        "Write the trained model to this file: the model file with the learned matrices in place of the initial ones.",
        discussion: "`mechanist run FILE` then runs the trained model. With --save-state, the file also holds the "
            + "state after the learn (integrators, recurrent outputs, random-stream counters) as its `state` "
            + "section, so the trained model continues bit for bit where the learn stopped; without, it starts from "
            + "its initial state. --seed is written into the file; --set is refused (put the value in the model file)."))
    var save: String?

    /// Trials per chunk of a streamed learn (tests make chunks small).
    @Option(name: .long, help: .hidden)
    var chunkTrials: Int?

    func validate() throws {
        try RunCommand.checkPositive(chunkTrials, "--chunk-trials")
        try RunCommand.checkPositive(trials, "--trials")
        try RunCommand.checkPositive(epochs, "--epochs")
        if epochs != nil && trials != nil { throw ValidationError("give --epochs or --trials, not both") }
        if let learningRate, !learningRate.isFinite {
            throw ValidationError("--learning-rate must be a finite number, got \(learningRate)")
        }
    }

    func execute(_ console: inout Console) throws {
        if save != nil && !execution.parameters.set.isEmpty {
            throw CommandError("--save writes the model file with the learned matrices, and the file does not hold "
                + "--set values: put them in the model file, or save with --save-weights")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let model = try execution.parameters.apply(to: try Model.load(path: model))
        let loaded = (clock.now - start).seconds
        guard model.hasLearning else {
            throw CommandError("\(self.model): the model has no learning pathway (\"learning\") or enable_learning "
                + "to train; "
                + "use `mechanist run` to run it")
        }
        let inputSet = try InputSet.load(path: inputs)
        try inputSet.validate(against: model)
        let records = try RunCommand.portReferences(execution.record, model: model)
        let stepRecords = try RunCommand.portReferences(execution.recordSteps, model: model, flag: "--record-steps")
        let options = CompileOptions(mode: execution.mode, record: records, recordSteps: stepRecords,
                                     specialize: execution.specialize, purpose: .learn)
        let executable = try attributingErrors(to: self.model) {
            try compile(model, options: options, loadSeconds: loaded)
        }
        try execution.restoreState(into: executable)
        let progress = ProgressLine(enabled: isatty(2) != 0)
        let report: ((Int, Int) -> Void)? = progress.enabled ? { progress.update(done: $0, total: $1) } : nil
        // Without trajectories or verify mode's comparisons, the output is written chunk by
        // chunk as the trials run (RunCommand.stream).
        if stepRecords.isEmpty && execution.mode != .verify {
            return try stream(executable, inputs: inputSet, progress: progress, console: &console)
        }
        let result: RunResult
        do {
            // Cleared before any error is printed, too.
            defer { progress.finish() }
            result = try executable.learn(inputs: inputSet.inputs, targets: inputSet.targets, epochs: epochs,
                                          trials: trials, learningRate: learningRate, progress: report)
        } catch let divergence as Divergence {
            console.note(divergence.description)
            throw ExitCode.failure
        }
        let weights = try executable.learnedWeightNames.map { ($0, try executable.weight($0)) }
        let text: String
        switch execution.format {
        case .json: text = ResultFormat.json(result, weights: weights)
        case .csv: text = ResultFormat.csv(result)
        }
        if let output = execution.output {
            try FileHandleWriter.write(text, to: output)
        } else {
            console.write(text)
        }
        try save(weights, of: executable)
        for line in ResultFormat.undecidedWarnings(result, format: execution.format) { console.note(line) }
        if execution.mode == .verify {
            console.note("verify: OK (\(result.trials) learning trials; every output, state and weight value "
                + "compared bitwise after every trial)")
        }
    }

    /// Learns in chunks (`Executable.streamLearn`), writing each chunk's text before the next
    /// is computed: the same bytes as the whole result's text.
    func stream(_ executable: Executable, inputs: InputSet, progress: ProgressLine, console: inout Console) throws {
        let sink = TextSink(path: execution.output)
        let output = try StreamedOutput(executable: executable, format: execution.format, sink: sink)
        defer { output.close() }
        var total = 0
        let seconds: Double
        do {
            defer { progress.finish() }
            seconds = try executable.streamLearn(inputs: inputs.inputs, targets: inputs.targets, epochs: epochs,
                                                 trials: trials, learningRate: learningRate, chunkTrials: chunkTrials,
                                                 progress: progress.enabled ? { progress.update(done: $0, total: $1) } : nil) {
                rows, range in
                try output.append(rows, range)
                console.write(sink.drain())
                total = range.upperBound
            }
        }
        let weights = try executable.learnedWeightNames.map { ($0, try executable.weight($0)) }
        try output.finish(runSeconds: seconds, weights: weights)
        console.write(sink.drain())
        try save(weights, of: executable)
        let counts = zip(executable.undecided, output.undecidedCounts).map { ($0.node, $0.description, $1) }
        for line in ResultFormat.undecidedWarnings(counts, trials: total, format: execution.format) {
            console.note(line)
        }
    }

    /// `--save-weights`, `--save` and `--save-state` after a learn.
    func save(_ weights: [(String, [[Double]])], of executable: Executable) throws {
        if let saveWeights {
            let members = weights.map { ($0.0, JSONWriter.matrix($0.1)) }
            try FileHandleWriter.write(JSONWriter.object(members) + "\n", to: saveWeights, option: "--save-weights")
        }
        if let save {
            let original = try String(contentsOfFile: self.model, encoding: .utf8)
            // The state goes into the file only when asked for (--save-state): a trained model
            // usually starts afresh, as PsyNeuLink's would after reset.
            let state = execution.saveState == nil ? [] : executable.snapshot().state.map {
                SavedState(name: $0.name, values: $0.values)
            }
            let text = try TrainedModel.text(original: original, path: self.model, weights: weights.map { ($0.0, $0.1) },
                                             state: state, seed: execution.parameters.seed)
            try FileHandleWriter.write(text, to: save, option: "--save")
        }
        try execution.saveState(of: executable)
    }
}

/// A one-line progress report on standard error, rewritten in place (only on a terminal).
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let percent = Int((Double(done) / Double(total) * 100).rounded(.down))
        FileHandleWriter.standardError("\rlearn: \(done)/\(total) trials (\(percent)%)")
        shown = true
    }

    func finish() {
        if shown { FileHandleWriter.standardError("\r\u{1B}[K") }
    }
}
