import Foundation
import Mechanist
import MechanistCommands
import Testing

/// The CLI, run in-process through `CLI.run` (what the `mechanist` executable does).
struct CLITests {
    let m3 = Fixtures.path("m3_transfer_chain", "model.json")
    let m3Inputs = Fixtures.path("m3_transfer_chain", "inputs.json")

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func runPrintsResultsAsModelFormatSays() throws {
        let (code, out, _) = CLI.run(["run", m3, "--inputs", m3Inputs, "--trials", "8"])
        #expect(code == 0)
        let object = try json(out)
        #expect(Array(object.keys).sorted() == ["columns", "mode", "results", "seconds", "trials"])
        #expect(object["columns"] as? [String] == ["output.RESULT"])
        #expect(object["mode"] as? String == "compiled")
        #expect(object["trials"] as? Int == 8)
        let results = object["results"] as? [[[Double]]] ?? []
        let expected = try Expected(path: Fixtures.path("m3_transfer_chain", "expected.json"))
        #expect(maxAbsDifference(results, Array(expected.results.prefix(8))) <= 1e-12)
        let seconds = object["seconds"] as? [String: Double] ?? [:]
        #expect((seconds["compile"] ?? 0) > 0 && (seconds["run"] ?? -1) >= 0)
    }

    @Test func recordAddsNodesAndModesAgree() throws {
        var outputs: [[[Double]]] = []
        for mode in ["interpreted", "compiled", "verify"] {
            let (code, out, err) = CLI.run(["run", m3, "--inputs", m3Inputs, "--mode", mode, "--record", "hidden.RESULT"])
            #expect(code == 0, "\(err)")
            let object = try json(out)
            let hidden = (object["nodes"] as? [String: Any])?["hidden"] as? [String: Any]
            #expect((hidden?["RESULT"] as? [[Double]])?.count == 4)
            outputs.append((object["results"] as? [[[Double]]] ?? []).flatMap { $0 })
            if mode == "verify" { #expect(err.contains("verify: OK")) }
        }
        #expect(outputs.count == 3 && outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    @Test func csvAndOutputFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mechanist-\(UUID().uuidString).csv").path
        let (code, out, _) = CLI.run(["run", m3, "--inputs", m3Inputs, "--format", "csv", "--output", path])
        #expect(code == 0 && out.isEmpty)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "trial,output.RESULT[0],output.RESULT[1]")
        #expect(lines.count == 5)
    }

    @Test func checkGraphAndEmit() throws {
        let check = CLI.run(["check", m3])
        #expect(check.code == 0)
        #expect(check.out.contains("hidden: TransferMechanism, size 5"))
        #expect(check.out.contains("W_ih: input -> hidden, 3x5 matrix"))
        #expect(check.out.hasSuffix("OK\n"))
        let graph = CLI.run(["graph", m3])
        #expect(graph.code == 0 && graph.out.hasPrefix("digraph") && graph.out.contains("\"input\" -> \"hidden\""))
        let ir = CLI.run(["emit", m3, "--ir"])
        #expect(ir.code == 0 && ir.out.contains("trial"))
        let llvm = CLI.run(["emit", m3, "--llvm"])
        #expect(llvm.code == 0 && llvm.out.contains("define") && llvm.out.contains("_run("))
        let asm = CLI.run(["emit", m3, "--asm"])
        #expect(asm.code == 0 && asm.out.contains("ret"))
    }

    @Test func helpDescribesCommands() {
        let (code, out, _) = CLI.run(["--help"])
        #expect(code == 0)
        for command in ["run", "check", "emit", "graph"] { #expect(out.contains(command)) }
        let run = CLI.run(["run", "--help"])
        #expect(run.out.contains("--inputs") && run.out.contains("--record") && run.out.contains("--mode"))
    }

    @Test func dumpAfterPrintsIR() {
        let (code, _, err) = CLI.run(["run", m3, "--inputs", m3Inputs, "--dump-after", "fuse-elementwise"])
        #expect(code == 0)
        #expect(err.contains("after fuse-elementwise"))
        let bad = CLI.run(["run", m3, "--inputs", m3Inputs, "--dump-after", "no-such-pass"])
        #expect(bad.code != 0 && bad.err.contains("no-such-pass"))
    }

    // MARK: Errors: a message naming the file, node and field, and a non-zero exit.

    static let modelErrors: [(String, String, [String])] = [
        ("malformed JSON", #"{"format": 1, "nodes": [ {"name": "a", "type": "TransferMechanism", "size": 2 ]}"#,
         ["malformed JSON", ":1:79"]),
        ("unknown field", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2, "gian": 1}]}"#,
         ["nodes[0]", "gian"]),
        ("unknown type", #"{"nodes": [{"name": "a", "type": "TransferMechansim", "size": 2}]}"#,
         ["nodes[0].type", "TransferMechansim"]),
        ("unknown function", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2, "function": "Logistik"}]}"#,
         ["nodes[0].function", "Logistik"]),
        ("unknown node in projection", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}], "projections": [{"sender": "a", "receiver": "b"}]}"#,
         ["projections[0].receiver", "b"]),
        ("matrix shape", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}, {"name": "b", "type": "TransferMechanism", "size": 3}], "projections": [{"sender": "a", "receiver": "b", "matrix": [[1, 2], [3, 4]]}]}"#,
         ["projections[0].matrix"]),
        ("unknown node in a condition", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}, {"name": "b", "type": "TransferMechanism", "size": 2}], "projections": [{"sender": "a", "receiver": "b"}], "scheduler": {"conditions": {"b": {"type": "EveryNCalls", "node": "zz", "n": 1}}}}"#,
         ["scheduler.conditions.b.node", "zz"]),
        ("recurrent matrix not square", #"{"nodes": [{"name": "a", "type": "RecurrentTransferMechanism", "size": 2, "matrix": [[1, 2, 3], [4, 5, 6]]}]}"#,
         ["nodes[0].matrix"]),
        ("unknown threshold criterion", #"{"nodes": [{"name": "a", "type": "LCAMechanism", "size": 2, "threshold": 0.5, "threshold_criterion": "MAXIMUM"}]}"#,
         ["nodes[0].threshold_criterion", "MAXIMUM"]),
        ("unknown condition type", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}], "scheduler": {"conditions": {"a": {"type": "Sometimes"}}}}"#,
         ["scheduler.conditions", "Sometimes"]),
        ("matrix too large to allocate", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 20000}, {"name": "b", "type": "TransferMechanism", "size": 20000}], "projections": [{"sender": "a", "receiver": "b", "matrix": "FULL_CONNECTIVITY"}]}"#,
         ["projections[0]", "20000x20000"]),
        ("bad parameter", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2, "integrator_mode": true, "integration_rate": 1.5}]}"#,
         ["nodes[0].integration_rate"]),
        ("wrong value type", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2, "function": {"type": "Logistic", "gain": "high"}}]}"#,
         ["nodes[0].function.gain"]),
        ("negative size", #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": -2}]}"#,
         ["nodes[0].size"]),
    ]

    @Test("model errors", arguments: modelErrors.map { $0.0 })
    func modelError(name: String) throws {
        guard let (_, text, fragments) = Self.modelErrors.first(where: { $0.0 == name }) else { return }
        let path = try temporary("model.json", text)
        let inputs = try temporary("inputs.json", #"{"inputs": {"a": [[1, 2]]}}"#)
        for command in [["check", path], ["run", path, "--inputs", inputs]] {
            let (code, _, err) = CLI.run(command)
            #expect(code != 0, "\(name)")
            #expect(err.contains("model.json"), "\(name): \(err)")
            for fragment in fragments { #expect(err.contains(fragment), "\(name): \(err)") }
            #expect(!err.contains("Fatal error"))
        }
    }

    static let inputErrors: [(String, String, [String])] = [
        ("wrong length", #"{"inputs": {"input": [[1, 2]]}}"#, ["input", "3"]),
        ("unknown node", #"{"inputs": {"input": [[1, 2, 3]], "hiden": [[1]]}}"#, ["hiden"]),
        ("not an input node", #"{"inputs": {"input": [[1, 2, 3]], "hidden": [[1, 2, 3, 4, 5]]}}"#, ["hidden"]),
        ("NaN", #"{"inputs": {"input": [[1, NaN, 3]]}}"#, ["inputs.json"]),
        ("not a number", #"{"inputs": {"input": [[1, "x", 3]]}}"#, ["input"]),
        ("empty list", #"{"inputs": {"input": []}}"#, ["input"]),
        ("malformed", #"{"inputs": {"input": [[1, 2, 3]]"#, ["inputs.json"]),
    ]

    @Test("input errors", arguments: inputErrors.map { $0.0 })
    func inputError(name: String) throws {
        guard let (_, text, fragments) = Self.inputErrors.first(where: { $0.0 == name }) else { return }
        let inputs = try temporary("inputs.json", text)
        let (code, _, err) = CLI.run(["run", m3, "--inputs", inputs])
        #expect(code != 0, "\(name)")
        for fragment in fragments { #expect(err.contains(fragment), "\(name): \(err)") }
    }

    @Test func missingFilesAndBadOptions() {
        let missing = CLI.run(["run", "/nonexistent/model.json", "--inputs", m3Inputs])
        #expect(missing.code != 0 && missing.err.contains("/nonexistent/model.json"))
        let badMode = CLI.run(["run", m3, "--inputs", m3Inputs, "--mode", "fast"])
        #expect(badMode.code != 0 && badMode.err.contains("fast"))
        let badRecord = CLI.run(["run", m3, "--inputs", m3Inputs, "--record", "nowhere.RESULT"])
        #expect(badRecord.code != 0 && badRecord.err.contains("nowhere"))
        let badTrials = CLI.run(["run", m3, "--inputs", m3Inputs, "--trials", "-3"])
        #expect(badTrials.code != 0)
    }
}

/// The CLI waits for its background frees before exiting only when something checks for leaks
/// (issue 13): valgrind, which preloads its libraries, or `MECHANIST_FREE_AT_EXIT`. The leak
/// tests run the executable under valgrind, so they see everything freed.
struct FreeAtExitTests {
    @Test func valgrindOrTheVariableMakeTheCLIFreeBeforeExiting() {
        let valgrind = "/usr/libexec/valgrind/vgpreload_core-amd64-linux.so:"
            + "/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so"
        #expect(CLI.freesBeforeExit(["LD_PRELOAD": valgrind]))
        #expect(CLI.freesBeforeExit(["MECHANIST_FREE_AT_EXIT": "1"]))
        #expect(CLI.freesBeforeExit(["MECHANIST_FREE_AT_EXIT": "yes", "LD_PRELOAD": "/usr/lib/libjemalloc.so"]))
        #expect(!CLI.freesBeforeExit(["MECHANIST_FREE_AT_EXIT": "0", "LD_PRELOAD": valgrind]))
        #expect(!CLI.freesBeforeExit(["LD_PRELOAD": "/usr/lib/libjemalloc.so"]))
        #expect(!CLI.freesBeforeExit([:]))
    }
}
