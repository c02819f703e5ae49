import MechanistIR

extension GraphResolver {
    /// Every node's afferents: projections in model order, then an ObjectiveMechanism's
    /// monitored ports and a ComparatorMechanism's SAMPLE and TARGET.
    mutating func resolveAfferents() throws(ModelError) -> [[ModelGraph.Afferent]] {
        var afferents = [[ModelGraph.Afferent]](repeating: [], count: model.nodes.count)
        // Afferent names, with each one's path at the same index (a `NameTable`: a SipHash
        // dictionary of paths was a good part of validating 100,000 projections, issue 13).
        var names = NameTable(minimumCapacity: model.projections.count)
        var paths: [JSONPath] = []
        paths.reserveCapacity(model.projections.count)
        for result in resolvedProjections() {
            let (receiver, a) = try result.get()
            let (inserted, index) = names.insert(a.name)
            if !inserted {
                throw ModelError(.duplicateName, at: a.path / "name",
                                 "duplicate projection name \"\(a.name)\" (also \(paths[index]))",
                                 hint: "projection names must be unique: weights are read and set by name")
            }
            paths.append(a.path)
            afferents[receiver].append(a)
        }
        for (i, node) in model.nodes.enumerated() {
            let path = Self.nodePath(i)
            switch node.type {
            case .objectiveMechanism:
                // Room for every monitored port at once: an afferent is a large value, and
                // growing a list of 100,000 of them copied it some 17 times (issue 13).
                afferents[i].reserveCapacity(afferents[i].count + (node.monitor?.count ?? 0))
                for (k, m) in (node.monitor ?? []).enumerated() {
                    var a = try monitorAfferent(m, of: i, port: k, at: path / "monitor" / k)
                    // Monitor projections have no name field: make the default unique.
                    var unique = a.name
                    var n = 1
                    while !names.insert(unique).inserted {
                        unique = "\(a.name)[\(n)]"
                        n += 1
                    }
                    a.name = unique
                    paths.append(a.path)
                    afferents[i].append(a)
                }
            case .comparatorMechanism:
                for (k, (ref, field)) in [(node.sample, "sample"), (node.target, "target")].enumerated() {
                    guard let ref else { continue }
                    let p = path / field
                    let (j, q) = try outputPort(ref, at: p)
                    let size = try shape(of: j).outputPorts[q].size
                    // PsyNeuLink's default identity projections: a direct read, no weights.
                    afferents[i].append(ModelGraph.Afferent(
                        origin: k == 0 ? .sample : .target, path: p, sender: j, senderPort: q, receiverPort: k,
                        rows: size, columns: size, matrix: nil, name: "\(ref)->\(node.name)"))
                }
            case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism,
                 .learningMechanism, .autoAssociativeLearningMechanism:
                // A LearningMechanism reads its activations and errors directly (LearningLowering).
                break
            }
        }
        return afferents
    }

    /// Every projection's receiving node and afferent, or its fault: in halves at once for a
    /// large model (issue 13). The caller throws the first fault in projection order, as
    /// resolving one at a time would.
    /// - Precondition: every node's shape is known (resolving then reads shapes, never
    ///   computes one, so each half's copy of the resolver has all it needs).
    func resolvedProjections() -> [Result<(Int, ModelGraph.Afferent), ModelError>] {
        let count = model.projections.count, middle = count / 2
        // One copy of the resolver per half: a copy per projection retained its tables each
        // time, from both threads at once.
        let halves = count >= 4096 ? [0..<middle, middle..<count] : [0..<count]
        let resolver = self
        return halves.concurrentMap(minimumCount: 2) { range in
            var resolver = resolver
            return range.map { p in
                Result { () throws(ModelError) in
                    try resolver.projectionAfferent(resolver.model.projections[p], at: JSONPath() / "projections" / p,
                                                    index: p)
                }
            }
        }.flatMap { $0 }
    }

    /// A projection's receiving node and afferent.
    mutating func projectionAfferent(_ projection: Projection, at path: JSONPath, index p: Int)
        throws(ModelError) -> (Int, ModelGraph.Afferent) {
        let (j, q) = try outputPort(projection.sender, at: path / "sender")
        guard let (r, port) = lookup(projection.receiver) else {
            throw unknownNode(projection.receiver, at: path / "receiver")
        }
        let receiver = model.nodes[r]
        switch receiver.type {
        case .objectiveMechanism:
            throw ModelError(.notSupported, at: path / "receiver",
                             "projections into ObjectiveMechanism \"\(receiver.name)\" are not supported",
                             hint: "list the port in its \"monitor\" instead")
        case .comparatorMechanism:
            throw ModelError(.notSupported, at: path / "receiver",
                             "projections into ComparatorMechanism \"\(receiver.name)\" are not supported",
                             hint: "name the port in its \"sample\" or \"target\" instead")
        case .learningMechanism, .autoAssociativeLearningMechanism:
            throw ModelError(.notSupported, at: path / "receiver",
                             "projections into \(receiver.type.rawValue) \"\(receiver.name)\" are not supported",
                             hint: "a learning pathway connects its LearningMechanisms itself")
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            break
        }
        let receiverShape = try shape(of: r)
        guard let k = ModelGraph.inputPortIndex(port, in: receiverShape) else {
            throw ModelError(.unknownReference, at: path / "receiver",
                             "node \"\(receiver.name)\" has no input port \"\(port ?? "")\"",
                             hint: "it has: " + receiverShape.inputPorts.map(\.name).joined(separator: ", "))
        }
        let rows = try shape(of: j).outputPorts[q].size
        let columns = receiverShape.inputPorts[k].size
        let matrix = try checkedMatrix(projection.matrix, rows: rows, columns: columns,
                                       from: "\"\(projection.sender)\" (\(rows) values)",
                                       to: "\"\(projection.receiver)\" (\(columns) values)", at: path / "matrix")
        if let rate = projection.learningRate { try NodeChecks.finite([rate], at: path / "learning_rate") }
        let name = projection.resolvedName
        if name.isEmpty { throw ModelError(.invalidValue, at: path / "name", "expected a non-empty name") }
        return (r, ModelGraph.Afferent(origin: .projection(p), path: path, sender: j, senderPort: q,
                                       receiverPort: k, rows: rows, columns: columns, matrix: matrix, name: name))
    }

    mutating func monitorAfferent(_ m: MonitorSpec, of i: Int, port k: Int, at path: JSONPath)
        throws(ModelError) -> ModelGraph.Afferent {
        let (j, q) = try outputPort(m.port, at: path)
        let rows = try shape(of: j).outputPorts[q].size
        let shape = try shape(of: i)
        let columns = shape.inputPorts[k].size
        let name = model.nodes[i].name
        let matrix = try checkedMatrix(m.matrix, rows: rows, columns: columns, from: "\"\(m.port)\" (\(rows) values)",
                                       to: "\"\(name)\" port \(k) (\(columns) values)", at: path / "matrix")
        for (field, value) in [("weight", m.weight), ("exponent", m.exponent)] {
            if case .vector(let v)? = value, v.count != columns {
                throw ModelError(.shapeMismatch, at: path / field,
                                 "\(v.count) values for a port of \(columns) (give a number or one per element)")
            }
        }
        return ModelGraph.Afferent(origin: .monitor(k), path: path, sender: j, senderPort: q, receiverPort: k,
                                   rows: rows, columns: columns, matrix: matrix, name: "\(m.port)->\(model.nodes[i].name)")
    }

    /// The matrix spec (default: identity for equal sizes, all ones otherwise), checked to
    /// fit rows (sender) x columns (receiver).
    /// `from` and `to`, which only errors spell, are built only for one (issue 13: per
    /// projection they were a good part of validating a large model).
    func checkedMatrix(_ spec: MatrixSpec?, rows: Int, columns: Int, from: @autoclosure () -> String,
                       to: @autoclosure () -> String, at path: JSONPath) throws(ModelError) -> MatrixSpec {
        guard let spec else { return rows == columns ? .identity : .fullConnectivity }
        switch spec {
        case .explicit(let m):
            // A ragged matrix of the right number of rows: name the row of the wrong length.
            if m.count == rows, Set(m.map(\.count)).count > 1, let r = m.firstIndex(where: { $0.count != columns }) {
                throw ModelError(.shapeMismatch, at: path / r,
                                 "row \(r) has \(m[r].count) value\(m[r].count == 1 ? "" : "s") but \(from()) -> \(to()) "
                                 + "needs \(columns) in every row (\(rows) rows of \(columns) values)",
                                 hint: "rows are sender units, columns receiver units")
            }
            if m.count != rows || m.contains(where: { $0.count != columns }) {
                let got = m.count == 0 ? "an empty matrix" :
                    "\(m.count)x\(m.first?.count ?? 0)" + (m.allSatisfy { $0.count == m[0].count } ? "" : " (ragged)")
                throw ModelError(.shapeMismatch, at: path,
                                 "\(got) does not fit \(from()) -> \(to()): expected \(rows) rows of \(columns) values",
                                 hint: "rows are sender units, columns receiver units")
            }
            try NodeChecks.finite(m.flatMap { $0 }, at: path)
        case .identity, .hollow:
            if rows != columns {
                throw ModelError(.shapeMismatch, at: path,
                                 "\(spec.keyword ?? "") needs equal sizes, but \(from()) -> \(to())",
                                 hint: "use FULL_CONNECTIVITY or an explicit matrix")
            }
        case .fullConnectivity:
            break
        case .random(let low, let high):
            try NodeChecks.finite([low, high], at: path)
            if low > high {
                throw ModelError(.invalidValue, at: path,
                                 "RANDOM low \(JSONValue.format(low)) is above high \(JSONValue.format(high))")
            }
        }
        return spec
    }
}
