import MechanistIR

extension Model {
    /// Checks everything a model must satisfy before it can be lowered, and throws the first
    /// fault as a `ModelError` naming its JSON path: field ranges, unknown nodes and ports,
    /// matrix shapes, duplicate names, cycles, scheduler and learning references.
    public func validate() throws(ModelError) {
        _ = try graph()
    }

    /// Validates and returns the resolved graph (the one `decode` validated, if kept).
    func graph() throws(ModelError) -> ModelGraph {
        if let graph = validated.graph { return graph }
        var resolver = GraphResolver(model: self)
        return try resolver.resolve()
    }
}

/// Resolves a model into a `ModelGraph`, one concern per method.
struct GraphResolver {
    let model: Model
    /// Node names to indexes (a `NameTable`: hashing each name with SipHash for a `Dictionary`
    /// was a good part of resolving a large model, issue 13).
    var index = NameTable()
    var shapes: [ModelGraph.Shape?]
    /// Nodes whose shape is being computed (an ObjectiveMechanism monitoring itself, or a
    /// loop of them, would recurse forever).
    var resolving: Set<Int> = []

    /// Per node, whether it is a learning component (role LEARNING). Stored: it is read per
    /// node, and computing it each time made resolving quadratic in the nodes (issue 13).
    let isLearning: [Bool]

    init(model: Model) {
        self.model = model
        shapes = [ModelGraph.Shape?](repeating: nil, count: model.nodes.count)
        isLearning = model.nodes.map { $0.roles?.contains(.learning) ?? false }
    }

    static func nodePath(_ i: Int) -> JSONPath { JSONPath() / "nodes" / i }

    mutating func resolve() throws(ModelError) -> ModelGraph {
        if model.format != 1 {
            throw ModelError(.invalidValue, at: JSONPath() / "format", "unknown format \(model.format)",
                             hint: "only format 1 exists")
        }
        if model.nodes.isEmpty {
            throw ModelError(.invalidValue, at: JSONPath() / "nodes", "a model needs at least one node")
        }
        if let rate = model.learningRate { try NodeChecks.finite([rate], at: JSONPath() / "learning_rate") }
        // Each node's own fields are checked on their own, in halves at once (issue 13); the
        // loop throws the first fault in node order, as checking one node at a time would.
        let nodes = model.nodes
        let faults = Array(nodes.indices).concurrentMap { i -> ModelError? in
            do throws(ModelError) {
                try NodeChecks.check(nodes[i], at: Self.nodePath(i))
                return nil
            } catch {
                return error
            }
        }
        index = NameTable(minimumCapacity: model.nodes.count)
        for (i, node) in model.nodes.enumerated() {
            if let fault = faults[i] { throw fault }
            // Inserted in node order, so a new name's index is i.
            let (inserted, first) = index.insert(node.name)
            if !inserted {
                throw ModelError(.duplicateName, at: Self.nodePath(i) / "name",
                                 "duplicate node name \"\(node.name)\" (also nodes[\(first)])")
            }
        }
        for i in model.nodes.indices { _ = try shape(of: i) }
        let final = shapes.compactMap { $0 }
        let afferents = try resolveAfferents()
        try checkMatrixSizes(final, afferents)
        try checkParameterShapes(final)
        let (order, acyclic) = executionOrder(afferents)
        let (isInput, isOutput) = roles(afferents, acyclic: acyclic)
        try checkScheduler()
        try checkLearning()
        return ModelGraph(shapes: final, indexByName: index, afferents: afferents, isInput: isInput,
                          isOutput: isOutput, isLearning: isLearning, order: order, acyclic: acyclic)
    }

    // MARK: Limits

    /// The most units a node may have.
    static let maxUnits = 1 << 24
    /// The most elements one matrix may have (2 GiB of doubles): beyond, memory runs out
    /// before anything useful runs, so say so instead.
    static let maxMatrixElements = 1 << 28

    func checkMatrixSizes(_ shapes: [ModelGraph.Shape], _ afferents: [[ModelGraph.Afferent]]) throws(ModelError) {
        for a in afferents.joined() where a.matrix != nil {
            let (elements, overflow) = a.rows.multipliedReportingOverflow(by: a.columns)
            if overflow || elements > Self.maxMatrixElements {
                throw ModelError(.invalidValue, at: a.path, "a \(a.rows)x\(a.columns) matrix is larger than "
                                 + "\(Self.maxMatrixElements) elements", hint: "use smaller layers")
            }
        }
        for (i, node) in model.nodes.enumerated()
        where node.type == .recurrentTransferMechanism || node.type == .lcaMechanism {
            let n = shapes[i].valueCount
            let (elements, overflow) = n.multipliedReportingOverflow(by: n)
            if overflow || elements > Self.maxMatrixElements {
                throw ModelError(.invalidValue, at: Self.nodePath(i) / "size", "a recurrent \(n)x\(n) matrix is "
                                 + "larger than \(Self.maxMatrixElements) elements", hint: "use a smaller layer")
            }
        }
    }

    // MARK: References

    /// The node a reference names, and the port part (a Swift-built `"a.b"` whose node is
    /// "a.b" resolves to that node without a port).
    func lookup(_ ref: PortReference) -> (node: Int, port: String?)? {
        if let i = index[ref.node] { return (i, ref.port) }
        if let port = ref.port, let i = index["\(ref.node).\(port)"] { return (i, nil) }
        return nil
    }

    func unknownNode(_ ref: PortReference, at path: JSONPath) -> ModelError {
        let names = model.nodes.map(\.name)
        var hint = "nodes: " + names.joined(separator: ", ")
        if let near = closestMatch(ref.node, among: names) { hint = "did you mean \"\(near)\"? " + hint }
        let shown = ref.port == nil ? "" : " in \"\(ref)\""
        return ModelError(.unknownReference, at: path, "unknown node \"\(ref.node)\"\(shown)", hint: hint)
    }

    /// Resolves an output port reference to (node, output port index).
    mutating func outputPort(_ ref: PortReference, at path: JSONPath) throws(ModelError) -> (node: Int, port: Int) {
        guard let (j, port) = lookup(ref) else { throw unknownNode(ref, at: path) }
        let shape = try shape(of: j)
        guard let k = ModelGraph.outputPortIndex(port, in: shape) else {
            throw ModelError(.unknownReference, at: path,
                             "node \"\(model.nodes[j].name)\" has no output port \"\(port ?? "")\"",
                             hint: "it has: " + shape.outputPorts.map(\.name).joined(separator: ", "))
        }
        return (j, k)
    }

    // MARK: Roles and order

    /// INPUT: receives nothing (or `roles` asks for it); OUTPUT: sends nothing (or `roles`
    /// asks), unless `roles` says INTERNAL. As PsyNeuLink decides TERMINAL on its flattened
    /// graph, a projection to the node itself or within its cycle does not count as sending,
    /// and a cycle member is OUTPUT only when no member of its cycle sends out of it.
    ///
    /// Learning components never count: a Comparator reading the last layer does not demote it
    /// from OUTPUT, and only a TARGET node among them is INPUT (it reads the targets).
    func roles(_ afferents: [[ModelGraph.Afferent]], acyclic: Bool) -> ([Bool], [Bool]) {
        var component = Array(model.nodes.indices)
        // An acyclic graph (see `executionOrder`) has no cycle to look for: learning
        // components, whose afferents do not count here, join none (a part of validating a
        // large model, issue 13).
        if !acyclic {
            let parents = afferents.indices.map { i in
                isLearning[i] ? [] : ConsiderationQueue.sortedUnique(afferents[i].map(\.sender).filter { $0 != i })
            }
            for members in ConsiderationQueue.cycles(parents) {
                for m in members { component[m] = members[0] }
            }
        }
        var sends = [Bool](repeating: false, count: model.nodes.count)
        for (receiver, list) in afferents.enumerated() where !isLearning[receiver] {
            for a in list where component[a.sender] != component[receiver] { sends[component[a.sender]] = true }
        }
        var isInput: [Bool] = []
        var isOutput: [Bool] = []
        for i in model.nodes.indices {
            let roles = model.nodes[i].roles ?? []
            if isLearning[i] {
                isInput.append(roles.contains(.target))
                isOutput.append(false)
                continue
            }
            isInput.append(afferents[i].isEmpty || roles.contains(.input) || roles.contains(.origin))
            let asked = roles.contains(.output) || roles.contains(.terminal)
            isOutput.append(asked || (!sends[component[i]] && !roles.contains(.internal)))
        }
        return (isInput, isOutput)
    }

    /// A topological order (model order breaks ties). Cycles are allowed: PsyNeuLink flattens
    /// each into one consideration set whose members see each other's values as at the start
    /// of the set, so a cyclic graph is ordered by its consideration sets (`ConsiderationQueue`).
    ///
    /// Kahn's algorithm with the ready nodes in a min-heap of model indices: the next node is
    /// the first in model order whose senders are all placed, at O(log n) a step.
    func executionOrder(_ afferents: [[ModelGraph.Afferent]]) -> (order: [Int], acyclic: Bool) {
        let n = model.nodes.count
        var order: [Int] = []
        let processing = isLearning.filter { !$0 }.count
        // Learning components count as placed from the start; a projection from a node to
        // itself keeps it waiting (a cycle).
        var waiting = [Int](repeating: 0, count: n)
        var receivers = [[Int]](repeating: [], count: n)
        for i in 0..<n where !isLearning[i] {
            for a in afferents[i] where !isLearning[a.sender] {
                waiting[i] += 1
                receivers[a.sender].append(i)
            }
        }
        var ready = MinHeap((0..<n).filter { !isLearning[$0] && waiting[$0] == 0 })
        while let next = ready.pop() {
            order.append(next)
            for r in receivers[next] {
                waiting[r] -= 1
                if waiting[r] == 0 { ready.push(r) }
            }
        }
        if order.count < processing {
            let senders = afferents.indices.map { isLearning[$0] ? [] : afferents[$0].map(\.sender) }
            return (ConsiderationQueue(senders: senders).excluding { isLearning[$0] }.sets.flatMap { $0 }, false)
        }
        return (order, true)
    }

    // MARK: Scheduler and learning

    func checkScheduler() throws(ModelError) {
        guard let scheduler = model.scheduler else { return }
        let base = JSONPath() / "scheduler"
        func check(_ c: Condition, at path: JSONPath) throws(ModelError) {
            // Each level checks its own node arguments, so the error names the exact field.
            for (name, field) in Self.directNodes(c, at: path) where index[name] == nil {
                throw unknownNode(PortReference(node: name), at: field)
            }
            switch c {
            case .atPass(let n), .afterPass(let n), .atTrial(let n), .afterTrial(let n),
                 .everyNCalls(_, let n), .afterNCalls(_, let n, _), .atNCalls(_, let n, _), .beforeNCalls(_, let n, _):
                if n < 0 { throw ModelError(.invalidValue, at: path / "n", "expected a non-negative integer, got \(n)") }
            case .threshold(let t):
                try NodeChecks.finite([t.threshold], at: path / "threshold")
                if !ThresholdCondition.comparators.contains(t.comparator) {
                    throw ModelError(.invalidValue, at: path / "comparator", "unknown comparator \"\(t.comparator)\"",
                                     hint: "expected one of: " + ThresholdCondition.comparators.joined(separator: " "))
                }
            case .all(let cs), .any(let cs):
                for (k, c) in cs.enumerated() { try check(c, at: path / "conditions" / k) }
            case .not(let inner):
                try check(inner, at: path / "condition")
            case .always, .never, .whenFinished, .allHaveRun:
                break
            }
        }
        for entry in scheduler.conditions {
            let p = base / "conditions" / entry.node
            if index[entry.node] == nil { throw unknownNode(PortReference(node: entry.node), at: p) }
            try check(entry.condition, at: p)
        }
        if let c = scheduler.trialTermination { try check(c, at: base / "termination" / "trial") }
        if let c = scheduler.passTermination { try check(c, at: base / "termination" / "pass") }
        for entry in scheduler.resetStatefulFunctionWhen {
            let p = base / "reset_stateful_function_when" / entry.node
            if index[entry.node] == nil { throw unknownNode(PortReference(node: entry.node), at: p) }
            try check(entry.condition, at: p)
        }
    }

    /// The node names a condition names itself (not in nested conditions), with their paths.
    static func directNodes(_ c: Condition, at path: JSONPath) -> [(String, JSONPath)] {
        switch c {
        case .always, .never, .atPass, .afterPass, .atTrial, .afterTrial, .all, .any, .not:
            return []
        case .everyNCalls(let node, _), .afterNCalls(let node, _, _), .atNCalls(let node, _, _),
             .beforeNCalls(let node, _, _), .whenFinished(let node):
            return [(node, path / "node")]
        case .allHaveRun(let nodes, _):
            return nodes.enumerated().map { ($1, path / "nodes" / $0) }
        case .threshold(let t):
            return [(t.node, path / "node")]
        }
    }

    func checkLearning() throws(ModelError) {
        for (i, pathway) in model.learning.enumerated() {
            let p = JSONPath() / "learning" / i
            if pathway.type != "backpropagation" {
                throw ModelError(.invalidValue, at: p / "type", "unknown learning type \"\(pathway.type)\"",
                                 hint: "only \"backpropagation\" exists; Hebbian learning is enable_learning "
                                     + "on a RecurrentTransferMechanism")
            }
            if pathway.pathway.count < 2 {
                throw ModelError(.invalidValue, at: p / "pathway", "expected at least two node names")
            }
            for (k, name) in pathway.pathway.enumerated() where index[name] == nil {
                throw unknownNode(PortReference(node: name), at: p / "pathway" / k)
            }
            for k in 1..<pathway.pathway.count {
                let from = pathway.pathway[k - 1], to = pathway.pathway[k]
                let count = model.projections.filter { lookup($0.sender)?.node == index[from]
                    && lookup($0.receiver)?.node == index[to] }.count
                if count != 1 {
                    throw ModelError(.invalidValue, at: p / "pathway",
                                     "\(count) projections from \"\(from)\" to \"\(to)\" "
                                     + "(a learning pathway needs exactly one)")
                }
            }
            if let rate = pathway.learningRate { try NodeChecks.finite([rate], at: p / "learning_rate") }
            if let target = pathway.target, target.isEmpty {
                throw ModelError(.invalidValue, at: p / "target", "expected a non-empty name")
            }
        }
    }
}
