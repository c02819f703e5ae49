import Foundation
import MechanistModel
import Testing

/// Every field of the format decodes into the Swift model it describes.
@Suite struct DecodingTests {
    static let everything = #"""
    {
     "format": 1, "name": "everything", "seed": 42, "learning_rate": 0.2,
     "nodes": [
      {"name": "in", "type": "TransferMechanism", "default_variable": [[0, 0], [0, 0, 0]],
       "function": {"type": "Logistic", "gain": 2, "bias": 0.5, "x_0": 0.25, "offset": -1, "scale": 3},
       "integrator_mode": true, "integration_rate": 0.3, "initial_value": [[1, 2], [3, 4, 5]],
       "noise": [0.1, 0.2, 0.3, 0.4, 0.5], "clip": [-1, 1], "execute_until_finished": false,
       "max_executions_before_finished": 10, "termination_threshold": 0.01, "termination_measure": "TRIAL",
       "output_ports": ["RESULT", "MEAN"], "roles": ["INPUT"]},
      {"name": "p", "type": "ProcessingMechanism", "size": 2, "function": "Tanh"},
      {"name": "rtm", "type": "RecurrentTransferMechanism", "size": 2,
       "function": {"type": "ReLU", "gain": 2, "bias": 0.1, "leak": 0.01, "scale": 1.5, "offset": 0.5},
       "matrix": "HOLLOW", "auto": 0.5, "hetero": -0.1, "has_recurrent_input_port": true,
       "combination_function": {"type": "LinearCombination", "operation": "PRODUCT"}, "enable_learning": true,
       "learning_rate": 0.1, "learning_enabled": false,
       "noise": {"type": "NormalDist", "mean": 0.5, "standard_deviation": 2, "seed": 3}},
      {"name": "lca", "type": "LCAMechanism", "size": 2, "leak": 0.4, "competition": 0.9, "self_excitation": 0.1,
       "time_step_size": 0.05, "threshold": 0.8, "threshold_criterion": "MAX_VS_NEXT",
       "noise": {"type": "UniformDist", "low": -1, "high": 1}, "max_executions_before_finished": 50,
       "output_ports": ["RESULT", "DECISION_STEPS"]},
      {"name": "obj", "type": "ObjectiveMechanism",
       "monitor": ["p", {"port": "in.RESULT", "weight": [1, 2], "exponent": 2, "matrix": [[1, 0], [0, 1]], "variable": [0, 0]}],
       "function": {"type": "LinearCombination", "operation": "SUM", "weights": [1, -1], "exponents": [[1], [2]],
                    "scale": 2, "offset": 1}},
      {"name": "cmp", "type": "ComparatorMechanism", "sample": "p.RESULT", "target": "rtm",
       "output_ports": ["OUTCOME", "SSE"], "roles": ["OUTPUT"]},
      {"name": "e", "type": "ProcessingMechanism", "function": {"type": "Exponential", "rate": 2, "bias": 1, "scale": 3, "offset": 4}},
      {"name": "g", "type": "ProcessingMechanism",
       "function": {"type": "Gaussian", "standard_deviation": 2, "bias": 1, "scale": 3, "offset": 4}},
      {"name": "s", "type": "TransferMechanism", "size": 3,
       "function": {"type": "SoftMax", "gain": 2, "output": "MAX_INDICATOR", "per_item": false}},
      {"name": "r", "type": "TransferMechanism", "size": 3,
       "function": {"type": "Reduce", "operation": "PRODUCT", "weights": [1, 2, 3], "exponents": 2, "scale": 2, "offset": 1}},
      {"name": "l", "type": "TransferMechanism", "function": {"type": "Linear", "slope": 2, "intercept": 1, "scale": 3, "offset": 4}}
     ],
     "projections": [
      {"sender": "in", "receiver": "p", "matrix": "IDENTITY", "name": "in->p", "learnable": false, "learning_rate": 0.5},
      {"sender": "in.MEAN", "receiver": "rtm", "matrix": {"type": "RANDOM", "low": -0.5, "high": 0.5}},
      {"sender": "rtm", "receiver": "lca.InputPort-0", "matrix": "FULL_CONNECTIVITY"},
      {"sender": "p", "receiver": "e"},
      {"sender": "p", "receiver": "g", "matrix": [[1], [2]]},
      {"sender": "lca", "receiver": "s"},
      {"sender": "s", "receiver": "r"},
      {"sender": "r", "receiver": "l"}
     ],
     "scheduler": {
      "conditions": {
       "p": {"type": "EveryNCalls", "node": "in", "n": 2},
       "e": "Always",
       "g": {"type": "All", "conditions": [{"type": "AtPass", "n": 0}, {"type": "Not", "condition": {"type": "AfterTrial", "n": 3}}]},
       "s": {"type": "Any", "conditions": [{"type": "WhenFinished", "node": "lca"},
                                           {"type": "AfterNCalls", "node": "lca", "n": 2, "time_scale": "TRIAL"},
                                           {"type": "AtNCalls", "node": "in", "n": 1},
                                           {"type": "BeforeNCalls", "node": "in", "n": 5},
                                           {"type": "AfterPass", "n": 1}, {"type": "AtTrial", "n": 0}, "Never",
                                           {"type": "AllHaveRun", "nodes": ["in"], "time_scale": "PASS"}]},
       "r": {"type": "Threshold", "node": "lca", "parameter": "value", "threshold": 0.5, "comparator": ">=",
             "indices": [0, 1], "atol": 0.001, "rtol": 0.01}
      },
      "termination": {"trial": {"type": "AllHaveRun"}, "pass": {"type": "AtPass", "n": 3}},
      "reset_stateful_function_when": {"lca": {"type": "AtTrial", "n": 2}}
     },
     "learning": [{"type": "backpropagation", "pathway": ["r", "l"], "learning_rate": 0.5, "loss": "SSE",
                   "learning_enabled": "online", "target": "l_t"}]
    }
    """#

    static var expected: Model {
        var input = Node.transfer(name: "in", defaultVariable: [[0, 0], [0, 0, 0]],
                                  function: .logistic(gain: 2, bias: 0.5, x0: 0.25, offset: -1, scale: 3),
                                  integratorMode: true, integrationRate: 0.3, initialValue: .matrix([[1, 2], [3, 4, 5]]),
                                  noise: [0.1, 0.2, 0.3, 0.4, 0.5], clip: Clip(-1, 1), outputPorts: ["RESULT", "MEAN"],
                                  roles: [.input])
        input.executeUntilFinished = false
        input.maxExecutionsBeforeFinished = 10
        input.terminationThreshold = 0.01
        input.terminationMeasure = .timeScale(.trial)
        var rtm = Node.recurrentTransfer(
            name: "rtm", size: 2, function: .relu(gain: 2, bias: 0.1, leak: 0.01, scale: 1.5, offset: 0.5),
            recurrent: RecurrentParameters(matrix: .hollow, auto: 0.5, hetero: -0.1, hasRecurrentInputPort: true,
                                           combinationFunction: .linearCombination(operation: .product),
                                           enableLearning: true, learningRate: 0.1, learningEnabled: false))
        rtm.noise = .normal(mean: 0.5, standardDeviation: 2, seed: 3)
        var lca = Node.lca(name: "lca", size: 2,
                           lca: LCAParameters(leak: 0.4, competition: 0.9, selfExcitation: 0.1, timeStepSize: 0.05,
                                              threshold: 0.8, thresholdCriterion: .maxVsNext),
                           outputPorts: ["RESULT", "DECISION_STEPS"])
        lca.noise = .uniform(low: -1, high: 1)
        // (termination_measure with threshold_criterion is an error, as in PsyNeuLink.)
        lca.maxExecutionsBeforeFinished = 50
        let nodes: [Node] = [
            input,
            .processing(name: "p", size: 2, function: .tanh()),
            rtm,
            lca,
            .objective(name: "obj",
                       monitor: ["p", MonitorSpec("in.RESULT", weight: [1, 2], exponent: 2, matrix: .explicit([[1, 0], [0, 1]]),
                                                  variable: [0, 0])],
                       function: .linearCombination(operation: .sum, weights: [1, -1], exponents: .matrix([[1], [2]]),
                                                    scale: 2, offset: 1)),
            .comparator(name: "cmp", sample: "p.RESULT", target: "rtm", outputPorts: ["OUTCOME", "SSE"], roles: [.output]),
            .processing(name: "e", function: .exponential(rate: 2, bias: 1, scale: 3, offset: 4)),
            .processing(name: "g", function: .gaussian(standardDeviation: 2, bias: 1, scale: 3, offset: 4)),
            .transfer(name: "s", size: 3, function: .softMax(gain: 2, output: .maxIndicator, perItem: false)),
            .transfer(name: "r", size: 3, function: .reduce(operation: .product, weights: [1, 2, 3], exponents: 2,
                                                            scale: 2, offset: 1)),
            .transfer(name: "l", function: .linear(slope: 2, intercept: 1, scale: 3, offset: 4)),
        ]
        let projections = [
            Projection(sender: "in", receiver: "p", matrix: .identity, name: "in->p", learnable: false, learningRate: 0.5),
            Projection("in.MEAN", "rtm", matrix: .random(low: -0.5, high: 0.5)),
            Projection("rtm", "lca.InputPort-0", matrix: .fullConnectivity),
            Projection("p", "e"),
            Projection("p", "g", matrix: .explicit([[1], [2]])),
            Projection("lca", "s"),
            Projection("s", "r"),
            Projection("r", "l"),
        ]
        let scheduler = Scheduler(
            conditions: [
                NodeCondition(node: "p", condition: .everyNCalls(node: "in", n: 2)),
                NodeCondition(node: "e", condition: .always),
                NodeCondition(node: "g", condition: .all([.atPass(0), .not(.afterTrial(3))])),
                NodeCondition(node: "s", condition: .any([
                    .whenFinished(node: "lca"), .afterNCalls(node: "lca", n: 2, timeScale: .trial),
                    .atNCalls(node: "in", n: 1, timeScale: nil), .beforeNCalls(node: "in", n: 5, timeScale: nil),
                    .afterPass(1), .atTrial(0), .never, .allHaveRun(nodes: ["in"], timeScale: .pass),
                ])),
                NodeCondition(node: "r", condition: .threshold(ThresholdCondition(
                    node: "lca", parameter: "value", threshold: 0.5, comparator: ">=", indices: [0, 1], atol: 0.001,
                    rtol: 0.01))),
            ],
            trialTermination: .allHaveRun(nodes: [], timeScale: nil), passTermination: .atPass(3),
            resetStatefulFunctionWhen: [NodeCondition(node: "lca", condition: .atTrial(2))])
        let learning = [LearningPathway(pathway: ["r", "l"], learningRate: 0.5, loss: .sse, learningEnabled: .online,
                                        target: "l_t")]
        return Model(name: "everything", seed: 42, nodes: nodes, projections: projections, scheduler: scheduler,
                     learning: learning, learningRate: 0.2)
    }

    @Test func decodesEveryField() throws {
        let decoded = try Model.decode(json: Self.everything, path: "everything.json")
        let expected = Self.expected
        #expect(decoded.nodes.count == expected.nodes.count)
        for (d, e) in zip(decoded.nodes, expected.nodes) { #expect(d == e, "node \(e.name)") }
        for (d, e) in zip(decoded.projections, expected.projections) { #expect(d == e) }
        #expect(decoded.scheduler == expected.scheduler)
        #expect(decoded.learning == expected.learning)
        #expect(decoded == expected)
        try expected.validate()
    }

    @Test func appliesDefaultsForOmittedFields() throws {
        let model = try Model.decode(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism", "function": "Logistic"}]}"#)
        #expect(model.format == 1 && model.name == "model" && model.seed == 0)
        #expect(model.projections.isEmpty && model.learning.isEmpty && model.scheduler == nil)
        #expect(model.nodes[0] == .transfer(name: "a", function: .logistic(gain: 1, bias: 0, x0: 0, offset: 0, scale: 1)))
    }

    @Test func bareFunctionNamesMeanPsyNeuLinkDefaults() throws {
        let cases: [(String, TransferFunction)] = [
            ("Linear", .linear(slope: 1, intercept: 0)), ("Logistic", .logistic(gain: 1)), ("Tanh", .tanh(gain: 1)),
            ("ReLU", .relu(gain: 1, bias: 0, leak: 0)), ("Exponential", .exponential(rate: 1)),
            ("Gaussian", .gaussian(standardDeviation: 1)), ("SoftMax", .softMax(gain: 1, output: .all, perItem: true)),
            ("LinearCombination", .linearCombination(operation: .sum)), ("Reduce", .reduce(operation: .sum)),
        ]
        for (name, function) in cases {
            let json = #"{"nodes": [{"name": "a", "type": "TransferMechanism", "function": ""# + name + #""}]}"#
            #expect(try Model.decode(json: json).nodes[0].function == function, "\(name)")
        }
    }

    /// A bare condition name means the condition with its defaults: "AllHaveRun" was once
    /// read as "Never", so a trial ran 100,000 passes.
    @Test func bareConditionNamesMeanTheirDefaults() throws {
        func termination(_ text: String) throws -> Condition? {
            try Model.decode(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism"}], "#
                + #""scheduler": {"termination": {"trial": \#(text)}}}"#).scheduler?.trialTermination
        }
        #expect(try termination(#""AllHaveRun""#) == .allHaveRun(nodes: [], timeScale: nil))
        #expect(try termination(#""Always""#) == .always)
        #expect(try termination(#""Never""#) == .never)
        #expect(throws: ModelError.self) { try termination(#""AtPass""#) }
    }

    @Test func portReferencesResolveAgainstDottedNodeNames() throws {
        let model = try Model.decode(json: #"""
            {"nodes": [{"name": "a.b", "type": "TransferMechanism"}, {"name": "c", "type": "TransferMechanism"}],
             "projections": [{"sender": "a.b.RESULT", "receiver": "c"}, {"sender": "a.b", "receiver": "c", "name": "second"}]}
            """#)
        #expect(model.projections[0].sender == PortReference(node: "a.b", port: "RESULT"))
        #expect(model.projections[1].sender == PortReference(node: "a.b"))
        #expect(model.projections[0].resolvedName == "a.b.RESULT->c")
        // A Swift string literal splits at the last dot; validation still finds node "a.b".
        let built = Model(nodes: [.transfer(name: "a.b"), .transfer(name: "c")], projections: [Projection("a.b", "c")])
        try built.validate()
    }

    @Test func decodesFromDataAndFiles() throws {
        let model = try Model.load(path: Fixtures.path("m3_transfer_chain", "model.json"))
        #expect(model.name == "m3_plain")
        #expect(model.nodes.map(\.name) == ["input", "hidden", "output"])
        #expect(model.projections.map(\.resolvedName) == ["W_ih", "W_ho"])
        guard case .explicit(let w)? = model.projections[0].matrix else {
            Issue.record("expected an explicit matrix")
            return
        }
        #expect(w[0] == [-0.8287, -0.5264, 0.6025, 0.1643, -0.8117])
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("m7_objective", "model.json")))
        #expect(try Model.decode(json: data, path: "m7.json") == (try Model.load(path: Fixtures.path("m7_objective", "model.json"))))
        let bad = modelError { _ = try Model.decode(json: Data("{\"nodes\": 3}".utf8), path: "d.json") }
        #expect(bad?.description == "d.json: nodes: expected a list of nodes, got 3")
        let missing = modelError { _ = try Model.load(path: "/nonexistent/model.json") }
        #expect(missing?.kind == .unreadableFile)
        #expect(missing?.description == "/nonexistent/model.json: cannot read the file: no such file")
        // Foundation's error text stays out; a relative path says where it was looked for.
        let relative = modelError { _ = try InputSet.load(path: "no-such-inputs.json") }
        #expect(relative?.kind == .unreadableFile)
        #expect(relative?.description.hasPrefix("no-such-inputs.json: cannot read the file: no such file "
            + "(a relative path is read from the current directory, ") == true, "\(String(describing: relative))")
        let folder = modelError { _ = try Model.load(path: Fixtures.path("m7_objective", "")) }
        #expect(folder?.description.contains("cannot read the file: it is a directory (give the JSON file in it)") == true,
                "\(String(describing: folder))")
        let yaml = modelError { _ = try Model.load(path: "model.yaml") }
        #expect(yaml?.kind == .notSupported)
    }
}
