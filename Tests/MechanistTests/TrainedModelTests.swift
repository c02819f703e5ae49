import Foundation
import Mechanist
import MechanistCommands
import Testing

/// `mechanist learn --save FILE`: the model file with the learned matrices in place of the
/// initial ones. Its runs are the runs of the learned weights, computed by another path (the
/// learning executable itself, or a fresh one given the weights by `setWeight`).
struct TrainedModelTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mechanist-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// XOR (no state): running the saved model equals running the learning executable after
    /// its learn, and learning on from the saved model equals learning on in the process.
    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func backpropagationRoundTrip(mode: ExecutionMode) throws {
        let model = Fixtures.path("m4_backprop_xor", "model.json")
        let set = try InputSet.load(path: Fixtures.path("m4_backprop_xor", "inputs.json"))
        let saved = try Self.folder() + "/trained.json"
        let (code, _, err) = CLI.run(["learn", model, "--inputs", Fixtures.path("m4_backprop_xor", "inputs.json"),
                                      "--epochs", "20", "--mode", mode.rawValue, "--save", saved])
        #expect(code == 0, "\(err)")
        let learner = try compile(modelAt: model, options: CompileOptions(mode: mode))
        _ = try learner.learn(inputs: set.inputs, targets: set.targets, epochs: 20)
        let trained = try compile(modelAt: saved, options: CompileOptions(mode: mode))
        for name in ["W1", "W2"] { #expect(try trained.weight(name) == learner.weight(name)) }
        #expect(try trained.run(inputs: set.inputs).results == learner.run(inputs: set.inputs).results)
        let more = try trained.learn(inputs: set.inputs, targets: set.targets, epochs: 5)
        #expect(more.results == (try learner.learn(inputs: set.inputs, targets: set.targets, epochs: 5)).results)
    }

    /// Hebbian: the learned recurrent matrix replaces `matrix` (and `auto`/`hetero` go); a run
    /// of the saved model equals a fresh executable of the original given that matrix.
    @Test func hebbianRoundTrip() throws {
        let model = Fixtures.path("m6_hebbian", "model.json")
        let inputs = try InputSet.load(path: Fixtures.path("m6_hebbian", "inputs.json")).inputs
        let saved = try Self.folder() + "/trained.json"
        let (code, _, err) = CLI.run(["learn", model, "--inputs", Fixtures.path("m6_hebbian", "inputs.json"),
                                      "--epochs", "3", "--save", saved])
        #expect(code == 0, "\(err)")
        let learner = try compile(modelAt: model, options: CompileOptions(mode: .interpreted))
        _ = try learner.learn(inputs: inputs, targets: [:], epochs: 3)
        let fresh = try compile(modelAt: model, options: CompileOptions(mode: .interpreted))
        try fresh.setWeight("rec", try learner.weight("rec"))
        let trained = try compile(modelAt: saved, options: CompileOptions(mode: .compiled))
        #expect(try trained.weight("rec") == learner.weight("rec"))
        #expect(try trained.run(inputs: inputs).results == fresh.run(inputs: inputs).results)
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!text.contains("\"auto\"") && !text.contains("\"hetero\""))
    }

    @Test func saveRefusesValuesTheFileDoesNotHold() {
        let model = Fixtures.path("m4_backprop_xor", "model.json")
        let (code, _, err) = CLI.run(["learn", model, "--inputs", Fixtures.path("m4_backprop_xor", "inputs.json"),
                                      "--save", "/tmp/x.json", "--set", "hidden.function.gain=2"])
        #expect(code != 0)
        #expect(err.contains("--save") && err.contains("--set") && !err.contains("Usage"), "\(err)")
    }
}
