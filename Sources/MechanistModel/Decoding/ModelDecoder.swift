#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MechanistIR

extension Model {
    /// Reads, decodes and validates a model file (JSON, format 1).
    public static func load(path: String) throws(ModelError) -> Model {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            throw ModelError(.notSupported, at: JSONPath(), "YAML model files are not supported yet",
                             hint: "write the same structure as JSON", file: path)
        }
        return try decode(bytes: readFile(path), path: path)
    }

    /// Decodes and validates a model from JSON text; `path` names the file in errors.
    public static func decode(json: String, path: String? = nil) throws(ModelError) -> Model {
        try decode(bytes: Array(json.utf8), path: path)
    }

    /// Decodes and validates a model from JSON bytes (UTF-8); `path` names the file in errors.
    public static func decode(json: Data, path: String? = nil) throws(ModelError) -> Model {
        try decode(bytes: [UInt8](json), path: path)
    }

    static func decode(bytes: [UInt8], path: String?) throws(ModelError) -> Model {
        let value = try JSONParser.parse(bytes: bytes, file: path)
        do {
            var model = try ModelDecoder.model(value)
            freedInBackground(consume value)  // the parsed text is freed while the model is validated
            // Kept, so that lowering the decoded model does not validate it again.
            model.validated = ValidatedGraph(try model.graph())
            return model
        } catch {
            throw error.inFile(path)
        }
    }
}

/// Decodes the top level of a model file.
enum ModelDecoder {
    static let fields = ["format", "name", "seed", "nodes", "projections", "scheduler", "learning", "learning_rate", "state"]

    static func model(_ value: JSONValue) throws(ModelError) -> Model {
        let root = JSONPath()
        let r = try ObjectReader(value, at: root, what: "a model")
        try r.checkFields(allowed: fields, of: "the model")
        let nodesValue = try r.required("nodes", hint: "a model needs a list of nodes")
        let items = try Read.array(nodesValue, root / "nodes", what: "a list of nodes")
        // Names first, so that port references ("a.b.RESULT") resolve against every node.
        let names = Set(items.compactMap { $0["name"].flatMap { if case .string(let s) = $0 { s } else { nil } } })
        // Nodes and projections decode independently of each other: in halves at once, for
        // a large model (issue 13).
        let nodes = try Array(items.enumerated()).concurrentMap { (i, item) throws(ModelError) in
            try NodeDecoder.node(item, root / "nodes" / i, nodeNames: names)
        }
        var projections: [Projection] = []
        if let value = r["projections"] {
            let list = try Read.array(value, root / "projections", what: "a list of projections")
            projections = try Array(list.enumerated()).concurrentMap { (i, item) throws(ModelError) in
                try projection(item, root / "projections" / i, nodeNames: names)
            }
        }
        var model = Model(nodes: nodes, projections: projections)
        model.format = try r.optional("format", Read.integer) ?? 1
        model.name = try r.optional("name", Read.string) ?? "model"
        model.seed = try r.optional("seed", Read.integer) ?? 0
        model.scheduler = try r.optional("scheduler", SchedulerDecoder.scheduler)
        model.learning = try r.optional("learning", SchedulerDecoder.learning) ?? []
        model.learningRate = try r.optional("learning_rate", Read.number)
        model.state = try r.optional("state", savedState) ?? []
        return model
    }

    /// `"state": {"node.value": [numbers], ...}`, in the file's order.
    static func savedState(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [SavedState] {
        guard case .object(let members) = value else {
            throw ModelError(.wrongType, at: path, "expected an object of state name: [numbers], got \(value.brief)",
                             hint: "mechanist learn --save TRAINED.json --save-state STATE.json writes one")
        }
        var state: [SavedState] = []
        for member in members {
            state.append(SavedState(name: member.key, values: try Read.vector(member.value, path / member.key)))
        }
        return state
    }

    static func projection(_ value: JSONValue, _ path: JSONPath, nodeNames: Set<String>) throws(ModelError) -> Projection {
        let r = try ObjectReader(value, at: path, what: "a projection")
        try r.checkFields(allowed: ["sender", "receiver", "matrix", "name", "learnable", "learning_rate"],
                          of: "a projection")
        return Projection(
            sender: try NodeDecoder.portReference(try r.required("sender"), path / "sender", nodeNames: nodeNames),
            receiver: try NodeDecoder.portReference(try r.required("receiver"), path / "receiver", nodeNames: nodeNames),
            matrix: try r.optional("matrix", FunctionDecoder.matrix),
            name: try r.optional("name", Read.string),
            learnable: try r.optional("learnable", Read.bool),
            learningRate: try r.optional("learning_rate", Read.number))
    }
}

/// The bytes of a file, or an error naming it and saying why in words (no such file, a
/// folder, no permission), not Foundation's error dump.
func readFile(_ path: String) throws(ModelError) -> [UInt8] {
    let files = FileManager.default
    if !files.fileExists(atPath: path) {
        throw ModelError(.unreadableFile, at: JSONPath(), "cannot read the file: no such file",
                         hint: path.hasPrefix("/") ? nil
                             : "a relative path is read from the current directory, \(files.currentDirectoryPath)",
                         file: path)
    }
    // Listing succeeds only for a directory (portable, unlike fileExists's isDirectory).
    if (try? files.contentsOfDirectory(atPath: path)) != nil {
        throw ModelError(.unreadableFile, at: JSONPath(), "cannot read the file: it is a directory",
                         hint: "give the JSON file in it", file: path)
    }
    if !files.isReadableFile(atPath: path) {
        throw ModelError(.unreadableFile, at: JSONPath(), "cannot read the file: permission denied", file: path)
    }
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        // Something else (an I/O error): the underlying reason is all there is to say.
        throw ModelError(.unreadableFile, at: JSONPath(), "cannot read the file: \(error)", file: path)
    }
}
