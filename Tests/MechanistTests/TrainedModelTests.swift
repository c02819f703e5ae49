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

    /// A model whose state carries over trials (a noisy integrator feeding a Hebbian RTM):
    /// `--save` with `--save-state` writes the state into the file, and a run of the saved
    /// model continues bit for bit where the learn stopped: the learning executable's own
    /// next run is the reference. `--seed` is written into the file.
    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func theSavedStateContinuesTheLearn(mode: ExecutionMode) throws {
        let dir = try Self.folder()
        let model = dir + "/model.json"
        try #"""
        {"format": 1, "name": "stateful", "seed": 3,
         "nodes": [
          {"name": "in", "type": "ProcessingMechanism", "size": 2},
          {"name": "leaky", "type": "TransferMechanism", "size": 2, "integrator_mode": true, "integration_rate": 0.3,
           "noise": {"type": "NormalDist", "standard_deviation": 0.1}},
          {"name": "rec", "type": "RecurrentTransferMechanism", "size": 2, "function": {"type": "Logistic"},
           "enable_learning": true, "learning_rate": 0.1}],
         "projections": [{"sender": "in", "receiver": "leaky"}, {"sender": "leaky", "receiver": "rec"}]}
        """#.write(toFile: model, atomically: true, encoding: .utf8)
        let inputs = dir + "/inputs.json"
        try #"{"inputs": {"in": [[0.5, -0.25], [1.0, 0.75]]}}"#.write(toFile: inputs, atomically: true, encoding: .utf8)
        let saved = dir + "/trained.json"
        let (code, _, err) = CLI.run(["learn", model, "--inputs", inputs, "--trials", "5", "--seed", "11",
                                      "--mode", mode.rawValue, "--save", saved, "--save-state", dir + "/state.json"])
        #expect(code == 0, "\(err)")
        let input: [String: [[[Double]]]] = ["in": [[[0.5, -0.25]], [[1.0, 0.75]]]]
        let learner = try compile(try Model.load(path: model).setting("seed", to: 11), options: CompileOptions(mode: mode))
        _ = try learner.learn(inputs: input, targets: [:], trials: 5)
        let trained = try compile(modelAt: saved, options: CompileOptions(mode: mode))
        let next = try learner.run(inputs: input, trials: 4)
        let continued = try trained.run(inputs: input, trials: 4)
        #expect(continued.results == next.results)
        #expect(try trained.state("leaky.value") == learner.state("leaky.value"))
        // Without the state section the saved model starts from the initial state instead.
        let fresh = try compile(modelAt: model, options: CompileOptions(mode: mode))
        #expect(try fresh.run(inputs: input, trials: 4).results != continued.results)
        // reset() returns to the saved state, not to the original initial one.
        try trained.reset()
        #expect(try trained.run(inputs: input, trials: 4).results == continued.results)
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("\"state\"") && text.contains("\"seed\": 11"), "\(text)")
    }

    @Test func aStateSectionThatDoesNotFitIsRefused() throws {
        let base = #"{"format": 1, "nodes": [{"name": "t", "type": "TransferMechanism", "size": 2, "integrator_mode": true}], "state": "#
        let unknown = try #require(Self.modelError(base + #"{"t.valu": [1, 2]}}"#))
        #expect(unknown.contains("t.valu") && unknown.contains("did you mean"), "\(unknown)")
        let short = try #require(Self.modelError(base + #"{"t.value": [1]}}"#))
        #expect(short.contains("t.value") && short.contains("2 value(s)"), "\(short)")
        let twice = try #require(Self.modelError(base + #"{"t.value": [1, 2], "t.value": [1, 2]}}"#))
        #expect(twice.contains("duplicate key \"t.value\""), "\(twice)")
    }

    /// The message of the error compiling this model text, if any.
    static func modelError(_ text: String) -> String? {
        do {
            _ = try compile(try Model.decode(json: text, path: "m.json"), options: CompileOptions(mode: .interpreted))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func saveRefusesValuesTheFileDoesNotHold() {
        let model = Fixtures.path("m4_backprop_xor", "model.json")
        let (code, _, err) = CLI.run(["learn", model, "--inputs", Fixtures.path("m4_backprop_xor", "inputs.json"),
                                      "--save", "/tmp/x.json", "--set", "hidden.function.gain=2"])
        #expect(code != 0)
        #expect(err.contains("--save") && err.contains("--set") && !err.contains("Usage"), "\(err)")
    }
}

/// `--save-state` / `--load-state`: a noisy LCA run in two processes (two CLI calls) equals the
/// same two runs in one executable, its noise counters and integrators carried across.
struct StateFileTests {
    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func aSimulationContinuesAcrossProcesses(mode: ExecutionMode) throws {
        let dir = try TrainedModelTests.folder()
        let model = Fixtures.examples + "/lca_decision_2/model.json"
        let inputs = dir + "/inputs.json"
        try #"{"inputs": {"evidence": [[1.2, 0.4]]}}"#.write(toFile: inputs, atomically: true, encoding: .utf8)
        let saved = dir + "/state.json"
        let first = CLI.run(["run", model, "--inputs", inputs, "--trials", "3", "--mode", mode.rawValue,
                             "--save-state", saved, "--format", "csv"])
        #expect(first.0 == 0, "\(first.2)")
        let second = CLI.run(["run", model, "--inputs", inputs, "--trials", "3", "--mode", mode.rawValue,
                              "--load-state", saved, "--format", "csv"])
        #expect(second.0 == 0, "\(second.2)")
        // The reference: one executable, two runs.
        let exe = try compile(modelAt: model, options: CompileOptions(mode: mode))
        let input: [String: [[[Double]]]] = ["evidence": [[[1.2, 0.4]]]]
        let one = try exe.run(inputs: input, trials: 3)
        let two = try exe.run(inputs: input, trials: 3)
        #expect(one.results != two.results)
        let csv = CLI.run(["run", model, "--inputs", inputs, "--trials", "3", "--format", "csv"]).1
        let fresh = try compile(modelAt: model, options: CompileOptions(mode: mode))
        #expect(try fresh.run(inputs: input, trials: 3).results == one.results)
        #expect(first.1 == csv)
        // The continued run's values, read back from its CSV: the reference's second run.
        let rows = second.1.split(separator: "\n").dropFirst().map { $0.split(separator: ",").dropFirst().map { Double($0) } }
        let expected = two.results.map { $0.flatMap { $0 } }
        #expect(rows.map { $0.compactMap { $0 } }.map { Array($0.prefix(expected[0].count)) } == expected)
        // A snapshot through the API restores the same way.
        let api = try compile(modelAt: model, options: CompileOptions(mode: mode))
        _ = try api.run(inputs: input, trials: 3)
        let snapshot = api.snapshot()
        let other = try compile(modelAt: model, options: CompileOptions(mode: mode))
        try other.restore(snapshot)
        #expect(try other.run(inputs: input, trials: 3).results == two.results)
    }

    /// A Hebbian learn continued across two CLI calls: the learned matrix and the recurrent
    /// output travel in the state file, and the second learn equals a second learn in-process.
    @Test func aLearnContinuesAcrossProcesses() throws {
        let dir = try TrainedModelTests.folder()
        let model = Fixtures.path("m6_hebbian", "model.json")
        let inputs = Fixtures.path("m6_hebbian", "inputs.json")
        let saved = dir + "/state.json"
        let first = CLI.run(["learn", model, "--inputs", inputs, "--trials", "3", "--save-state", saved])
        #expect(first.0 == 0, "\(first.2)")
        let second = CLI.run(["learn", model, "--inputs", inputs, "--trials", "3", "--load-state", saved,
                              "--format", "csv", "--mode", "verify"])
        #expect(second.0 == 0, "\(second.2)")
        let set = try InputSet.load(path: inputs)
        let exe = try compile(modelAt: model, options: CompileOptions(mode: .interpreted))
        _ = try exe.learn(inputs: set.inputs, targets: [:], trials: 3)
        let two = try exe.learn(inputs: set.inputs, targets: [:], trials: 3)
        let rows = second.1.split(separator: "\n").dropFirst().map { $0.split(separator: ",").dropFirst().compactMap { Double($0) } }
        #expect(rows == two.results.map { $0.flatMap { $0 } })
    }

    @Test func aStateFileOfAnotherModelIsRefused() throws {
        let dir = try TrainedModelTests.folder()
        let saved = dir + "/state.json"
        try #"{"state": {"nowhere.value": [1]}}"#.write(toFile: saved, atomically: true, encoding: .utf8)
        let (code, _, err) = CLI.run(["run", Fixtures.path("m3_transfer_chain", "model.json"), "--inputs",
                                      Fixtures.path("m3_transfer_chain", "inputs.json"), "--load-state", saved])
        #expect(code != 0)
        #expect(err.contains("--load-state") && err.contains("nowhere.value"), "\(err)")
    }
}
