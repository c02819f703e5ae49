/// An inputs file: per INPUT node, one entry per trial, each entry one vector per input port
/// (`inputs[node][trial][port]`); `targets` likewise for learning pathways.
///
/// File form (MODEL_FORMAT.md): `{"inputs": {"input": [[1, 0], [0, 1]]}, "targets": {...}}`.
/// An entry is a vector (a node with one input port), a list of vectors (one per port), or a
/// number (a one-element port). Trial t uses entry `t % count` of every list.
public struct InputSet: Sendable, Hashable {
    public var inputs: [String: [[[Double]]]]
    public var targets: [String: [[[Double]]]]
    /// Node names in file order (errors and iteration follow it; dictionaries do not keep it).
    public var inputOrder: [String]
    public var targetOrder: [String]
    /// The file it came from, named in errors.
    public var path: String?

    public init(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]] = [:], path: String? = nil) {
        self.inputs = inputs
        self.targets = targets
        inputOrder = inputs.keys.sorted()
        targetOrder = targets.keys.sorted()
        self.path = path
    }

    /// The number of trials a run has without `--trials`: the longest list.
    public var trialCount: Int { (Array(inputs.values) + Array(targets.values)).map(\.count).max() ?? 0 }

    /// Reads and decodes an inputs file.
    public static func load(path: String) throws(ModelError) -> InputSet {
        try decode(bytes: readFile(path), path: path)
    }

    /// Decodes an inputs file's JSON text; `path` names the file in errors.
    public static func decode(json: String, path: String? = nil) throws(ModelError) -> InputSet {
        try decode(bytes: Array(json.utf8), path: path)
    }

    static func decode(bytes: [UInt8], path: String?) throws(ModelError) -> InputSet {
        let value = try JSONParser.parse(bytes: bytes, file: path)
        do {
            let root = JSONPath()
            let r = try ObjectReader(value, at: root, what: "an inputs file")
            try r.checkFields(allowed: ["inputs", "targets"], of: "an inputs file")
            var set = InputSet(inputs: [:], path: path)
            let hint = "{\"inputs\": {\"node\": [entry per trial]}}"
            (set.inputs, set.inputOrder) = try lists(try r.required("inputs", hint: hint), root / "inputs")
            if let t = r["targets"] { (set.targets, set.targetOrder) = try lists(t, root / "targets") }
            return set
        } catch {
            throw error.inFile(path)
        }
    }

    private static func lists(_ value: JSONValue, _ path: JSONPath)
        throws(ModelError) -> ([String: [[[Double]]]], [String]) {
        let r = try ObjectReader(value, at: path, what: "an object mapping node names to lists of entries")
        var out: [String: [[[Double]]]] = [:]
        var order: [String] = []
        for member in r.members {
            let p = path / member.key
            let items = try Read.array(member.value, p, what: "a list with one entry per trial")
            if items.isEmpty {
                throw ModelError(.invalidValue, at: p, "expected a non-empty list with one entry per trial")
            }
            var entries: [[[Double]]] = []
            for (t, item) in items.enumerated() { entries.append(try entry(item, p / t)) }
            out[member.key] = entries
            order.append(member.key)
        }
        return (out, order)
    }

    /// One trial's entry: a number, a vector (one port) or a list of vectors (one per port).
    private static func entry(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [[Double]] {
        switch value {
        case .number:
            return [[try Read.number(value, path)]]
        case .array(let items):
            if items.isEmpty {
                throw ModelError(.invalidValue, at: path, "expected a vector or a list of vectors, got an empty list")
            }
            // Any nested list makes it a list of ports (a number there is a one-value port).
            if items.contains(where: { if case .array = $0 { true } else { false } }) {
                var ports: [[Double]] = []
                for (k, item) in items.enumerated() {
                    if case .number = item {
                        ports.append([try Read.number(item, path / k)])
                    } else {
                        ports.append(try Read.vector(item, path / k))
                    }
                }
                return ports
            }
            return [try Read.vector(value, path)]
        case .null, .bool, .string, .object:
            throw ModelError(.wrongType, at: path, "expected a number, a vector or a list of vectors, got \(value.brief)")
        }
    }
}
