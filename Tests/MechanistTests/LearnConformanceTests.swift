import Foundation
import Mechanist
import Testing

/// Every fixture PsyNeuLink 0.21 produced with `Composition.learn` (`"run": {"kind": "learn"}`),
/// in every mode: the outputs of each trial (before its weight changes) and the learned
/// matrices after the last trial.
struct LearnConformanceTests {
    static let fixtures = ConformanceTests.allFixtures.filter { $0.kind == .learn }

    static let cases: [(String, String, String, ExecutionMode)] = fixtures.flatMap { f in
        ExecutionMode.allCases.map { (f.model, f.file, f.expected, $0) }
    }

    /// Weight values x trials the interpreted and verify modes learn at most: the debug-build
    /// interpreter takes about 3 ms per 1,000 weights per trial, so m5 (9,472 weights, 1,000
    /// trials) learns 105 trials there and is compared in full compiled.
    static let interpretedBudget = 1_000_000

    /// What a learn fixture's expected.json holds.
    struct ExpectedLearn {
        var epochs: Int?
        /// The run-time rate given to `learn()` (`mechanist learn --learning-rate`).
        var learningRate: Double?
        var trials: Int
        var results: [[[Double]]]
        var weights: [String: [[Double]]]
        var nodes: [String: [String: [[Double]]]]

        init(path: String) throws {
            let expected = try Expected(path: path)
            let object = try FixtureJSON.load(path)
            let run = object["run"]
            epochs = run?["epochs"].flatMap(FixtureJSON.number).map { Int($0) }
            learningRate = run?["learning_rate"].flatMap(FixtureJSON.number)
            trials = expected.trials
            results = expected.results
            nodes = expected.nodes
            weights = [:]
            for member in FixtureJSON.members(object["weights"]) {
                weights[member.key] = FixtureJSON.list(member.value).map(FixtureJSON.numbers)
            }
        }
    }

    @Test("learns as PsyNeuLink 0.21 does", arguments: cases)
    func learnsAsPsyNeuLink(model: String, file: String, expectedFile: String, mode: ExecutionMode) throws {
        let expected = try ExpectedLearn(path: Fixtures.path(model, expectedFile))
        let inputs = try InputSet.load(path: Fixtures.path(model, "inputs.json"))
        let records = expected.nodes.flatMap { node, ports in ports.keys.map { PortReference(node: node, port: $0) } }
        let executable = try compile(modelAt: Fixtures.path(model, file), options: CompileOptions(mode: mode, record: records))
        #expect(Set(executable.learnedWeightNames) == Set(expected.weights.keys))
        let weightCount = try executable.learnedWeightNames.map { try executable.weight($0).joined().count }.reduce(0, +)
        let limit = mode == .compiled ? expected.trials : max(Self.interpretedBudget / max(weightCount, 1), 1)
        let result = limit >= expected.trials
            ? try executable.learn(inputs: inputs.inputs, targets: inputs.targets, epochs: expected.epochs,
                                   trials: expected.epochs == nil ? expected.trials : nil,
                                   learningRate: expected.learningRate)
            : try executable.learn(inputs: inputs.inputs, targets: inputs.targets, trials: limit,
                                   learningRate: expected.learningRate)
        let trials = min(limit, expected.trials)
        #expect(result.trials == trials)
        // As for runs (ConformanceTests): numpy's summation order differs from ours in the last
        // bits; over a learn these differences feed back through the weights, and stay below
        // 1e-15 on these fixtures. 1e-12 leaves room for that and nothing else.
        #expect(maxAbsDifference(result.results, Array(expected.results.prefix(trials))) <= 1e-12)
        for (node, ports) in expected.nodes {
            for (port, values) in ports {
                let ours = result.nodes[node]?[port] ?? []
                #expect(maxAbsDifference([ours], [Array(values.prefix(trials))]) <= 1e-12, "\(node).\(port)")
            }
        }
        guard trials == expected.trials else { return }
        for (name, matrix) in expected.weights {
            #expect(maxAbsDifference([try executable.weight(name)], [matrix]) <= 1e-12, "\(name)")
        }
    }
}
