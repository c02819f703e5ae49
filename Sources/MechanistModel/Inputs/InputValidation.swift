extension InputSet {
    /// Checks the inputs against a model: every key names an INPUT node (targets: a learning
    /// pathway's last node or its target), every INPUT node has inputs, and every entry has
    /// one vector per input port of the port's size with finite numbers. Errors name the
    /// file, node, trial index and field: `inputs.json: inputs.hidden[3]: expected 5 values, got 4`.
    public func validate(against model: Model) throws(ModelError) {
        let graph = try model.graph()
        do {
            try check(model, graph)
        } catch {
            throw error.inFile(path)
        }
    }

    private func check(_ model: Model, _ graph: ModelGraph) throws(ModelError) {
        let root = JSONPath()
        for name in orderedKeys(inputs, inputOrder) {
            let p = root / "inputs" / name
            guard let i = graph.indexByName[name] else {
                var hint = "INPUT nodes: " + inputNodeNames(model, graph).joined(separator: ", ")
                if let near = closestMatch(name, among: model.nodes.map(\.name)) {
                    hint = "did you mean \"\(near)\"? " + hint
                }
                throw ModelError(.unknownReference, at: p, "unknown node \"\(name)\"", hint: hint)
            }
            guard graph.isInput[i] else {
                let senders = graph.afferents[i].map { "\"\(model.nodes[$0.sender].name)\"" }
                throw ModelError(.invalidValue, at: p,
                                 "\"\(name)\" is not an INPUT node (it receives projections from "
                                 + "\(senders.joined(separator: ", ")))",
                                 hint: "INPUT nodes: " + inputNodeNames(model, graph).joined(separator: ", "))
            }
            try checkEntries(inputs[name] ?? [], sizes: graph.shapes[i].inputPorts.map(\.size), at: p)
        }
        for name in inputNodeNames(model, graph) where inputs[name] == nil {
            throw ModelError(.missingField, at: root / "inputs", "no inputs for INPUT node \"\(name)\"")
        }
        for name in orderedKeys(targets, targetOrder) {
            let p = root / "targets" / name
            guard !model.learning.isEmpty else {
                throw ModelError(.invalidValue, at: p, "the model has no learning pathway, so it takes no targets")
            }
            guard let pathway = model.learning.first(where: { $0.pathway.last == name || $0.targetName == name }),
                  let last = pathway.pathway.last, let i = graph.indexByName[last] else {
                let known = model.learning.compactMap(\.pathway.last)
                throw ModelError(.unknownReference, at: p, "no learning pathway ends in (or names its target) \"\(name)\"",
                                 hint: "targets are keyed by: " + known.joined(separator: ", "))
            }
            try checkEntries(targets[name] ?? [], sizes: [graph.shapes[i].outputPorts.first?.size ?? 0], at: p)
        }
    }

    private func checkEntries(_ entries: [[[Double]]], sizes: [Int], at path: JSONPath) throws(ModelError) {
        if entries.isEmpty {
            throw ModelError(.invalidValue, at: path, "expected a non-empty list with one entry per trial")
        }
        let shape = Self.entryShape(sizes)
        // `"input": [1, 0]` for a node of one 2-value port reads as two trials of one value
        // each; say what was meant instead of "expected 2 values, got 1" at entry 0.
        // (A single one-value entry is as likely `[[1]]`, a short vector: the plain message.)
        if sizes != [1], entries.count > 1, entries.allSatisfy({ $0.count == 1 && $0[0].count == 1 }) {
            let written = entries.prefix(6).map { Self.number($0[0][0]) } + (entries.count > 6 ? ["..."] : [])
            throw ModelError(.shapeMismatch, at: path,
                             "expected a list with one entry per trial, each entry one vector per input port: "
                             + "[\(shape)] for one trial; got \(entries.count) entries of one value each: "
                             + "[\(written.joined(separator: ", "))]",
                             hint: "a list of numbers reads as one trial per number; \(Self.portsPhrase(sizes))")
        }
        for (t, entry) in entries.enumerated() {
            let p = path / t
            if entry.count != sizes.count {
                throw ModelError(.shapeMismatch, at: p,
                                 "the node has \(sizes.count) input port\(sizes.count == 1 ? "" : "s") "
                                 + "but the entry has \(entry.count)",
                                 hint: "give \(shape), one vector per input port")
            }
            for (k, values) in entry.enumerated() {
                let q = sizes.count == 1 ? p : p / k
                if values.count != sizes[k] {
                    throw ModelError(.shapeMismatch, at: q, "expected \(sizes[k]) values, got \(values.count)",
                                     hint: "an entry is \(shape): \(Self.portsPhrase(sizes))")
                }
                if let bad = values.first(where: { !$0.isFinite }) {
                    throw ModelError(.invalidValue, at: q, "\(bad) is not a finite number")
                }
            }
        }
    }

    /// The shape of one trial's entry, with x for each value: `[x, x]` for one port of two
    /// values, `[[x, x], [x]]` for two ports.
    static func entryShape(_ sizes: [Int]) -> String {
        func vector(_ n: Int) -> String {
            "[" + (Array(repeating: "x", count: min(n, 4)) + (n > 4 ? ["... (\(n) values)"] : [])).joined(separator: ", ")
                + "]"
        }
        return sizes.count == 1 ? vector(sizes[0]) : "[" + sizes.map(vector).joined(separator: ", ") + "]"
    }

    /// "one input port of 2 values", "2 input ports of 2 and 1 values".
    static func portsPhrase(_ sizes: [Int]) -> String {
        if sizes.count == 1 { return "the node has one input port of \(sizes[0]) value\(sizes[0] == 1 ? "" : "s")" }
        return "the node has \(sizes.count) input ports of "
            + sizes.map(String.init).joined(separator: ", ") + " values"
    }

    /// A number as a file would write it (1, not 1.0).
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return x.description
    }

    private func inputNodeNames(_ model: Model, _ graph: ModelGraph) -> [String] {
        model.nodes.indices.filter { graph.isInput[$0] }.map { model.nodes[$0].name }
    }

    /// Keys in file order, then any others (added in Swift) sorted.
    private func orderedKeys(_ lists: [String: [[[Double]]]], _ order: [String]) -> [String] {
        order.filter { lists[$0] != nil } + lists.keys.filter { !order.contains($0) }.sorted()
    }
}
