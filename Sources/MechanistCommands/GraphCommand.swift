import ArgumentParser
import Mechanist
import MechanistIR
import MechanistModel

/// `mechanist graph MODEL`: the model as a Graphviz DOT digraph.
struct GraphCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the model's graph in Graphviz DOT (pipe to `dot -Tpng`).")

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    func execute(_ console: inout Console) throws {
        let model = try Model.load(path: self.model)
        let summary = try attributingErrors(to: self.model) { try ModelSummary(model) }
        console.write(summary.dot())
    }
}

/// `mechanist check MODEL`: validate and summarize.
struct CheckCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a model file and print a summary of its graph.")

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Option(name: .long, help: "Also validate this inputs file against the model.")
    var inputs: String?

    func execute(_ console: inout Console) throws {
        let model = try Model.load(path: model)
        if let inputs { try InputSet.load(path: inputs).validate(against: model) }
        let (lowered, summary, program) = try attributingErrors(to: self.model) {
            // One lowering for both (lowering a large model is a good part of check's time),
            // summarized while the passes run.
            let lowered = try lower(model)
            let (summary, pipelined) = try concurrently({ try ModelSummary(model, lowered: lowered).text() },
                                                        { try optimized(lowered, options: CompileOptions()) })
            return (lowered, summary, pipelined.program)
        }
        // Freed while the summary is printed; the CLI waits for it before exiting (so a leak
        // checker sees everything freed).
        defer { releasedInBackground((model, lowered, program)) }
        console.write(summary)
        let layout = BufferLayout(program)
        var ops = 0, learningOps = 0
        program[.trial].forEachOp { _ in ops += 1 }
        program[.learnTrial].forEachOp { _ in learningOps += 1 }
        let learning = learningOps > 0 ? " (\(learningOps) per learning trial)" : ""
        console.print("program: \(ops) ops per trial\(learning); \(layout.size(.params)) parameter and weight values, "
            + "\(layout.size(.state)) state values, \(layout.size(.scratch)) scratch values")
        for warning in model.unreachableThresholdWarnings() { console.note(warning) }
        console.print("OK")
    }
}
