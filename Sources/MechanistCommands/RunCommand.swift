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
            the OUTPUT nodes' port values), nodes (ports named with --record), mode, trials, and seconds \
            {compile: model file to callable function, run: the run call alone}. A model with learning \
            pathways runs without learning and without targets (its weights do not change; the inputs \
            file's targets are not read): train it with `mechanist learn`.
            """)

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Option(name: .long, help: "The inputs file: {\"inputs\": {\"node\": [[...], ...]}}.")
    var inputs: String

    @Option(name: .long, help: "Number of trials (default: the longest input list).")
    var trials: Int?

    @OptionGroup var execution: ExecutionOptions

    @Option(name: .long, help: "Print the IR after this pass to standard error (repeatable).")
    var dumpAfter: [String] = []

    func validate() throws {
        if let trials, trials < 0 { throw ValidationError("--trials must be 0 or more, got \(trials)") }
    }

    func execute(_ console: inout Console) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let model = try execution.parameters.apply(to: try Model.load(path: model))
        let loaded = (clock.now - start).seconds
        let inputSet = try InputSet.load(path: inputs)
        try inputSet.validate(against: model)
        let records = try Self.portReferences(execution.record, model: model)
        let dumps = DumpBox()
        var options = CompileOptions(mode: execution.mode, record: records, dumpAfter: Set(dumpAfter)) { pass, program in
            dumps.append("; after \(pass)\n" + printProgram(program))
        }
        options.specialize = execution.parameters.specialize
        let executable = try compile(model, options: options, loadSeconds: loaded)
        for text in dumps.texts { console.note(text) }
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
        case .csv: text = ResultFormat.csv(result, resultLabels: executable.resultLabels)
        }
        if let output = execution.output {
            try FileHandleWriter.write(text, to: output)
        } else {
            console.write(text)
        }
        if execution.mode == .verify {
            let perTrial = executable.layout.outputWidth + executable.layout.size(.state) + executable.layout.size(.params)
            console.note("verify: OK (\(result.trials) trials; \(perTrial) output, state and weight values compared bitwise after every trial)")
        }
    }
}

extension RunCommand {
    /// Parses `--record` arguments, each `node.PORT`. The model's node names decide where the
    /// node ends (a name may itself contain dots); any other text splits at its last dot, so a
    /// node the file does not declare but lowering creates (a learning pathway's TARGET,
    /// Comparator or LearningMechanism) can be recorded: lowering rejects a node it lacks.
    static func portReferences(_ texts: [String], model: Model) throws -> [PortReference] {
        try texts.map { text in
            if let ref = PortReference(parsing: text, nodeNames: model.nodes.map(\.name)) {
                guard ref.port != nil else { throw ValidationError("--record \(text): expected node.PORT, not a node") }
                return ref
            }
            guard let dot = text.lastIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
            else {
                throw ValidationError("--record \(text): expected node.PORT")
            }
            return PortReference(node: String(text[..<dot]), port: String(text[text.index(after: dot)...]))
        }
    }
}

/// Collects IR dumps from the pipeline (which calls back synchronously).
final class DumpBox: @unchecked Sendable {
    private(set) var texts: [String] = []
    func append(_ text: String) { texts.append(text) }
}
