import Foundation
import Mechanist
import MechanistCommands
import Testing

/// Examples/hopfield_memory does what its README says: `mechanist learn` stores the three
/// patterns by Hebbian learning as PsyNeuLink 0.21 does (psyneulink.json: PsyNeuLink's own
/// learn and recall), and a copy of model.json holding the learned matrix completes each
/// corrupted cue of recall_inputs.json to the pattern it was made from. Both steps run through
/// the CLI in-process, as the README's commands; interpreted and compiled agree bitwise.
struct HopfieldExampleTests {
    static let folder = Fixtures.examples + "/hopfield_memory"
    static let node = "memory"

    /// PsyNeuLink's reference: psyneulink.json, written by scripts/pnl_from_model.py.
    struct Reference {
        var learnResults: [[[Double]]]
        var weights: [[Double]]
        var recallResults: [[[Double]]]

        init() throws {
            let object = try HopfieldExampleTests.object(atPath: HopfieldExampleTests.folder + "/psyneulink.json")
            let learn = object["learn"] as? [String: Any] ?? [:]
            learnResults = HopfieldExampleTests.trials(learn["results"])
            weights = HopfieldExampleTests.matrix((learn["weights"] as? [String: Any])?[HopfieldExampleTests.node])
            recallResults = HopfieldExampleTests.trials((object["recall"] as? [String: Any])?["results"])
        }
    }

    static func object(atPath path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func numbers(_ any: Any?) -> [Double] { (any as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
    static func matrix(_ any: Any?) -> [[Double]] { (any as? [Any] ?? []).map(numbers) }
    static func trials(_ any: Any?) -> [[[Double]]] { (any as? [Any] ?? []).map(matrix) }

    static func matrixMaxAbsDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a.flatMap { $0 }, b.flatMap { $0 }).map { abs($0 - $1) }.max() ?? 0
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mechanist-hopfield-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// What store_and_recall.py's write_recall_model does: model.json with "matrix" = the
    /// learned matrix, and "auto", "hetero" (which would override it) and the learning fields removed.
    static func writeRecallModel(weights: [[Double]], to path: String) throws {
        var model = try object(atPath: folder + "/model.json")
        var nodes = model["nodes"] as? [[String: Any]] ?? []
        for i in nodes.indices where nodes[i]["name"] as? String == node {
            for field in ["auto", "hetero", "enable_learning", "learning_rate", "learning_enabled"] {
                nodes[i].removeValue(forKey: field)
            }
            nodes[i]["matrix"] = weights
        }
        model["nodes"] = nodes
        try JSONSerialization.data(withJSONObject: model).write(to: URL(fileURLWithPath: path))
    }

    /// The README's steps through the CLI in one mode: the learn's output, the saved weights
    /// file's text, the learned matrix, and the recall run's results.
    struct Steps {
        var learnResults: [[[Double]]]
        var savedWeightsText: String
        var weights: [[Double]]
        var recallResults: [[[Double]]]
    }

    static func steps(mode: ExecutionMode) throws -> Steps {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let saved = dir + "/learned_weights.json", recallModel = dir + "/recall_model.json"
        let learn = CLI.run(["learn", folder + "/model.json", "--inputs", folder + "/inputs.json",
                             "--mode", mode.rawValue, "--save-weights", saved])
        try #require(learn.code == 0, "learn: \(learn.err)")
        let learned = try object(learn.out)
        let savedText = try String(contentsOfFile: saved, encoding: .utf8)
        let weights = matrix(try object(savedText)[node])
        // The learn's own `weights` output and the saved file hold the same matrix.
        #expect(matrix((learned["weights"] as? [String: Any])?[node]) == weights)
        try writeRecallModel(weights: weights, to: recallModel)
        // The recall model holds the learned matrix to the last bit (the JSON round trip).
        let check = try compile(modelAt: recallModel, options: CompileOptions(mode: .interpreted))
        #expect(try check.weight(node) == weights)
        let run = CLI.run(["run", recallModel, "--inputs", folder + "/recall_inputs.json", "--mode", mode.rawValue])
        try #require(run.code == 0, "run: \(run.err)")
        return Steps(learnResults: trials(learned["results"]), savedWeightsText: savedText, weights: weights,
                     recallResults: trials(try object(run.out)["results"]))
    }

    @Test func storesAndRecallsInBothModesAsPsyNeuLinkDoes() throws {
        let interpreted = try Self.steps(mode: .interpreted)
        let compiled = try Self.steps(mode: .compiled)
        let reference = try Reference()

        // Compiled == interpreted, bitwise: the saved file's text and every result.
        #expect(compiled.savedWeightsText == interpreted.savedWeightsText)
        #expect(bitwiseEqual(compiled.learnResults, interpreted.learnResults))
        #expect(bitwiseEqual(compiled.recallResults, interpreted.recallResults))

        // PsyNeuLink's learn and recall (1e-12: Tanh's last bits, as the conformance fixtures allow).
        let inputs = try InputSet.load(path: Self.folder + "/inputs.json")
        let stored = (inputs.inputs[Self.node] ?? []).map { $0[0] }
        try #require(stored.count == 3 && reference.learnResults.count == 3)
        #expect(maxAbsDifference(compiled.learnResults, reference.learnResults) <= 1e-12)
        #expect(Self.matrixMaxAbsDifference(compiled.weights, reference.weights) <= 1e-12)
        try #require(reference.recallResults.count == compiled.recallResults.count)
        #expect(maxAbsDifference(compiled.recallResults, reference.recallResults) <= 1e-12)

        // The learned matrix is (nearly) PsyNeuLink's Hebbian rule on the stored patterns
        // themselves, 0.02 * sum_p outer(p, p) off the diagonal: the Tanh gain of 10 saturates each
        // learning trial's output to within 2e-6 of the pattern.
        let hebb = (0..<16).map { i in
            (0..<16).map { j in i == j ? 0 : 0.02 * stored.reduce(0.0) { $0 + $1[i] * $1[j] } }
        }
        #expect(Self.matrixMaxAbsDifference(compiled.weights, hebb) <= 1e-6)

        // Recall: each cue (a stored pattern with units flipped) is followed by trials without
        // input; on the last trial of its block every unit has the stored pattern's sign.
        let recall = try InputSet.load(path: Self.folder + "/recall_inputs.json")
        let cues = (recall.inputs[Self.node] ?? []).map { $0[0] }
        let starts = cues.indices.filter { cues[$0].contains { $0 != 0 } }
        try #require(starts.count == 3 && compiled.recallResults.count == cues.count)
        func signs(_ v: [Double]) -> [Double] { v.map { $0 > 0 ? 1 : -1 } }
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : cues.count
            let pattern = stored[k]
            let flipped = zip(signs(cues[start]), pattern).filter { $0 != $1 }.count
            #expect(flipped >= 3, "cue \(k) differs from its pattern in \(flipped) units")
            let last = compiled.recallResults[end - 1][0]
            #expect(signs(last) == pattern, "cue \(k): settled to \(last), stored \(pattern)")
            #expect(last.allSatisfy { abs($0) > 0.98 }, "cue \(k): \(last)")
        }
    }
}
