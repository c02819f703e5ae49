/// A model: PsyNeuLink-style mechanisms (nodes) joined by projections, as a format-1 model
/// file describes it (docs/MODEL_FORMAT.md).
///
/// Load one with `Model.load(path:)` / `Model.decode(json:path:)` (which validate), or build
/// one in Swift and call `validate()` (lowering validates too):
/// ```swift
/// let model = Model(name: "chain",
///                   nodes: [.transfer(name: "in", size: 3), .transfer(name: "h", size: 5, function: .logistic())],
///                   projections: [Projection("in", "h", matrix: .random(low: -1, high: 1))])
/// ```
public struct Model: Sendable, Hashable {
    /// The model file format version; only 1 exists.
    public var format: Int { didSet { validated = ValidatedGraph() } }
    public var name: String { didSet { validated = ValidatedGraph() } }
    /// Seeds every random stream of the model (RANDOM matrices, noise).
    public var seed: Int { didSet { validated = ValidatedGraph() } }
    public var nodes: [Node] { didSet { validated = ValidatedGraph() } }
    public var projections: [Projection] { didSet { validated = ValidatedGraph() } }
    /// Scheduling conditions, compiled into the trial (Scheduling/).
    public var scheduler: Scheduler? { didSet { validated = ValidatedGraph() } }
    /// Learning pathways (decoded; lowering comes with learning).
    public var learning: [LearningPathway] { didSet { validated = ValidatedGraph() } }
    /// The Composition's learning rate (a top-level `learning_rate`).
    public var learningRate: Double? { didSet { validated = ValidatedGraph() } }
    /// State the model starts from (a top-level `state`, which `mechanist learn --save
    /// --save-state` writes): values by state name (`node.value`, `node.integrator`, ...),
    /// put in place after initialization, at every reset. Empty: the initial values.
    public var state: [SavedState] = [] { didSet { validated = ValidatedGraph() } }
    /// The graph `Model.decode` validated, emptied by any change above (see `ValidatedGraph`).
    var validated = ValidatedGraph()

    public init(name: String = "model", seed: Int = 0, nodes: [Node], projections: [Projection] = [],
                scheduler: Scheduler? = nil, learning: [LearningPathway] = [], learningRate: Double? = nil,
                format: Int = 1) {
        self.format = format
        self.name = name
        self.seed = seed
        self.nodes = nodes
        self.projections = projections
        self.scheduler = scheduler
        self.learning = learning
        self.learningRate = learningRate
    }

    /// The node named `name`.
    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }
}

/// One state buffer's values in a model file's `state` section (`Model.state`).
public struct SavedState: Sendable, Hashable {
    /// The state's name, as `Executable.stateNames` lists it.
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
