import MechanistModel
import Testing

/// A one-node model whose node has `fields` (plus the model's other top-level `extra`).
func oneNode(_ fields: String, type: String = "TransferMechanism", extra: String = "") -> String {
    #"{"nodes": [{"name": "a", "type": ""# + type + #"", "# + fields + "}]" + (extra.isEmpty ? "" : ", " + extra) + "}"
}

/// A two-node model a -> b with the projection's `fields`.
func twoNodes(_ projection: String, a: String = #""size": 3"#, b: String = #""size": 2"#) -> String {
    #"{"nodes": [{"name": "a", "type": "TransferMechanism", "# + a + #"}, {"name": "b", "type": "TransferMechanism", "# + b
        + #"}], "projections": [{"sender": "a", "receiver": "b", "# + projection + "}]}"
}

/// Decoding errors: each names the file, the JSON path, what is wrong, and often the fix.
@Suite struct DecodingErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var json: String
        var kind: ModelError.Kind
        var path: String
        var mentions: [String]
        var testDescription: String { path + " " + mentions.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // Unknown fields, anywhere, with the allowed ones listed.
        Case(json: #"{"nodes": [], "colour": 1}"#, kind: .unknownField, path: "colour",
             mentions: ["unknown field \"colour\" in the model", "allowed: format, learning, learning_rate, name, nodes"]),
        Case(json: oneNode(#""sise": 3"#), kind: .unknownField, path: "nodes[0].sise",
             mentions: ["unknown field \"sise\" in a TransferMechanism node", "did you mean \"size\"?", "allowed: clip"]),
        Case(json: oneNode(#""integrator_mode": true"#, type: "ProcessingMechanism"), kind: .unknownField,
             path: "nodes[0].integrator_mode", mentions: ["in a ProcessingMechanism node"]),
        Case(json: oneNode(#""function": {"type": "Logistic", "gian": 2}"#), kind: .unknownField, path: "nodes[0].function.gian",
             mentions: ["in a Logistic function", "did you mean \"gain\"?", "allowed: bias, gain, offset, scale, type, x_0"]),
        Case(json: twoNodes(#""wieghts": 1"#), kind: .unknownField, path: "projections[0].wieghts",
             mentions: ["in a projection", "learnable, learning_rate, matrix, name, receiver, sender"]),
        Case(json: twoNodes(#""matrix": {"type": "RANDOM", "lo": 0}"#), kind: .unknownField, path: "projections[0].matrix.lo",
             mentions: ["in a RANDOM matrix", "allowed: high, low, type"]),
        Case(json: oneNode(#""noise": {"type": "NormalDist", "sigma": 1}"#), kind: .unknownField, path: "nodes[0].noise.sigma",
             mentions: ["in a NormalDist"]),
        Case(json: oneNode(#""monitor": [{"port": "a", "wieght": 2}]"#, type: "ObjectiveMechanism"), kind: .unknownField,
             path: "nodes[0].monitor[0].wieght", mentions: ["in a monitor entry", "did you mean \"weight\"?"]),
        Case(json: oneNode(#""size": 1"#, extra: #""scheduler": {"condition": {}}"#), kind: .unknownField,
             path: "scheduler.condition", mentions: ["did you mean \"conditions\"?"]),
        Case(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"a": {"type": "AtPass", "n": 1, "node": "a"}}}"#),
             kind: .unknownField, path: "scheduler.conditions.a.node", mentions: ["in an AtPass condition", "allowed: n, type"]),
        Case(json: oneNode(#""size": 1"#, extra: #""learning": [{"pathway": ["a"], "rate": 1}]"#), kind: .unknownField,
             path: "learning[0].rate", mentions: ["in a learning pathway"]),
        // Unknown types, with the known ones listed.
        Case(json: oneNode(#""size": 1"#, type: "TransferMech"), kind: .unknownType, path: "nodes[0].type",
             mentions: ["unknown node type \"TransferMech\"", "known: ComparatorMechanism, LCAMechanism"]),
        Case(json: oneNode(#""function": "Logistc""#), kind: .unknownType, path: "nodes[0].function",
             mentions: ["unknown function type \"Logistc\"", "did you mean \"Logistic\"?", "known: Exponential, Gaussian"]),
        Case(json: oneNode(#""function": {"type": "Sigmoid"}"#), kind: .unknownType, path: "nodes[0].function.type",
             mentions: ["unknown function type \"Sigmoid\""]),
        Case(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"a": {"type": "EveryNCall"}}}"#),
             kind: .unknownType, path: "scheduler.conditions.a.type", mentions: ["unknown condition \"EveryNCall\"", "did you mean \"EveryNCalls\"?"]),
        // Missing required fields.
        Case(json: #"{"name": "m"}"#, kind: .missingField, path: "", mentions: ["missing required field \"nodes\""]),
        Case(json: #"{"nodes": [{"type": "TransferMechanism"}]}"#, kind: .missingField, path: "nodes[0]",
             mentions: ["missing required field \"name\""]),
        Case(json: #"{"nodes": [{"name": "a"}]}"#, kind: .missingField, path: "nodes[0]",
             mentions: ["missing required field \"type\"", "known: ProcessingMechanism"]),
        Case(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism"}], "projections": [{"sender": "a"}]}"#,
             kind: .missingField, path: "projections[0]", mentions: ["missing required field \"receiver\""]),
        Case(json: oneNode(#""function": {"gain": 1}"#), kind: .missingField, path: "nodes[0].function",
             mentions: ["missing required field \"type\""]),
        Case(json: oneNode(#""monitor": [{"weight": 1}]"#, type: "ObjectiveMechanism"), kind: .missingField,
             path: "nodes[0].monitor[0]", mentions: ["missing required field \"port\""]),
        Case(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"a": {"type": "EveryNCalls", "n": 2}}}"#),
             kind: .missingField, path: "scheduler.conditions.a", mentions: ["missing required field \"node\""]),
        Case(json: oneNode(#""size": 1"#, extra: #""scheduler": {"conditions": {"a": "AtPass"}}"#),
             kind: .missingField, path: "scheduler.conditions.a", mentions: ["condition AtPass needs \"n\""]),
        // Wrong value types.
        Case(json: oneNode(#""function": {"type": "Logistic", "gain": "abc"}"#), kind: .wrongType,
             path: "nodes[0].function.gain", mentions: ["expected a number, got \"abc\""]),
        Case(json: oneNode(#""size": 2.5"#), kind: .wrongType, path: "nodes[0].size", mentions: ["expected an integer, got 2.5"]),
        Case(json: oneNode(#""integrator_mode": "yes""#), kind: .wrongType, path: "nodes[0].integrator_mode",
             mentions: ["expected true or false, got \"yes\""]),
        Case(json: #"{"nodes": {"a": 1}}"#, kind: .wrongType, path: "nodes", mentions: ["expected a list of nodes, got an object"]),
        Case(json: #"{"nodes": [3]}"#, kind: .wrongType, path: "nodes[0]", mentions: ["expected a node (a JSON object), got 3"]),
        Case(json: #"{"nodes": [{"name": 7, "type": "TransferMechanism"}]}"#, kind: .wrongType, path: "nodes[0].name",
             mentions: ["expected a string, got 7"]),
        Case(json: oneNode(#""clip": [0, 1, 2]"#), kind: .invalidValue, path: "nodes[0].clip",
             mentions: ["expected [low, high] (two numbers), got 3 values"]),
        Case(json: oneNode(#""noise": "lots""#), kind: .wrongType, path: "nodes[0].noise",
             mentions: ["expected a number or a list of numbers, got \"lots\""]),
        Case(json: oneNode(#""default_variable": [[1, 2], "x"]"#), kind: .wrongType, path: "nodes[0].default_variable[1]",
             mentions: ["expected a list of numbers (a row), got \"x\""]),
        Case(json: twoNodes(#""matrix": [[1, 2], [3, "x"]]"#, a: #""size": 2"#), kind: .wrongType,
             path: "projections[0].matrix[1][1]", mentions: ["expected a number, got \"x\""]),
        Case(json: twoNodes(#""matrix": 3"#), kind: .wrongType, path: "projections[0].matrix",
             mentions: ["expected a matrix (a nested list, IDENTITY, FULL_CONNECTIVITY, HOLLOW or a RANDOM object), got 3"]),
        Case(json: oneNode(#""initial_value": []"#), kind: .invalidValue, path: "nodes[0].initial_value",
             mentions: ["expected a non-empty list of numbers, got an empty list"]),
        Case(json: oneNode(#""size": 1"#, extra: #""learning": [{"pathway": ["a"], "learning_enabled": "sometimes"}]"#),
             kind: .wrongType, path: "learning[0].learning_enabled", mentions: ["expected true, false, \"online\" or \"after\""]),
        // Unknown keywords.
        Case(json: oneNode(#""function": {"type": "SoftMax", "output": "PROB"}"#), kind: .invalidValue,
             path: "nodes[0].function.output", mentions: ["unknown SoftMax output \"PROB\"", "expected one of: ALL, MAX_VAL, MAX_INDICATOR"]),
        Case(json: oneNode(#""function": {"type": "LinearCombination", "operation": "MEAN"}"#), kind: .invalidValue,
             path: "nodes[0].function.operation", mentions: ["unknown operation \"MEAN\"", "SUM, PRODUCT"]),
        Case(json: twoNodes(#""matrix": "IDENTITY_MATRIX""#), kind: .invalidValue, path: "projections[0].matrix",
             mentions: ["unknown matrix keyword \"IDENTITY_MATRIX\"", "IDENTITY, FULL_CONNECTIVITY, HOLLOW"]),
        Case(json: oneNode(#""termination_measure": "TRAIL""#), kind: .invalidValue, path: "nodes[0].termination_measure",
             mentions: ["did you mean \"TRIAL\"?"]),
        Case(json: oneNode(#""roles": ["INPUTS"]"#), kind: .invalidValue, path: "nodes[0].roles[0]",
             mentions: ["unknown role \"INPUTS\"", "did you mean \"INPUT\"?"]),
        Case(json: oneNode(#""size": 2, "threshold_criterion": "MAX""#, type: "LCAMechanism"),
             kind: .invalidValue, path: "nodes[0].threshold_criterion", mentions: ["unknown threshold_criterion \"MAX\""]),
        Case(json: oneNode(#""noise": {"type": "GammaDist"}"#), kind: .invalidValue, path: "nodes[0].noise.type",
             mentions: ["unknown noise distribution \"GammaDist\""]),
        Case(json: oneNode(#""size": 1"#, extra: #""learning": [{"pathway": ["a"], "loss": "MAE"}]"#), kind: .invalidValue,
             path: "learning[0].loss", mentions: ["unknown loss \"MAE\""]),
    ]

    @Test(arguments: cases)
    func namesThePathAndTheProblem(_ c: Case) throws {
        let error = try #require(decodeError(c.json), "decoded: \(c.json)")
        #expect(error.kind == c.kind, "\(error)")
        #expect(error.path == c.path, "\(error)")
        #expect(error.file == "model.json")
        for text in c.mentions { #expect(error.description.contains(text), "\(error) lacks \(text)") }
        let prefix = c.path.isEmpty ? "model.json: " : "model.json: \(c.path): "
        #expect(error.description.hasPrefix(prefix), "\(error)")
    }

    @Test func descriptionReadsLikeTheBrief() throws {
        let error = try #require(decodeError(#"""
            {"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "b", "type": "TransferMechanism"},
                       {"name": "c", "type": "TransferMechanism", "function": {"type": "Logistic", "gain": "abc"}}]}
            """#))
        #expect(error.description == #"model.json: nodes[2].function.gain: expected a number, got "abc""#)
    }
}
