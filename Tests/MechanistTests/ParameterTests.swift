import Foundation
import Mechanist
import MechanistCommands
import Testing

/// Parameters by name (`Executable.setParameter`, `--set`): for each supported name, setting
/// it on a compiled executable (then `reset()`) gives bitwise the results of compiling a model
/// file whose JSON holds that value — edited here as JSON text, not through the code under
/// test — in interpreted, compiled and verify modes, and compiled specialized too.
@Suite struct ParameterTests {
    /// One parameter change: the file, the name, the value and the same change made to the JSON.
    struct Case: CustomTestStringConvertible, Sendable {
        var directory: String
        var name: String
        var value: Double
        var trials: Int
        var edit: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { "\(directory): \(name) = \(value)" }
    }

    static func fixture(_ name: String) -> String { Fixtures.path(name, "") }
    static func example(_ name: String) -> String { Fixtures.examples + "/" + name + "/" }

    /// `json.nodes[node][key] = value` (a nested `function` key when `function` is given).
    static func setNode(_ node: Int, _ key: String, _ value: Any, function: Bool = false)
        -> @Sendable (inout [String: Any]) -> Void {
        nonisolated(unsafe) let value = value
        return { json in
            var nodes = json["nodes"] as? [[String: Any]] ?? []
            if function {
                var f = nodes[node]["function"] as? [String: Any] ?? ["type": nodes[node]["function"] as? String ?? ""]
                f[key] = value
                nodes[node]["function"] = f
            } else {
                nodes[node][key] = value
            }
            json["nodes"] = nodes
        }
    }

    static func setProjection(_ k: Int, matrix: [[Double]]) -> @Sendable (inout [String: Any]) -> Void {
        { json in
            var projections = json["projections"] as? [[String: Any]] ?? []
            projections[k]["matrix"] = matrix
            json["projections"] = projections
        }
    }

    /// `json[key] = value` (a model-level field).
    static func setModel(_ key: String, _ value: Int) -> @Sendable (inout [String: Any]) -> Void {
        { json in json[key] = value }
    }

    static let f1 = fixture("f1_functions")
    static let lca2 = example("lca_decision_2")
    static let cases: [Case] = [
        Case(directory: f1, name: "logi.function.gain", value: 0.7, trials: 3, edit: setNode(2, "gain", 0.7, function: true)),
        Case(directory: f1, name: "logi.function.x_0", value: -0.4, trials: 3, edit: setNode(2, "x_0", -0.4, function: true)),
        Case(directory: f1, name: "tanh.function.scale", value: 0.3, trials: 3, edit: setNode(3, "scale", 0.3, function: true)),
        Case(directory: f1, name: "relu.function.leak", value: 0.2, trials: 3, edit: setNode(4, "leak", 0.2, function: true)),
        Case(directory: f1, name: "expo.function.rate", value: -1.1, trials: 3, edit: setNode(5, "rate", -1.1, function: true)),
        Case(directory: f1, name: "gauss.function.standard_deviation", value: 0.45, trials: 3,
             edit: setNode(6, "standard_deviation", 0.45, function: true)),
        Case(directory: f1, name: "smax.function.gain", value: 3.5, trials: 3, edit: setNode(7, "gain", 3.5, function: true)),
        Case(directory: f1, name: "lin.function.intercept", value: 0.25, trials: 3,
             edit: setNode(1, "intercept", 0.25, function: true)),
        // A function given by its type alone: its default parameters are settable too.
        Case(directory: f1, name: "narrow.function.bias", value: 0.6, trials: 3, edit: setNode(13, "bias", 0.6, function: true)),
        Case(directory: f1, name: "integ.integration_rate", value: 0.6, trials: 4, edit: setNode(10, "integration_rate", 0.6)),
        Case(directory: f1, name: "integ.noise", value: -0.15, trials: 4, edit: setNode(10, "noise", -0.15)),
        Case(directory: f1, name: "integ.clip[1]", value: 0.55, trials: 4, edit: setNode(10, "clip", [0.2, 0.55])),
        Case(directory: f1, name: "noisy.noise[2]", value: 0.9, trials: 3, edit: setNode(11, "noise", [0.1, -0.1, 0.9])),
        Case(directory: f1, name: "relu->sum.matrix[1][2]", value: -0.75, trials: 3,
             edit: setProjection(12, matrix: [[0.5, 0.0, 0.1], [0.0, -1.0, -0.75], [0.3, 0.3, 0.3]])),
        Case(directory: lca2, name: "decision.leak", value: 0.35, trials: 6, edit: setNode(1, "leak", 0.35)),
        Case(directory: lca2, name: "decision.competition", value: 1.3, trials: 6, edit: setNode(1, "competition", 1.3)),
        Case(directory: lca2, name: "decision.self_excitation", value: 0.2, trials: 6, edit: setNode(1, "self_excitation", 0.2)),
        Case(directory: lca2, name: "decision.threshold", value: 0.7, trials: 6, edit: setNode(1, "threshold", 0.7)),
        Case(directory: lca2, name: "decision.time_step_size", value: 0.05, trials: 6, edit: setNode(1, "time_step_size", 0.05)),
        Case(directory: lca2, name: "decision.noise.standard_deviation", value: 0.2, trials: 6,
             edit: setNode(1, "noise", ["type": "NormalDist", "mean": 0.0, "standard_deviation": 0.2])),
        Case(directory: lca2, name: "decision.noise.mean", value: 0.05, trials: 6,
             edit: setNode(1, "noise", ["type": "NormalDist", "mean": 0.05, "standard_deviation": 0.5])),
        Case(directory: lca2, name: "decision.function.gain", value: 1.7, trials: 6, edit: setNode(1, "gain", 1.7, function: true)),
        Case(directory: lca2, name: "evidence->decision.matrix[0][1]", value: 0.3, trials: 6,
             edit: setProjection(0, matrix: [[1, 0.3], [0, 1]])),
        Case(directory: fixture("m1_lca4"), name: "lca.function.gain", value: 2.5, trials: 4,
             edit: setNode(0, "gain", 2.5, function: true)),
        Case(directory: fixture("r8c_rtm_auto_vector"), name: "rtm.auto[1]", value: 0.45, trials: 4,
             edit: setNode(0, "auto", [0.7, 0.45, -0.3])),
        Case(directory: fixture("r8c_rtm_auto_vector"), name: "rtm.hetero", value: 0.15, trials: 4,
             edit: setNode(0, "hetero", 0.15)),
        Case(directory: fixture("r8c_rtm_auto_vector"), name: "rtm.integration_rate", value: 0.8, trials: 4,
             edit: setNode(0, "integration_rate", 0.8)),
        Case(directory: fixture("r11_transfer_termination"), name: "tm.termination_threshold", value: 0.05, trials: 4,
             edit: setNode(0, "termination_threshold", 0.05)),
        // The seed is read when a stream draws: the LCA's noise, a RANDOM matrix (drawn when
        // the model is initialized, so by `reset()`).
        Case(directory: lca2, name: "seed", value: 7, trials: 6, edit: setModel("seed", 7)),
        Case(directory: lca2, name: "seed", value: -123_456_789, trials: 6, edit: setModel("seed", -123_456_789)),
        Case(directory: example("two_layer"), name: "seed", value: 11, trials: 3, edit: setModel("seed", 11)),
        // The integrator starts from initial_value when the model is initialized.
        Case(directory: f1, name: "integ.initial_value[1]", value: 0.4, trials: 3,
             edit: setNode(10, "initial_value", [0.1, 0.4, 0.3])),
        Case(directory: fixture("r14_cycle"), name: "A.initial_value[0]", value: -0.6, trials: 4,
             edit: setNode(1, "initial_value", [-0.6, -0.3])),
    ]

    /// The model file with `edit` applied to its JSON, written beside the test's temp files.
    static func editedModel(_ directory: String, _ edit: (inout [String: Any]) -> Void) throws -> Model {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "model.json"))
        var json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        edit(&json)
        let path = NSTemporaryDirectory() + "mechanist-parameter-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Model.load(path: path)
    }

    @Test(arguments: cases)
    func settingEqualsTheEditedFile(_ c: Case) throws {
        let inputs = try InputSet.load(path: c.directory + "inputs.json").inputs
        let original = try Model.load(path: c.directory + "model.json")
        let edited = try Self.editedModel(c.directory, c.edit)
        #expect(edited != original, "the JSON edit changed nothing")
        let expected = try edited.compile(mode: .interpreted).run(inputs: inputs, trials: c.trials).results
        for mode in [ExecutionMode.interpreted, .compiled, .verify] {
            let executable = try original.compile(mode: mode)
            try executable.setParameter(c.name, to: c.value)
            #expect(try executable.parameter(c.name) == c.value)
            try executable.reset()
            let got = try executable.run(inputs: inputs, trials: c.trials).results
            #expect(bitwiseEqual(got, expected), "\(mode)")
        }
        let specialized = try edited.compile(mode: .compiled, specialize: true).run(inputs: inputs, trials: c.trials)
        #expect(bitwiseEqual(specialized.results, expected), "specialized")
        // The model-level setting is the edited file.
        #expect(try original.setting(c.name, to: c.value) == edited)
    }

    /// A parameter the learning phase reads (the derivative's gain) follows too.
    @Test func learningFollowsAGain() throws {
        let dir = Self.fixture("m4_backprop_xor")
        let set = try InputSet.load(path: dir + "inputs.json")
        let edited = try Self.editedModel(dir, Self.setNode(1, "gain", 1.6, function: true))
        let expectedRun = try edited.compile(mode: .interpreted)
        let expected = try expectedRun.learn(inputs: set.inputs, targets: set.targets, epochs: 3)
        for mode in [ExecutionMode.interpreted, .verify] {
            let executable = try Model.load(path: dir + "model.json").compile(mode: mode)
            try executable.setParameter("hidden.function.gain", to: 1.6)
            try executable.reset()
            let got = try executable.learn(inputs: set.inputs, targets: set.targets, epochs: 3)
            #expect(bitwiseEqual(got.results, expected.results))
            #expect(try executable.weight("W1") == expectedRun.weight("W1"))
        }
    }

    /// Learning rates set on the executable: every learning mechanism's rate follows by
    /// PsyNeuLink's precedence, as in a file with that rate (the model's rate reaches only
    /// mechanisms whose projection and pathway give none).
    @Test(arguments: [("p1_xor_rate_composition", "learning_rate", 0.3),
                      ("b1_xor_rate_projection", "hidden_to_output.learning_rate", 0.7)])
    func learningRatesFollow(_ fixture: String, _ name: String, _ value: Double) throws {
        let dir = Self.fixture(fixture)
        let set = try InputSet.load(path: dir + "inputs.json")
        let original = try Model.load(path: dir + "model.json")
        let edited = try original.setting(name, to: value)
        let reference = try edited.compile(mode: .interpreted)
        let expected = try reference.learn(inputs: set.inputs, targets: set.targets, epochs: 3)
        for mode in [ExecutionMode.interpreted, .compiled, .verify] {
            let executable = try original.compile(mode: mode)
            try executable.setParameter(name, to: value)
            #expect(try executable.parameter(name) == value)
            let got = try executable.learn(inputs: set.inputs, targets: set.targets, epochs: 3)
            #expect(bitwiseEqual(got.results, expected.results), "\(mode)")
            for weight in executable.learnedWeightNames {
                #expect(try executable.weight(weight) == reference.weight(weight), "\(mode) \(weight)")
            }
        }
    }

    /// A Hebbian rate set on the executable.
    @Test func hebbianRateFollows() throws {
        let dir = Self.fixture("m6_hebbian")
        let inputs = try InputSet.load(path: dir + "inputs.json").inputs
        let original = try Model.load(path: dir + "model.json")
        let reference = try original.setting("rec.learning_rate", to: 0.02).compile(mode: .interpreted)
        let expected = try reference.learn(inputs: inputs, targets: [:], trials: 6)
        let executable = try original.compile(mode: .compiled)
        try executable.setParameter("rec.learning_rate", to: 0.02)
        let got = try executable.learn(inputs: inputs, targets: [:], trials: 6)
        #expect(bitwiseEqual(got.results, expected.results))
        #expect(try executable.weight("rec") == reference.weight("rec"))
    }

    /// Many settings on one executable: no recompilation (the same object, its compile time
    /// unchanged), and each run equals the file with that value.
    @Test func aSweepReusesOneExecutable() throws {
        let dir = Self.lca2
        let inputs = try InputSet.load(path: dir + "inputs.json").inputs
        let executable = try Model.load(path: dir + "model.json").compile(mode: .compiled)
        let compileSeconds = executable.compileSeconds
        let program = executable.program
        for leak in [0.1, 0.4] {
            try executable.setParameter("decision.leak", to: leak)
            try executable.reset()
            let got = try executable.run(inputs: inputs, trials: 4).results
            let expected = try Self.editedModel(dir, Self.setNode(1, "leak", leak)).compile(mode: .interpreted)
                .run(inputs: inputs, trials: 4).results
            #expect(bitwiseEqual(got, expected))
        }
        #expect(executable.compileSeconds == compileSeconds)
        #expect(executable.program == program)
    }

    @Test func namesAndValues() throws {
        let executable = try Model.load(path: Self.lca2 + "model.json").compile(mode: .interpreted)
        let names = executable.parameterNames
        for name in ["decision.leak", "decision.competition", "decision.self_excitation", "decision.threshold",
                     "decision.time_step_size", "decision.noise.standard_deviation", "decision.function.gain",
                     "evidence.function.slope", "evidence->decision.matrix[0][1]"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(names.contains("seed"))
        #expect(try executable.parameter("decision.leak") == 0.2)
        #expect(try executable.parameter("seed") == 2024)
        let listed = try Model.load(path: Self.lca2 + "model.json").parameters
        #expect(listed.first { $0.name == "decision.competition" }?.value == 0.8)
        #expect(listed.first { $0.name == "evidence->decision.matrix[1][1]" }?.value == 1)
    }

    /// Each bad name or value says what is wrong, and nothing changes.
    @Test(arguments: [
        ("decison.leak", "no node or projection \"decison\"; did you mean \"decision\"?"),
        ("decision.leek", "did you mean \"decision.leak\"?"),
        ("decision.size", "structural"),
        ("decision.function.output", "structural"),
        ("decision.clip[0]", "not in the model file"),
        ("decision.leak[0]", "is a number, not a list"),
        ("evidence->decision.matrix[2][0]", "out of range: \"evidence->decision.matrix\" is a 2x2 matrix"),
        ("evidence->decision.matrix", "set one entry"),
        ("evidence->decision.matrix[x]", "not a non-negative integer"),
        ("seed", "expected an integer"),
    ])
    func badNames(_ name: String, _ message: String) throws {
        let executable = try Model.load(path: Self.lca2 + "model.json").compile(mode: .interpreted)
        let before = executable.parameterNames.map { try? executable.parameter($0) }
        do {
            try executable.setParameter(name, to: 0.5)
            Issue.record("no error for \(name)")
        } catch let error as ParameterError {
            #expect(error.message.contains(message), "\(error.message)")
        }
        #expect(executable.parameterNames.map { try? executable.parameter($0) } == before)
    }

    /// A distribution's own seed, and an initial value a scheduled reset restores: set on the
    /// executable, they give the file with that value (files edited here as JSON).
    @Test(arguments: [("decision.noise.seed", 9.0), ("decision.initial_value[1]", 0.35)])
    func seedsAndInitialValuesTheFileGives(_ name: String, _ value: Double) throws {
        let dir = Self.lca2
        let inputs = try InputSet.load(path: dir + "inputs.json").inputs
        func lca(noiseSeed: Int, initial: Double) -> @Sendable (inout [String: Any]) -> Void {
            { json in
                Self.setNode(1, "noise", ["type": "NormalDist", "mean": 0.0, "standard_deviation": 0.5,
                                          "seed": noiseSeed])(&json)
                Self.setNode(1, "initial_value", [0.1, initial])(&json)
            }
        }
        let original = try Self.editedModel(dir, lca(noiseSeed: 5, initial: 0.2))
        let edited = try Self.editedModel(dir, name.hasSuffix("seed") ? lca(noiseSeed: 9, initial: 0.2)
                                                                        : lca(noiseSeed: 5, initial: value))
        let expected = try edited.compile(mode: .interpreted).run(inputs: inputs, trials: 6).results
        #expect(try !bitwiseEqual(original.compile(mode: .interpreted).run(inputs: inputs, trials: 6).results, expected))
        for mode in [ExecutionMode.interpreted, .compiled, .verify] {
            let executable = try original.compile(mode: mode)
            #expect(executable.parameterNames.contains(name))
            try executable.setParameter(name, to: value)
            #expect(try executable.parameter(name) == value)
            try executable.reset()
            #expect(bitwiseEqual(try executable.run(inputs: inputs, trials: 6).results, expected), "\(mode)")
        }
    }

    /// The seed of a model that draws no random numbers changes nothing it runs.
    @Test func anUnreadSeedIsAccepted() throws {
        let executable = try Model.load(path: Self.f1 + "model.json").compile(mode: .interpreted)
        try executable.setParameter("seed", to: 99)
        #expect(try executable.parameter("seed") == 99)
        #expect(!executable.parameterNames.contains("seed"))
    }

    @Test func badValues() throws {
        let executable = try Model.load(path: Self.lca2 + "model.json").compile(mode: .interpreted)
        #expect(throws: ParameterError.self) { try executable.setParameter("decision.leak", to: .nan) }
        #expect(throws: ParameterError.self) { try executable.setParameter("decision.leak", to: .infinity) }
        // Validation of the model with the value: a negative time step.
        #expect(throws: ModelError.self) { try executable.setParameter("decision.time_step_size", to: -1) }
        #expect(try executable.parameter("decision.time_step_size") == 0.1)
    }

    @Test func specializedRefusesAndSaysWhy() throws {
        let executable = try Model.load(path: Self.lca2 + "model.json").compile(mode: .compiled, specialize: true)
        #expect(!executable.parameterNames.contains("decision.leak"))
        #expect(executable.parameterNames.contains("evidence->decision.matrix[0][1]"))
        do {
            try executable.setParameter("decision.leak", to: 0.3)
            Issue.record("no error")
        } catch let error as ParameterError {
            #expect(error.message.contains("compiled specialized"), "\(error.message)")
        }
    }
}

/// `--set`, `--seed`, `--specialize` and `mechanist parameters`, in-process.
@Suite struct ParameterCLITests {
    static let dir = ParameterTests.example("lca_decision_2")

    /// The `results` of a run's JSON (the rest holds timings).
    static func results(_ out: String) -> String {
        guard let start = out.range(of: "\"results\""), let end = out.range(of: "\"mode\"") else { return out }
        return String(out[start.lowerBound..<end.lowerBound])
    }

    /// `--set` prints the results the edited file prints (compared as text: the writer's
    /// shortest round-trip numbers).
    @Test(arguments: ["interpreted", "compiled", "verify"])
    func setRunsTheEditedFile(_ mode: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.dir + "model.json"))
        var json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        ParameterTests.setNode(1, "competition", 1.2)(&json)
        let path = NSTemporaryDirectory() + "mechanist-set-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let common = ["--inputs", Self.dir + "inputs.json", "--trials", "5", "--mode", mode]
        let edited = CLI.run(["run", path] + common)
        let set = CLI.run(["run", Self.dir + "model.json", "--set", "decision.competition=1.2"] + common)
        let plain = CLI.run(["run", Self.dir + "model.json"] + common)
        #expect(edited.code == 0 && set.code == 0, "\(set.err)")
        #expect(Self.results(set.out) == Self.results(edited.out))
        #expect(Self.results(set.out) != Self.results(plain.out))
    }

    @Test func seedAndSpecializeChangeNothingElse() {
        let base = ["run", Self.dir + "model.json", "--inputs", Self.dir + "inputs.json", "--trials", "4"]
        let plain = CLI.run(base)
        let seeded = CLI.run(base + ["--seed", "2024"])
        let specialized = CLI.run(base + ["--specialize"])
        let other = CLI.run(base + ["--seed", "7"])
        #expect(plain.code == 0 && seeded.code == 0 && specialized.code == 0 && other.code == 0)
        #expect(Self.results(plain.out) == Self.results(seeded.out))
        #expect(Self.results(plain.out) == Self.results(specialized.out))
        // Another seed, other noise: other decision times.
        #expect(Self.results(plain.out) != Self.results(other.out))
    }

    @Test(arguments: [
        ("decison.leak=0.3", "did you mean \"decision\"?"),
        ("decision.leek=0.3", "did you mean \"decision.leak\"?"),
        ("decision.leak=abc", "\"abc\" is not a finite number"),
        ("decision.leak", "expected NAME=VALUE"),
        ("decision.size=3", "structural"),
        ("evidence->decision.matrix[5][0]=1", "out of range"),
        ("seed=1.5", "expected an integer"),
    ])
    func badSets(_ assignment: String, _ message: String) {
        let (code, _, err) = CLI.run(["run", Self.dir + "model.json", "--inputs", Self.dir + "inputs.json",
                                      "--set", assignment])
        #expect(code != 0)
        #expect(err.contains(message), "\(err)")
        #expect(err.contains("mechanist parameters MODEL") || !message.contains("did you mean"), "\(err)")
    }

    @Test func parametersListsNamesAndValues() {
        let (code, out, _) = CLI.run(["parameters", Self.dir + "model.json", "--set", "decision.leak=0.3"])
        #expect(code == 0)
        for line in ["seed = 2024", "decision.leak = 0.3", "decision.competition = 0.8", "decision.threshold = 0.85",
                     "decision.noise.standard_deviation = 0.5", "evidence->decision.matrix[0][1] = 0"] {
            #expect(out.contains(line + "\n"), "\(line)")
        }
        #expect(CLI.run(["run", "--help"]).out.contains("--set"))
    }
}
