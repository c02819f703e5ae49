extension Model {
    /// Whether `learn` has something to train: a learning pathway, or a RecurrentTransferMechanism
    /// or LCAMechanism with `enable_learning` (Hebbian).
    public var hasLearning: Bool {
        !learning.isEmpty || nodes.contains { ($0.type == .recurrentTransferMechanism || $0.type == .lcaMechanism)
            && ($0.recurrent?.enableLearning ?? false) }
    }

    /// This model with its learning pathways turned into nodes, as PsyNeuLink's
    /// `add_backpropagation_learning_pathway` builds them: per pathway a TARGET node (named
    /// `<last node>_target` unless `target` names it), a ComparatorMechanism (the pathway's
    /// OBJECTIVE, `<last node>_comparator`, or `<target>_comparator` when `target` is given)
    /// with OUTCOME, SUM, SSE and MSE ports; and one LearningMechanism per MappingProjection of the
    /// pathways (`<projection>_learning`), shared where pathways share a projection.
    ///
    /// The result has no `learning` left: the nodes carry it (roles TARGET, LEARNING_OBJECTIVE,
    /// LEARNING), so lowering never sees a pathway. Learning nodes come after the model's
    /// own, LearningMechanisms ordered so that each comes after every one it takes errors from
    /// (the order of the learning phase). Validates the model first.
    public func expandingLearning() throws(ModelError) -> Model {
        guard hasLearning else { return self }
        let graph = try self.graph()
        var expansion = LearningExpansion(model: self, graph: graph)
        try expansion.expand()
        return expansion.result
    }
}

/// Builds the learning nodes of `Model.expandingLearning()`, one concern per method.
struct LearningExpansion {
    let model: Model
    let graph: ModelGraph
    /// The model being built: the original with learning nodes appended.
    var result: Model
    /// LearningMechanism specs by projection name, in creation order.
    private var mechanisms: [(name: String, spec: LearningMechanismSpec)] = []
    private var names: Set<String>
    /// Per last node of a pathway, its TARGET node and Comparator: pathways that end in the
    /// same node share them, as PsyNeuLink's `_terminal_backprop_sequences` does.
    private var objectives: [String: (target: String, comparator: String)] = [:]

    init(model: Model, graph: ModelGraph) {
        self.model = model
        self.graph = graph
        result = model
        result.learning = []
        names = Set(model.nodes.map(\.name))
    }

    mutating func expand() throws(ModelError) {
        for (p, pathway) in model.learning.enumerated() {
            try expand(pathway, at: JSONPath() / "learning" / p)
        }
        for (name, spec) in learningPhaseOrder() {
            var node = Node(name: name, type: .learningMechanism, roles: [.learning])
            node.learningMechanism = spec
            result.nodes.append(node)
        }
        try expandHebbian()
    }

    /// One AutoAssociativeLearningMechanism `<mechanism>_learning` per RecurrentTransferMechanism
    /// or LCAMechanism with `enable_learning` (PsyNeuLink's `_instantiate_learning_mechanism`).
    private mutating func expandHebbian() throws(ModelError) {
        for (i, node) in model.nodes.enumerated() {
            guard node.type == .recurrentTransferMechanism || node.type == .lcaMechanism,
                  let r = node.recurrent, r.enableLearning ?? false else { continue }
            let name = "\(node.name)_learning"
            guard !names.contains(name) else {
                throw ModelError(.duplicateName, at: JSONPath() / "nodes" / i / "enable_learning",
                                 "enable_learning needs a node named \"\(name)\", which the model already has",
                                 hint: "rename that node")
            }
            names.insert(name)
            var learner = Node(name: name, type: .autoAssociativeLearningMechanism, roles: [.learning])
            learner.autoAssociative = AutoAssociativeSpec(
                mechanism: node.name, learningRate: r.learningRate ?? .scalar(AutoAssociativeSpec.defaultRate),
                enabled: r.learningEnabled ?? true, learningRateGiven: r.learningRate != nil)
            result.nodes.append(learner)
        }
    }

    private mutating func expand(_ pathway: LearningPathway, at path: JSONPath) throws(ModelError) {
        let nodes = pathway.pathway
        guard let last = nodes.last, let lastIndex = graph.indexByName[last] else { return }
        let comparatorName: String
        if let shared = objectives[last] {
            comparatorName = shared.comparator
        } else {
            let targetName = pathway.targetName
            comparatorName = pathway.target.map { "\($0)_comparator" } ?? "\(last)_comparator"
            try claim(targetName, at: path / (pathway.target == nil ? "pathway" : "target"))
            try claim(comparatorName, at: path / "pathway")
            objectives[last] = (targetName, comparatorName)
            let size = graph.shapes[lastIndex].outputPorts.first?.size ?? 0
            result.nodes.append(.processing(name: targetName, size: size, roles: [.target, .learning]))
            result.nodes.append(.comparator(name: comparatorName, sample: PortReference(node: last),
                                            target: PortReference(node: targetName),
                                            outputPorts: ["OUTCOME", "SUM", "SSE", "MSE"],
                                            roles: [.learningObjective, .learning]))
        }
        let defaultRate = pathway.learningRate ?? model.learningRate ?? LearningMechanismSpec.defaultRate
        let enabled = pathway.learningEnabled ?? .on
        // Last projection first: its error is the comparator's; each earlier one takes the
        // error of the next, as PsyNeuLink chains them.
        var next: (node: String, projection: String)?
        for k in stride(from: nodes.count - 1, through: 1, by: -1) {
            guard let projection = projection(from: nodes[k - 1], to: nodes[k]) else { continue }
            let name = projection.resolvedName
            let source: LearningErrorSource = next.map { .learningMechanism(node: $0.node, projection: $0.projection) }
                ?? .objective(comparator: comparatorName, loss: pathway.loss ?? .mse)
            let lm = try mechanism(for: projection, defaultRate: defaultRate, enabled: enabled, at: path)
            if !mechanisms[lm].spec.errorSources.contains(source) {
                mechanisms[lm].spec.errorSources.append(source)
            }
            next = (mechanisms[lm].name, name)
        }
    }

    /// The index of the LearningMechanism of `projection`, created on first use.
    private mutating func mechanism(for projection: Projection, defaultRate: Double,
                                    enabled: LearningPathway.Enabled, at path: JSONPath) throws(ModelError) -> Int {
        let name = projection.resolvedName
        if let k = mechanisms.firstIndex(where: { $0.spec.projection == name }) { return k }
        let lmName = "\(name)_learning"
        try claim(lmName, at: path / "pathway")
        mechanisms.append((lmName, LearningMechanismSpec(
            projection: name, activationInput: projection.sender, activationOutput: projection.receiver,
            errorSources: [], ownLearningRate: projection.learningRate, defaultLearningRate: defaultRate,
            enabled: enabled, learnable: projection.learnable ?? true)))
        return mechanisms.count - 1
    }

    /// The one projection from `sender` to `receiver` (validation checked there is exactly one).
    private func projection(from sender: String, to receiver: String) -> Projection? {
        model.projections.first { p in
            graph.node(of: p.sender) == graph.indexByName[sender] && graph.node(of: p.receiver) == graph.indexByName[receiver]
        }
    }

    /// Reserves a generated node name; a clash with a node of the model (or another learning
    /// node) is an error naming the pathway.
    private mutating func claim(_ name: String, at path: JSONPath) throws(ModelError) {
        guard !names.contains(name) else {
            throw ModelError(.duplicateName, at: path,
                             "the learning pathway needs a node named \"\(name)\", which the model already has",
                             hint: "rename that node, or name the pathway's TARGET node with \"target\"")
        }
        names.insert(name)
    }

    /// LearningMechanisms in an order where each follows every mechanism it takes errors from
    /// (creation order breaks ties); the learning graph is acyclic as pathways are.
    private func learningPhaseOrder() -> [(name: String, spec: LearningMechanismSpec)] {
        var placed = Set<String>()
        var order: [(name: String, spec: LearningMechanismSpec)] = []
        var remaining = mechanisms
        while !remaining.isEmpty {
            let k = remaining.firstIndex { m in
                m.spec.errorSources.allSatisfy { source in
                    switch source {
                    case .objective: return true
                    case .learningMechanism(let node, _): return placed.contains(node)
                    }
                }
            } ?? 0  // a cycle cannot arise from pathways; keep going rather than loop
            placed.insert(remaining[k].name)
            order.append(remaining.remove(at: k))
        }
        return order
    }
}

extension ModelGraph {
    /// The node a reference names (a dotted node name without port included).
    func node(of ref: PortReference) -> Int? {
        if let i = indexByName[ref.node] { return i }
        if let port = ref.port { return indexByName["\(ref.node).\(port)"] }
        return nil
    }
}
