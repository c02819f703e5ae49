import Foundation
@testable import Mechanist
import MechanistCommands
import MechanistModel
import Testing

/// Issue 13 item 1, the streaming half: input lists kept per node at their own lengths (never
/// laid out over their common period), and `mechanist run` writing its output chunk by chunk.
/// The references are the other layout (lists expanded by the test to one entry per trial,
/// which the engines read laid out), the other executor, and the unstreamed output of verify
/// mode.
@Suite struct StreamingTests {
    /// Two 40-unit inputs into a noisy integrating TransferMechanism: state, noise and the
    /// rows all carry from trial to trial.
    static let model = #"""
        {"format": 1, "name": "lists", "seed": 3, "nodes": [
          {"name": "a", "type": "ProcessingMechanism", "size": 40},
          {"name": "b", "type": "ProcessingMechanism", "size": 40},
          {"name": "t", "type": "TransferMechanism", "size": 2, "integrator_mode": true, "integration_rate": 0.3,
           "noise": {"type": "NormalDist", "mean": 0.0, "standard_deviation": 0.1}}],
         "projections": [{"sender": "a", "receiver": "t"}, {"sender": "b", "receiver": "t"}]}
        """#

    /// `count` entries of one 40-value port, each entry different.
    static func list(_ count: Int, scale: Double) -> [[[Double]]] {
        (0..<count).map { e in [(0..<40).map { i in scale * Double((e * 7 + i * 3) % 23) / 23.0 }] }
    }

    /// Lists of 97 and 100 entries over 5000 trials (a period of 5000 rows of 80 values, more
    /// than twice the lists): read per node, in two chunks of rows.
    static let inputs = ["a": list(97, scale: 1), "b": list(100, scale: -0.5)]
    static let trials = 5000

    /// The same trials with every list expanded to one entry per trial: laid out as one cycle.
    static var expanded: [String: [[[Double]]]] {
        inputs.mapValues { list in (0..<trials).map { list[$0 % list.count] } }
    }

    @Test func listsOfDifferentLengthsAreReadPerNode() throws {
        let model = try Model.decode(json: Self.model, path: "lists.json")
        var results: [ExecutionMode: RunResult] = [:]
        for mode in [ExecutionMode.compiled, .interpreted] {
            let perNode = try compile(model, options: CompileOptions(mode: mode))
            let rows = try perNode.inputRows(perNode.trialEntries(inputs: Self.inputs, targets: nil), trials: Self.trials)
            #expect(!rows.isLaidOut && rows.nodes.map(\.values.count) == [97 * 40, 100 * 40])
            let laidOut = try compile(model, options: CompileOptions(mode: mode))
            let expanded = try laidOut.inputRows(laidOut.trialEntries(inputs: Self.expanded, targets: nil),
                                                 trials: Self.trials)
            #expect(expanded.isLaidOut && expanded.count == Self.trials)
            let result = try perNode.run(inputs: Self.inputs, trials: Self.trials)
            let reference = try laidOut.run(inputs: Self.expanded, trials: Self.trials)
            #expect(result.results == reference.results, "\(mode)")
            #expect(try perNode.state("t.value") == laidOut.state("t.value"), "\(mode)")
            results[mode] = result
        }
        #expect(results[.compiled]?.results == results[.interpreted]?.results)
        #expect(results[.compiled]?.results.count == Self.trials)
    }

    @Test func verifyModeReadsRowsPerNode() throws {
        let model = try Model.decode(json: Self.model, path: "lists.json")
        let verified = try compile(model, options: CompileOptions(mode: .verify)).run(inputs: Self.inputs, trials: 1000)
        let reference = try compile(model, options: CompileOptions(mode: .interpreted))
            .run(inputs: Self.expanded.mapValues { Array($0.prefix(1000)) }, trials: 1000)
        #expect(verified.results == reference.results)
    }

    /// A chunk that starts mid-list and spans a list's end reads the rows the laid-out cycle holds.
    @Test func chunksOfPerNodeRowsMatchTheCycle() {
        let a = InputRows.NodeList(values: [1, 2, 3, 4, 5, 6], entries: 3, nodeWidth: 2, slots: [(0, 1), (2, 1)])
        let b = InputRows.NodeList(values: [10, 20], entries: 2, nodeWidth: 1, slots: [(1, 1)])
        let perNode = InputRows(nodes: [a, b], width: 3, period: 6, layOut: false)
        let cycle = InputRows(nodes: [a, b], width: 3, period: 6, layOut: true)
        #expect(cycle.values == [1, 10, 2, 3, 20, 4, 5, 10, 6, 1, 20, 2, 3, 10, 4, 5, 20, 6])
        for range in [0..<6, 4..<9, 5..<17, 13..<14] {
            let expected = range.flatMap { cycle.row(trial: $0) }
            #expect(perNode.rows(for: range).values == expected, "\(range)")
            #expect(perNode.rows(for: range).count == range.count)
        }
        #expect(perNode.row(trial: 7) == [3, 20, 4])
    }

    /// Targets are per-trial rows too: inputs of 4 entries and targets of 5501 (a period of
    /// 22,004 trials) over 22,000 trials learn exactly what the lists expanded to one entry per
    /// trial learn.
    @Test func targetsAreReadPerNode() throws {
        let path = Fixtures.examples + "/xor_learning/model.json"
        let model = try Model.load(path: path)
        let inputs: [String: [[[Double]]]] = ["input": [[[0, 0]], [[0, 1]], [[1, 0]], [[1, 1]]]]
        let targets: [String: [[[Double]]]] = ["output": (0..<5501).map { [[Double($0 % 3 == 0 ? 0 : 1)]] }]
        let trials = 22_000
        let perNode = try compile(model, options: CompileOptions(mode: .compiled))
        let rows = try perNode.inputRows(perNode.trialEntries(inputs: inputs, targets: targets), trials: trials)
        #expect(!rows.isLaidOut)
        let learned = try perNode.learn(inputs: inputs, targets: targets, trials: trials)
        let expand = { (lists: [String: [[[Double]]]]) in lists.mapValues { l in (0..<trials).map { l[$0 % l.count] } } }
        let laidOut = try compile(model, options: CompileOptions(mode: .compiled))
        let reference = try laidOut.learn(inputs: expand(inputs), targets: expand(targets), trials: trials)
        #expect(learned.results == reference.results)
        for name in perNode.learnedWeightNames { #expect(try perNode.weight(name) == laidOut.weight(name)) }
    }

    // MARK: The CLI's streamed output

    /// JSON without the lines that differ from run to run or by mode (seconds, mode).
    static func comparable(_ json: String) -> String {
        json.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"seconds\"") && !$0.contains("\"mode\"") }.joined(separator: "\n")
    }

    /// An LCA undecided in some trials (a threshold it cannot reach within 40 executions), with
    /// recorded ports: every section of the output is streamed.
    @Test func streamedOutputIsTheUnstreamedBytes() throws {
        let model = try temporary("model.json", """
            {"format": 1, "name": "undecided", "seed": 1, "nodes": [
              {"name": "evidence", "type": "ProcessingMechanism", "size": 2},
              {"name": "lca", "type": "LCAMechanism", "size": 2, "leak": 0.2, "competition": 0.8, "time_step_size": 0.1,
               "threshold": 0.8, "max_executions_before_finished": 40,
               "noise": {"type": "NormalDist", "mean": 0.0, "standard_deviation": 0.05},
               "output_ports": ["RESULT", "DECISION_INDEX", "DECISION_STEPS"]}],
             "projections": [{"sender": "evidence", "receiver": "lca", "matrix": "IDENTITY"}],
             "scheduler": {"reset_stateful_function_when": {"lca": {"type": "AtPass", "n": 0}}}}
            """)
        let inputs = try temporary("inputs.json",
                                   #"{"inputs": {"evidence": [[3.0, 0.0], [0.1, 0.1], [0.1, 0.1], [0.0, 3.0], [0.2, 0.1]]}}"#)
        let common = ["run", model, "--inputs", inputs, "--trials", "23", "--record", "lca.RESULT",
                      "--record", "evidence.RESULT"]
        for format in ["json", "csv"] {
            // Verify mode is not streamed: the whole result, then its text.
            let whole = CLI.run(common + ["--format", format, "--mode", "verify"])
            #expect(whole.code == 0, "\(whole.err)")
            #expect(whole.out.contains("undecided"))
            for chunk in [nil, "1", "4", "23", "100"] {
                for mode in ["compiled", "interpreted"] {
                    let streamed = CLI.run(common + ["--format", format, "--mode", mode]
                                           + (chunk.map { ["--chunk-trials", $0] } ?? []))
                    #expect(streamed.code == 0, "\(streamed.err)")
                    if format == "csv" {
                        #expect(streamed.out == whole.out, "\(mode), chunks of \(chunk ?? "default")")
                    } else {
                        #expect(Self.comparable(streamed.out) == Self.comparable(whole.out),
                                "\(mode), chunks of \(chunk ?? "default")")
                        #expect(streamed.out.contains("\"mode\": \"\(mode)\""))
                    }
                    // The warning counts what the lists hold.
                    #expect(streamed.err == whole.err.split(separator: "\n").filter { !$0.hasPrefix("verify:") }
                        .map { $0 + "\n" }.joined())
                }
            }
            let output = try temporary("out." + format, "")
            let toFile = CLI.run(common + ["--format", format, "--chunk-trials", "5", "--output", output])
            #expect(toFile.code == 0 && toFile.out.isEmpty)
            let written = try String(contentsOfFile: output, encoding: .utf8)
            #expect(format == "csv" ? written == whole.out : Self.comparable(written) == Self.comparable(whole.out))
        }
        #expect(CLI.run(common + ["--chunk-trials", "0"]).code != 0)
    }

    /// `learn` streams the same way: XOR with targets of another length, recording the
    /// comparator, then the learned weights after the last trial.
    @Test func streamedLearnIsTheUnstreamedBytes() throws {
        let model = Fixtures.examples + "/xor_learning/model.json"
        let inputs = try temporary("inputs.json", #"""
            {"inputs": {"input": [[0, 0], [0, 1], [1, 0], [1, 1]]}, "targets": {"output": [[0], [1], [1], [0], [1]]}}
            """#)
        let common = ["learn", model, "--inputs", inputs, "--trials", "41", "--record", "output_comparator.MSE"]
        for format in ["json", "csv"] {
            let whole = CLI.run(common + ["--format", format, "--mode", "verify"])
            #expect(whole.code == 0, "\(whole.err)")
            for chunk in [nil, "1", "6"] {
                let streamed = CLI.run(common + ["--format", format] + (chunk.map { ["--chunk-trials", $0] } ?? []))
                #expect(streamed.code == 0, "\(streamed.err)")
                if format == "csv" {
                    #expect(streamed.out == whole.out, "chunks of \(chunk ?? "default")")
                } else {
                    #expect(Self.comparable(streamed.out) == Self.comparable(whole.out), "chunks of \(chunk ?? "default")")
                    #expect(streamed.out.contains("\"weights\""))
                }
            }
        }
    }
}
