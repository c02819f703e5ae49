import Foundation
import Mechanist
import MechanistCommands
import Testing

/// Output a reader can use without knowing the model: JSON `columns`, unique CSV headers,
/// `--record` of any port the node's type has, and `print(result)` in Swift.
struct SelfDescribingOutputTests {
    let m3 = Fixtures.path("m3_transfer_chain", "model.json")
    let m3Inputs = Fixtures.path("m3_transfer_chain", "inputs.json")
    var lca: String { Fixtures.examples + "/lca_decision_2/model.json" }
    var lcaInputs: String { Fixtures.examples + "/lca_decision_2/inputs.json" }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func jsonColumnsNameEveryResultVector() throws {
        let run = CLI.run(["run", lca, "--inputs", lcaInputs, "--trials", "3"])
        #expect(run.code == 0, "\(run.err)")
        let object = try json(run.out)
        // The model lists these output ports, in this order (Examples/lca_decision_2/model.json).
        #expect(object["columns"] as? [String]
            == ["decision.RESULT", "decision.DECISION_INDEX", "decision.DECISION_STEPS", "decision.DECISION_TIME"])
        let results = object["results"] as? [[[Double]]] ?? []
        #expect(results.count == 3 && results.allSatisfy { $0.count == 4 })
        // `learn` writes them too.
        let learn = CLI.run(["learn", Fixtures.path("m4_backprop_xor", "model.json"), "--inputs",
                             Fixtures.path("m4_backprop_xor", "inputs.json"), "--epochs", "1"])
        #expect(learn.code == 0, "\(learn.err)")
        #expect(try json(learn.out)["columns"] as? [String] == ["output.RESULT"])
    }

    @Test func csvHeadersAreUnique() throws {
        let (code, out, err) = CLI.run(["run", m3, "--inputs", m3Inputs, "--format", "csv",
                                        "--record", "output.RESULT", "--record", "hidden.RESULT"])
        #expect(code == 0, "\(err)")
        let lines = out.split(separator: "\n").map(String.init)
        let header = lines.first?.split(separator: ",").map(String.init) ?? []
        // output.RESULT is a result: written once, in the results' columns.
        #expect(header == ["trial", "output.RESULT[0]", "output.RESULT[1]"] + (0..<5).map { "hidden.RESULT[\($0)]" })
        #expect(Set(header).count == header.count)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count == header.count })
    }

    /// A CSV output as columns by header (numbers read exactly by `Double(String)`; Foundation's
    /// JSON reader on Linux may be off in the last digits).
    func csvColumns(_ text: String) -> [String: [Double]] {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        guard let header = lines.first else { return [:] }
        var columns: [String: [Double]] = [:]
        for (k, name) in header.enumerated() { columns[name] = lines.dropFirst().map { Double($0[k]) ?? .nan } }
        return columns
    }

    /// MEAN and STANDARD_DEVIATION of a TransferMechanism whose file lists no output ports,
    /// checked against the same run's RESULT values (numpy's formulas, sums in index order),
    /// in every mode; recording them leaves the results as they were.
    @Test func recordsPortsTheFileDoesNotList() throws {
        let plain = csvColumns(CLI.run(["run", m3, "--inputs", m3Inputs, "--format", "csv"]).out)
        var byMode: [[String: [Double]]] = []
        for mode in ["interpreted", "compiled", "verify"] {
            let (code, out, err) = CLI.run(["run", m3, "--inputs", m3Inputs, "--mode", mode, "--format", "csv",
                                            "--record", "hidden.MEAN", "--record", "hidden.RESULT",
                                            "--record", "output.STANDARD_DEVIATION"])
            #expect(code == 0, "\(err)")
            let c = csvColumns(out)
            #expect(c.count == 1 + 2 + 1 + 5 + 1)
            for k in 0..<2 { #expect(c["output.RESULT[\(k)]"] == plain["output.RESULT[\(k)]"]) }
            let hidden = (0..<5).map { c["hidden.RESULT[\($0)]"] ?? [] }
            let output = (0..<2).map { c["output.RESULT[\($0)]"] ?? [] }
            let mean = c["hidden.MEAN[0]"] ?? []
            let sd = c["output.STANDARD_DEVIATION[0]"] ?? []
            #expect(mean.count == 4 && sd.count == 4 && hidden.allSatisfy { $0.count == 4 })
            for t in 0..<min(mean.count, sd.count) {
                #expect(mean[t] == hidden.map { $0[t] }.reduce(0, +) / 5)
                let x = output.map { $0[t] }
                let m = x.reduce(0, +) / 2
                #expect(sd[t] == (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 2).squareRoot())
            }
            byMode.append(c)
        }
        #expect(byMode.count == 3 && byMode[0] == byMode[1] && byMode[1] == byMode[2])
        // An LCA's MAX_VS_NEXT, not in the file's output_ports: with two units, the larger
        // activation minus the smaller.
        let (code, out, err) = CLI.run(["run", lca, "--inputs", lcaInputs, "--trials", "20", "--mode", "verify",
                                        "--format", "csv", "--record", "decision.MAX_VS_NEXT"])
        #expect(code == 0, "\(err)")
        let c = csvColumns(out)
        let (r0, r1, gap) = (c["decision.RESULT[0]"] ?? [], c["decision.RESULT[1]"] ?? [], c["decision.MAX_VS_NEXT[0]"] ?? [])
        #expect(gap.count == 20 && r0.count == 20 && r1.count == 20)
        for t in 0..<min(gap.count, r0.count, r1.count) { #expect(gap[t] == max(r0[t], r1[t]) - min(r0[t], r1[t])) }
    }

    @Test func recordingAPortTheTypeLacksListsTheTypesPorts() {
        let (code, _, err) = CLI.run(["run", m3, "--inputs", m3Inputs, "--record", "hidden.ENERGY"])
        #expect(code != 0)
        #expect(err == "Error: --record hidden.ENERGY: node \"hidden\" has no output port \"ENERGY\" "
            + "(TransferMechanism's ports: RESULT, MEAN, VARIANCE, STANDARD_DEVIATION)\n")
    }

    /// `print(result)`: a header, the labels, one row per trial; a long run shows its first
    /// and last trials around "...".
    @Test func runResultDescribesItself() throws {
        let exe = try compile(APITests.model, options: CompileOptions(mode: .interpreted, record: ["hidden.RESULT"]))
        let result = try exe.run(inputs: APITests.inputs, trials: 3)
        #expect(result.resultLabels == ["out.RESULT"] && result.resultLabels == exe.resultLabels)
        let lines = result.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 5, "\(result)")
        #expect(lines.first == "RunResult: 3 trials, interpreted")
        #expect(lines[1].split(separator: " ") == ["trial", "out.RESULT", "hidden.RESULT"])
        let out = String(format: "%.6g", result.results[0][0][0])
        let hidden = (result.nodes["hidden"]?["RESULT"]?[0] ?? []).map { String(format: "%.6g", $0) }
        // Columns are separated by two spaces or more; a vector's values by ", ".
        let cells = lines[2].components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells.filter { !$0.isEmpty } == ["0", out, "[" + hidden.joined(separator: ", ") + "]"])
        let long = try exe.run(inputs: APITests.inputs, trials: 25)
        let rows = long.description.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(rows.dropFirst(2) == ["0", "1", "2", "3", "4", "5", "6", "...", "23", "24"], "\(long)")
    }
}
