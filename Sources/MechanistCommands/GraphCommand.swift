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
        let loaded = try Model.load(path: model)
        if let inputs { try InputSet.load(path: inputs).validate(against: loaded) }
        let warnings = loaded.unreachableThresholdWarnings()
        // What each step is done with is freed in the background as soon as it is (the CLI
        // waits for those frees before exiting, so a leak checker sees everything freed): the
        // model once summarized, while the passes still run; the lowered model once they are
        // done. Freeing all at the end made the process wait about half a second at 100,000
        // nodes (issue 13). Not kept until exit instead: valgrind finds no pointer to a box
        // an enum holds with its tag in the pointer's spare bits, and reports it lost.
        let model = Handoff(consume loaded)
        let (summary, program) = try attributingErrors(to: self.model) {
            // One lowering for both (lowering a large model is a good part of check's time),
            // summarized while the passes run.
            let lowered = try lower(model.value)
            // Verified first, on both cores (the verifier works in halves), then summarized
            // beside the passes: verified beside the summary, the verifier's halves shared the
            // second core with it while the passes waited for them (issue 13).
            try verifyLowered(lowered)
            let (summary, pipelined) = try concurrently({ () throws -> String in
                                                            let model = model.take()
                                                            let text = try ModelSummary(model, lowered: lowered).text()
                                                            releasedInBackground(consume model)
                                                            return text },
                                                        { try optimized(lowered, options: CompileOptions(), inputVerified: true) })
            releasedInBackground(consume lowered)
            return (summary, pipelined.program)
        }
        console.write(summary)
        let layout = BufferLayout(program)
        var ops = 0, learningOps = 0
        program[.trial].forEachOp { _ in ops += 1 }
        program[.learnTrial].forEachOp { _ in learningOps += 1 }
        let learning = learningOps > 0 ? " (\(learningOps) per learning trial)" : ""
        console.print("program: \(ops) ops per trial\(learning); \(layout.size(.params)) parameter and weight values, "
            + "\(layout.size(.state)) state values, \(layout.size(.scratch)) scratch values")
        for warning in warnings { console.note(warning) }
        releasedInBackground(consume program)
        console.print("OK")
    }
}
