/// A trained model as a model file: the file's own text with its learned matrices in place of
/// the initial ones (`mechanist learn --save`). Everything else — fields, order, learning
/// pathways — is the file's, so the saved model learns on exactly as the original would from
/// these weights, and runs with them.
package enum TrainedModel {
    /// `original`: the model file's text; `weights`: learned matrices by the names
    /// `Executable.learnedWeightNames` uses (a projection's resolved name, a recurrent node's
    /// name). A projection's `matrix` becomes the learned rows; a recurrent node's `matrix`
    /// too, and its `auto` / `hetero` go (they would take precedence over the matrix).
    /// - Throws: `ModelError` when the text is no valid model, a name matches nothing, or a
    ///   learned value is not finite (a model file cannot hold it).
    /// `state`: values to start from (the model's `state` section), among which only the
    /// model's own are kept (a recording's, such as a `--record-steps` counter, is no part of
    /// the model); none keeps the file's section, if any. `seed`, when given, replaces the file's.
    package static func text(original: String, path: String, weights: [(name: String, rows: [[Double]])],
                             state: [SavedState] = [], seed: Int? = nil) throws(ModelError) -> String {
        let model = try Model.decode(json: original, path: path)
        let root: JSONValue
        do {
            root = try JSONParser.parse(original)
        } catch {
            throw ModelError(.invalidValue, at: JSONPath(), "\(path): \(error.description)")
        }
        var projections = root["projections"].flatMap { value -> [JSONValue]? in
            if case .array(let items) = value { return items } else { return nil }
        } ?? []
        var nodes = root["nodes"].flatMap { value -> [JSONValue]? in
            if case .array(let items) = value { return items } else { return nil }
        } ?? []
        for (name, rows) in weights {
            guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
                throw ModelError(.invalidValue, at: JSONPath(), "the learned matrix \"\(name)\" holds a NaN or an "
                                 + "infinity, which a model file cannot hold", hint: "lower the learning rate")
            }
            let matrix = JSONValue.array(rows.map { .array($0.map(JSONValue.number)) })
            if let k = model.projections.firstIndex(where: { $0.resolvedName == name }), k < projections.count {
                projections[k] = projections[k].setting("matrix", to: matrix)
            } else if let k = model.nodes.firstIndex(where: { $0.name == name }), k < nodes.count {
                nodes[k] = nodes[k].setting("matrix", to: matrix).removing(["auto", "hetero"])
            } else {
                throw ModelError(.unknownReference, at: JSONPath(), "no projection or node \"\(name)\" in \(path) "
                                 + "to hold its learned matrix")
            }
        }
        var saved = root.setting("nodes", to: .array(nodes))
        if !projections.isEmpty { saved = saved.setting("projections", to: .array(projections)) }
        if let seed { saved = saved.setting("seed", to: .number(Double(seed))) }
        if !state.isEmpty {
            let own = Set(try lower(model).program.buffers.filter { $0.role == .state }.map(\.name))
            var members: [JSONMember] = []
            for entry in state where own.contains(entry.name) {
                guard entry.values.allSatisfy(\.isFinite) else {
                    throw ModelError(.invalidValue, at: JSONPath() / "state" / entry.name, "the state \"\(entry.name)\" "
                                     + "holds a NaN or an infinity, which a model file cannot hold")
                }
                members.append(JSONMember(entry.name, .array(entry.values.map(JSONValue.number))))
            }
            saved = saved.setting("state", to: .object(members))
        }
        return saved.text() + "\n"
    }
}
