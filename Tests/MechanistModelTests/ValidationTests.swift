import MechanistModel
import Testing

/// Semantic errors (`Model.validate()`, which decoding runs too): references, shapes,
/// ranges, names and cycles, each naming the JSON path.
@Suite struct ValidationTests {
    static let cases: [DecodingErrorTests.Case] = [
        .init(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "a", "type": "ProcessingMechanism"}]}"#,
              kind: .duplicateName, path: "nodes[1].name", mentions: ["duplicate node name \"a\" (also nodes[0])"]),
        .init(json: twoNodes(#""name": "p""#).replacingOccurrences(of: #""sender": "a""#, with: #""sender": "x""#),
              kind: .unknownReference, path: "projections[0].sender", mentions: ["unknown node \"x\"", "nodes: a, b"]),
        .init(json: twoNodes(#""name": "p""#).replacingOccurrences(of: #""receiver": "b""#, with: #""receiver": "bb""#),
              kind: .unknownReference, path: "projections[0].receiver", mentions: ["unknown node \"bb\"", "did you mean \"b\"?"]),
        .init(json: twoNodes(#""name": "p""#).replacingOccurrences(of: #""sender": "a""#, with: #""sender": "a.MEAN""#),
              kind: .unknownReference, path: "projections[0].sender",
              mentions: ["node \"a\" has no output port \"MEAN\"", "it has: RESULT"]),
        .init(json: twoNodes(#""name": "p""#).replacingOccurrences(of: #""receiver": "b""#, with: #""receiver": "b.InputPort-2""#),
              kind: .unknownReference, path: "projections[0].receiver",
              mentions: ["node \"b\" has no input port \"InputPort-2\"", "it has: InputPort-0"]),
        .init(json: twoNodes(#""matrix": [[1, 2]]"#), kind: .shapeMismatch, path: "projections[0].matrix",
              mentions: ["1x2 does not fit \"a\" (3 values) -> \"b\" (2 values): expected 3 rows of 2 values",
                         "rows are sender units"]),
        .init(json: twoNodes(#""matrix": [[1, 2], [3], [4, 5]]"#), kind: .shapeMismatch, path: "projections[0].matrix[1]",
              mentions: ["row 1 has 1 value but \"a\" (3 values) -> \"b\" (2 values) needs 2 in every row"]),
        .init(json: twoNodes(#""matrix": "IDENTITY""#), kind: .shapeMismatch, path: "projections[0].matrix",
              mentions: ["IDENTITY needs equal sizes", "use FULL_CONNECTIVITY"]),
        .init(json: twoNodes(#""matrix": "HOLLOW""#), kind: .shapeMismatch, path: "projections[0].matrix",
              mentions: ["HOLLOW needs equal sizes"]),
        .init(json: twoNodes(#""matrix": {"type": "RANDOM", "low": 1, "high": 0}"#), kind: .invalidValue,
              path: "projections[0].matrix", mentions: ["RANDOM low 1 is above high 0"]),
        .init(json: oneNode(#""size": -3"#), kind: .invalidValue, path: "nodes[0].size",
              mentions: ["expected a positive integer, got -3"]),
        .init(json: oneNode(#""size": 2, "max_executions_before_finished": 1000000000000000"#, type: "LCAMechanism"),
              kind: .invalidValue, path: "nodes[0].max_executions_before_finished",
              mentions: ["1000000000000000 is more executions than one trial may run (at most 1000000000",
                         "give a cap of at most 1000000000"]),
        .init(json: oneNode(#""size": 2, "default_variable": [0, 0]"#), kind: .invalidValue, path: "nodes[0]",
              mentions: ["give \"size\" or \"default_variable\", not both"]),
        .init(json: oneNode(#""integration_rate": 1.5"#), kind: .invalidValue, path: "nodes[0].integration_rate",
              mentions: ["1.5 is outside [0, 1]"]),
        .init(json: oneNode(#""size": 3, "integration_rate": [0.1, 0.2]"#), kind: .shapeMismatch,
              path: "nodes[0].integration_rate", mentions: ["2 values for 3 elements"]),
        .init(json: oneNode(#""default_variable": [[0, 0], [0]], "initial_value": [[1], [2]]"#), kind: .shapeMismatch,
              path: "nodes[0].initial_value", mentions: ["rows of sizes 1, 1 for input ports of sizes 2, 1"]),
        .init(json: oneNode(#""clip": [1, 0]"#), kind: .invalidValue, path: "nodes[0].clip",
              mentions: ["the low bound 1 is above the high bound 0", "write [low, high]"]),
        .init(json: oneNode(#""function": {"type": "Gaussian", "standard_deviation": 0}"#), kind: .invalidValue,
              path: "nodes[0].function.standard_deviation", mentions: ["expected a positive number, got 0"]),
        .init(json: oneNode(#""output_ports": ["RESULT", "MEDAIN"]"#), kind: .invalidValue, path: "nodes[0].output_ports[1]",
              mentions: ["\"MEDAIN\" is not a standard output port of a TransferMechanism", "did you mean \"MEDIAN\"?"]),
        .init(json: oneNode(#""output_ports": ["RESULT", "RESULT"]"#), kind: .duplicateName, path: "nodes[0].output_ports[1]",
              mentions: ["output port \"RESULT\" is listed twice"]),
        .init(json: oneNode(#""output_ports": []"#), kind: .invalidValue, path: "nodes[0].output_ports",
              mentions: ["expected a non-empty list"]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "b", "type": "TransferMechanism"}],
               "projections": [{"sender": "a", "receiver": "b", "name": "w"}, {"sender": "a", "receiver": "b", "name": "w"}]}
              """#, kind: .duplicateName, path: "projections[1].name",
              mentions: ["duplicate projection name \"w\" (also projections[0])"]),
        .init(json: #"{"nodes": [{"name": "o", "type": "ObjectiveMechanism", "monitor": ["z.RESULT"]}]}"#,
              kind: .unknownReference, path: "nodes[0].monitor[0]", mentions: ["unknown node \"z\" in \"z.RESULT\""]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}, {"name": "b", "type": "TransferMechanism", "size": 3},
                         {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a", "b"]}]}
              """#, kind: .shapeMismatch, path: "nodes[2].monitor",
              mentions: ["the monitored ports have sizes 2 and 3", "give a monitor entry a \"variable\""]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2}, {"name": "b", "type": "TransferMechanism", "size": 3},
                         {"name": "c", "type": "ComparatorMechanism", "sample": "a", "target": "b.RESULT"}]}
              """#, kind: .shapeMismatch, path: "nodes[2].target",
              mentions: ["TARGET \"b.RESULT\" has 3 values but SAMPLE \"a\" has 2"]),
        .init(json: #"{"nodes": [{"name": "c", "type": "ComparatorMechanism", "sample": "c"}]}"#,
              kind: .missingField, path: "nodes[0]", mentions: ["missing required field \"target\""]),
        .init(json: #"{"nodes": [{"name": "o", "type": "ObjectiveMechanism"}]}"#, kind: .missingField, path: "nodes[0]",
              mentions: ["missing required field \"monitor\""]),
        .init(json: #"{"nodes": [{"name": "o", "type": "ObjectiveMechanism", "monitor": []}]}"#, kind: .invalidValue,
              path: "nodes[0].monitor", mentions: ["expected a non-empty list"]),
        .init(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a"], "function": "Logistic"}]}"#,
              kind: .invalidValue, path: "nodes[1].function",
              mentions: ["the function of an ObjectiveMechanism must be LinearCombination, got Logistic"]),
        .init(json: #"{"nodes": [{"name": "o", "type": "ObjectiveMechanism", "monitor": ["o"]}]}"#, kind: .cycle,
              path: "nodes[0]", mentions: ["monitors itself"]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2},
                         {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a"], "default_variable": [[0], [0]]}]}
              """#, kind: .shapeMismatch, path: "nodes[1].default_variable", mentions: ["2 rows for 1 monitored ports"]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2},
                         {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a"],
                          "function": {"type": "LinearCombination", "weights": [1, 2]}}]}
              """#, kind: .shapeMismatch, path: "nodes[1].function.weights", mentions: ["2 values for 1 input ports"]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2},
                         {"name": "o", "type": "ObjectiveMechanism", "monitor": [{"port": "a", "weight": [1, 2, 3]}]}]}
              """#, kind: .shapeMismatch, path: "nodes[1].monitor[0].weight", mentions: ["3 values for a port of 2"]),
        .init(json: oneNode(#""default_variable": [[0, 0], [0]], "function": "LinearCombination""#), kind: .shapeMismatch,
              path: "nodes[0].function", mentions: ["they have sizes 2, 1"]),
        .init(json: #"""
              {"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a"]}],
               "projections": [{"sender": "a", "receiver": "o"}]}
              """#, kind: .notSupported, path: "projections[0].receiver",
              mentions: ["projections into ObjectiveMechanism \"o\" are not supported", "list the port in its \"monitor\""]),
        .init(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "o", "type": "ObjectiveMechanism", "monitor": ["a"], "roles": ["INPUT"]}]}"#,
              kind: .invalidValue, path: "nodes[1].roles", mentions: ["An ObjectiveMechanism cannot be an INPUT node"]),
        .init(json: oneNode(#""roles": ["INTERNAL", "OUTPUT"]"#), kind: .invalidValue, path: "nodes[0].roles",
              mentions: ["INTERNAL contradicts INPUT and OUTPUT"]),
        .init(json: oneNode(#""size": 1"#, extra: #""format": 2"#), kind: .invalidValue, path: "format",
              mentions: ["unknown format 2", "only format 1 exists"]),
        .init(json: #"{"nodes": []}"#, kind: .invalidValue, path: "nodes", mentions: ["a model needs at least one node"]),
        .init(json: #"{"nodes": [{"name": "", "type": "TransferMechanism"}]}"#, kind: .invalidValue, path: "nodes[0].name",
              mentions: ["a node needs a non-empty name"]),
        .init(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"b": "Always"}}"#), kind: .unknownReference,
              path: "scheduler.conditions.b", mentions: ["unknown node \"b\""]),
        .init(json: oneNode(#""size": 1"#, extra: #""scheduler": {"termination": {"trial": {"type": "WhenFinished", "node": "q"}}}"#),
              kind: .unknownReference, path: "scheduler.termination.trial.node", mentions: ["unknown node \"q\""]),
        .init(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"a": {"type": "AtTrial", "n": -1}}}"#),
              kind: .invalidValue, path: "scheduler.conditions.a.n", mentions: ["expected a non-negative integer, got -1"]),
        .init(json: twoNodes(#""name": "p""#).replacingOccurrences(of: "}]}", with: #"}], "learning": [{"pathway": ["b", "a"]}]}"#),
              kind: .invalidValue, path: "learning[0].pathway",
              mentions: ["0 projections from \"b\" to \"a\" (a learning pathway needs exactly one)"]),
        .init(json: oneNode(#""size": 1"#, extra: #""learning": [{"pathway": ["a", "zz"]}]"#), kind: .unknownReference,
              path: "learning[0].pathway[1]", mentions: ["unknown node \"zz\""]),
    ]

    @Test(arguments: cases)
    func rejectsInvalidModels(_ c: DecodingErrorTests.Case) throws {
        let error = try #require(decodeError(c.json), "accepted: \(c.json)")
        #expect(error.kind == c.kind, "\(error)")
        #expect(error.path == c.path, "\(error)")
        for text in c.mentions { #expect(error.description.contains(text), "\(error) lacks \(text)") }
        #expect(error.description.hasPrefix("model.json: "), "\(error)")
    }

    @Test func swiftBuiltModelsAreValidatedToo() throws {
        let nan = modelError { try Model(nodes: [.transfer(name: "a", function: .logistic(gain: .nan))]).validate() }
        #expect(nan?.description == "nodes[0].function.gain: nan is not a finite number")
        var node = Node.transfer(name: "a")
        node.monitor = ["a"]
        let field = modelError { try Model(nodes: [node]).validate() }
        #expect(field?.kind == .unknownField)
        #expect(field?.path == "nodes[0].monitor")
        let noise = modelError { try Model(nodes: [.transfer(name: "a", noise: [.infinity])]).validate() }
        #expect(noise?.path == "nodes[0].noise")
        let clip = modelError { try Model(nodes: [.transfer(name: "a", clip: Clip(2, 1))]).validate() }
        #expect(clip?.path == "nodes[0].clip")
        let empty = modelError { try Model(nodes: [.transfer(name: "a", defaultVariable: [])]).validate() }
        #expect(empty?.path == "nodes[0].default_variable")
        let sd = modelError {
            try Model(nodes: [.transfer(name: "a", noise: .normal(mean: 0, standardDeviation: -1))]).validate()
        }
        #expect(sd?.path == "nodes[0].noise.standard_deviation")
    }

    @Test func swiftAPIBuildsModelsPleasantly() throws {
        let model = Model(name: "chain",
                          nodes: [.transfer(name: "in", size: 3),
                                  .transfer(name: "h", size: 5, function: .logistic(gain: 1)),
                                  .processing(name: "out", size: 2, function: .tanh(gain: 2))],
                          projections: [Projection("in", "h", matrix: .random(low: -1, high: 1)),
                                        Projection("h", "out", matrix: .fullConnectivity, name: "W")])
        try model.validate()
        #expect(model.projections.map(\.resolvedName) == ["in->h", "W"])
    }
}
