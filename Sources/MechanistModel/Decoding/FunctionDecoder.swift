/// Decodes `function` values, `noise` and `matrix` specifications.
enum FunctionDecoder {
    /// Fields each function type accepts (besides `type`), as PsyNeuLink 0.21 names them.
    static let parameters: [String: [String]] = [
        "Linear": ["slope", "intercept", "scale", "offset"],
        "Logistic": ["gain", "bias", "x_0", "offset", "scale"],
        "Tanh": ["gain", "bias", "x_0", "offset", "scale"],
        "ReLU": ["gain", "bias", "leak", "scale", "offset"],
        "Exponential": ["rate", "bias", "scale", "offset"],
        "Gaussian": ["standard_deviation", "bias", "scale", "offset"],
        "SoftMax": ["gain", "output", "per_item"],
        "LinearCombination": ["operation", "weights", "exponents", "scale", "offset"],
        "Reduce": ["operation", "weights", "exponents", "scale", "offset"],
    ]

    /// `"Logistic"` (all defaults) or `{"type": "Logistic", "gain": 2, ...}`.
    static func function(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> TransferFunction {
        let typePath: JSONPath
        let typeName: String
        var reader: ObjectReader?
        if case .string(let s) = value {
            typeName = s
            typePath = path
        } else {
            let r = try ObjectReader(value, at: path, what: "a function (a type name or an object)")
            let known = "known: " + TransferFunction.typeNames.joined(separator: ", ")
            typeName = try Read.string(try r.required("type", hint: known), path / "type")
            typePath = path / "type"
            reader = r
        }
        guard let allowed = parameters[typeName] else {
            var hint = "known: " + TransferFunction.typeNames.joined(separator: ", ")
            if let near = closestMatch(typeName, among: TransferFunction.typeNames) {
                hint = "did you mean \"\(near)\"? " + hint
            }
            throw ModelError(.unknownType, at: typePath, "unknown function type \"\(typeName)\"", hint: hint)
        }
        try reader?.checkFields(allowed: ["type"] + allowed, of: "\(article(typeName)) \(typeName) function")
        func number(_ key: String, _ fallback: Double) throws(ModelError) -> Double {
            try reader?.optional(key, Read.number) ?? fallback
        }
        switch typeName {
        case "Linear":
            return .linear(Linear(slope: try number("slope", 1), intercept: try number("intercept", 0),
                                  scale: try number("scale", 1), offset: try number("offset", 0)))
        case "Logistic":
            return .logistic(Logistic(gain: try number("gain", 1), bias: try number("bias", 0),
                                      x0: try number("x_0", 0), offset: try number("offset", 0),
                                      scale: try number("scale", 1)))
        case "Tanh":
            return .tanh(Tanh(gain: try number("gain", 1), bias: try number("bias", 0), x0: try number("x_0", 0),
                              offset: try number("offset", 0), scale: try number("scale", 1)))
        case "ReLU":
            return .relu(ReLU(gain: try number("gain", 1), bias: try number("bias", 0), leak: try number("leak", 0),
                              scale: try number("scale", 1), offset: try number("offset", 0)))
        case "Exponential":
            return .exponential(Exponential(rate: try number("rate", 1), bias: try number("bias", 0),
                                            scale: try number("scale", 1), offset: try number("offset", 0)))
        case "Gaussian":
            return .gaussian(Gaussian(standardDeviation: try number("standard_deviation", 1),
                                      bias: try number("bias", 0), scale: try number("scale", 1),
                                      offset: try number("offset", 0)))
        case "SoftMax":
            let output = try reader?.optional("output") { (v, p) throws(ModelError) in
                try Read.keyword(v, p, allowed: SoftMax.Output.allCases.map(\.rawValue), what: "SoftMax output")
            }
            return .softMax(SoftMax(gain: try number("gain", 1),
                                    output: output.flatMap(SoftMax.Output.init(rawValue:)) ?? .all,
                                    perItem: try reader?.optional("per_item", Read.bool) ?? true))
        default:
            let operation = try reader?.optional("operation") { (v, p) throws(ModelError) in
                try Read.keyword(v, p, allowed: CombinationOperation.allCases.map(\.rawValue), what: "operation")
            }
            let op = operation.flatMap(CombinationOperation.init(rawValue:)) ?? .sum
            let weights = try reader?.optional("weights", Read.parameterValue)
            let exponents = try reader?.optional("exponents", Read.parameterValue)
            if typeName == "Reduce" {
                return .reduce(Reduce(operation: op, weights: weights, exponents: exponents,
                                      scale: try number("scale", 1), offset: try number("offset", 0)))
            }
            // A number or one value per element (checked by validation, which knows the sizes).
            let scale = try reader?.optional("scale", Read.parameterValue) ?? .scalar(1)
            let offset = try reader?.optional("offset", Read.parameterValue) ?? .scalar(0)
            return .linearCombination(LinearCombination(operation: op, weights: weights, exponents: exponents,
                                                        scale: scale, offset: offset))
        }
    }

    /// A number, a list (one per element), or `{"type": "NormalDist"|"UniformDist", ...}`.
    static func noise(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Noise {
        guard case .object = value else {
            return .constant(try Read.parameterValue(value, path))
        }
        let r = try ObjectReader(value, at: path)
        let kinds = ["NormalDist", "UniformDist"]
        let kind = try Read.keyword(try r.required("type", hint: "known: NormalDist, UniformDist"), path / "type",
                                    allowed: kinds, what: "noise distribution")
        let seed = try r.optional("seed", Read.integer)
        if kind == "NormalDist" {
            try r.checkFields(allowed: ["type", "mean", "standard_deviation", "seed"], of: "a NormalDist")
            return .normal(mean: try r.optional("mean", Read.number) ?? 0,
                           standardDeviation: try r.optional("standard_deviation", Read.number) ?? 1, seed: seed)
        }
        try r.checkFields(allowed: ["type", "low", "high", "seed"], of: "a UniformDist")
        return .uniform(low: try r.optional("low", Read.number) ?? 0, high: try r.optional("high", Read.number) ?? 1,
                        seed: seed)
    }

    static let matrixKeywords = ["IDENTITY", "FULL_CONNECTIVITY", "HOLLOW"]

    /// A nested list, `"IDENTITY"`, `"FULL_CONNECTIVITY"`, `"HOLLOW"`, or
    /// `{"type": "RANDOM", "low": l, "high": h}`.
    static func matrix(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> MatrixSpec {
        switch value {
        case .string:
            let keyword = try Read.keyword(value, path, allowed: matrixKeywords, what: "matrix keyword")
            switch keyword {
            case "IDENTITY": return .identity
            case "HOLLOW": return .hollow
            default: return .fullConnectivity
            }
        case .object:
            let r = try ObjectReader(value, at: path)
            let hint = "a matrix object is {\"type\": \"RANDOM\", \"low\": l, \"high\": h}"
            _ = try Read.keyword(try r.required("type", hint: hint), path / "type", allowed: ["RANDOM"],
                                 what: "matrix type")
            try r.checkFields(allowed: ["type", "low", "high"], of: "a RANDOM matrix")
            return .random(low: try r.optional("low", Read.number) ?? 0, high: try r.optional("high", Read.number) ?? 1)
        case .array:
            return .explicit(try Read.matrix(value, path))
        case .null, .bool, .number:
            throw ModelError(.wrongType, at: path, "expected a matrix (a nested list, IDENTITY, "
                             + "FULL_CONNECTIVITY, HOLLOW or a RANDOM object), got \(value.brief)")
        }
    }
}
