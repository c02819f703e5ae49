/// One mechanism of a model: a node of the composition.
///
/// Fields are PsyNeuLink 0.21's constructor arguments; nil means "not given" (PsyNeuLink's
/// default applies), so a decoded file round-trips. Which fields a type accepts is checked by
/// decoding (unknown fields) and by `Model.validate()` (for models built in Swift).
/// Build nodes with `.transfer(...)`, `.processing(...)`, `.objective(...)`, `.comparator(...)`.
public struct Node: Sendable, Hashable {
    /// The largest `max_executions_before_finished` a model may give: a billion executions in one
    /// trial is minutes of compiled steps, and a cap beyond (PsyNeuLink's `sys.maxsize`, a user's
    /// 1e15) would only make an unreachable threshold run for days instead of answering.
    public static let maxExecutionsLimit = 1_000_000_000

    // The fields live in one shared, copy-on-write box: lowering and validation copy a node
    // (a value) many times, and copying some thirty fields, each retained, was a good part of
    // checking a 100,000-node model (issue 13). A copy is now one retain.
    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    public var name: String {
        get { storage.fields.name }
        set { makeUnique(); storage.fields.name = newValue }
    }
    public var type: NodeType {
        get { storage.fields.type }
        set { makeUnique(); storage.fields.type = newValue }
    }

    // Shape: `size` (one input port) or `defaultVariable` (one row per input port).
    public var size: Int? {
        get { storage.fields.size }
        set { makeUnique(); storage.fields.size = newValue }
    }
    public var defaultVariable: [[Double]]? {
        get { storage.fields.defaultVariable }
        set { makeUnique(); storage.fields.defaultVariable = newValue }
    }

    public var function: TransferFunction? {
        get { storage.fields.function }
        set { makeUnique(); storage.fields.function = newValue }
    }
    /// Standard output port names (`RESULT`, `MEAN`, `OUTCOME`, `SSE`, ...), in order.
    public var outputPorts: [String]? {
        get { storage.fields.outputPorts }
        set { makeUnique(); storage.fields.outputPorts = newValue }
    }
    public var roles: [NodeRole]? {
        get { storage.fields.roles }
        set { makeUnique(); storage.fields.roles = newValue }
    }

    // TransferMechanism and subclasses.
    public var integratorMode: Bool? {
        get { storage.fields.integratorMode }
        set { makeUnique(); storage.fields.integratorMode = newValue }
    }
    public var integrationRate: ParameterValue? {
        get { storage.fields.integrationRate }
        set { makeUnique(); storage.fields.integrationRate = newValue }
    }
    public var initialValue: ParameterValue? {
        get { storage.fields.initialValue }
        set { makeUnique(); storage.fields.initialValue = newValue }
    }
    public var noise: Noise? {
        get { storage.fields.noise }
        set { makeUnique(); storage.fields.noise = newValue }
    }
    public var clip: Clip? {
        get { storage.fields.clip }
        set { makeUnique(); storage.fields.clip = newValue }
    }
    public var executeUntilFinished: Bool? {
        get { storage.fields.executeUntilFinished }
        set { makeUnique(); storage.fields.executeUntilFinished = newValue }
    }
    public var maxExecutionsBeforeFinished: Int? {
        get { storage.fields.maxExecutionsBeforeFinished }
        set { makeUnique(); storage.fields.maxExecutionsBeforeFinished = newValue }
    }
    public var terminationThreshold: Double? {
        get { storage.fields.terminationThreshold }
        set { makeUnique(); storage.fields.terminationThreshold = newValue }
    }
    public var terminationMeasure: TerminationMeasure? {
        get { storage.fields.terminationMeasure }
        set { makeUnique(); storage.fields.terminationMeasure = newValue }
    }

    /// RecurrentTransferMechanism (and LCAMechanism) fields.
    public var recurrent: RecurrentParameters? {
        get { storage.fields.recurrent }
        set { makeUnique(); storage.fields.recurrent = newValue }
    }
    /// LCAMechanism fields.
    public var lca: LCAParameters? {
        get { storage.fields.lca }
        set { makeUnique(); storage.fields.lca = newValue }
    }

    /// ObjectiveMechanism: the ports it monitors, one input port each.
    public var monitor: [MonitorSpec]? {
        get { storage.fields.monitor }
        set { makeUnique(); storage.fields.monitor = newValue }
    }
    /// ComparatorMechanism: the SAMPLE and TARGET sources.
    public var sample: PortReference? {
        get { storage.fields.sample }
        set { makeUnique(); storage.fields.sample = newValue }
    }
    public var target: PortReference? {
        get { storage.fields.target }
        set { makeUnique(); storage.fields.target = newValue }
    }

    /// LearningMechanism: what it learns (set by `Model.expandingLearning()`).
    public var learningMechanism: LearningMechanismSpec? {
        get { storage.fields.learningMechanism }
        set { makeUnique(); storage.fields.learningMechanism = newValue }
    }
    /// AutoAssociativeLearningMechanism: the recurrent mechanism it trains (set by
    /// `Model.expandingLearning()`).
    public var autoAssociative: AutoAssociativeSpec? {
        get { storage.fields.autoAssociative }
        set { makeUnique(); storage.fields.autoAssociative = newValue }
    }

    public init(name: String, type: NodeType, size: Int? = nil, defaultVariable: [[Double]]? = nil,
                function: TransferFunction? = nil, outputPorts: [String]? = nil, roles: [NodeRole]? = nil,
                integratorMode: Bool? = nil, integrationRate: ParameterValue? = nil,
                initialValue: ParameterValue? = nil, noise: Noise? = nil, clip: Clip? = nil,
                executeUntilFinished: Bool? = nil, maxExecutionsBeforeFinished: Int? = nil,
                terminationThreshold: Double? = nil, terminationMeasure: TerminationMeasure? = nil,
                recurrent: RecurrentParameters? = nil, lca: LCAParameters? = nil,
                monitor: [MonitorSpec]? = nil, sample: PortReference? = nil, target: PortReference? = nil) {
        storage = Storage(Fields(name: name, type: type, size: size, defaultVariable: defaultVariable,
                                 function: function, outputPorts: outputPorts, roles: roles,
                                 integratorMode: integratorMode, integrationRate: integrationRate,
                                 initialValue: initialValue, noise: noise, clip: clip,
                                 executeUntilFinished: executeUntilFinished,
                                 maxExecutionsBeforeFinished: maxExecutionsBeforeFinished,
                                 terminationThreshold: terminationThreshold,
                                 terminationMeasure: terminationMeasure, recurrent: recurrent, lca: lca,
                                 monitor: monitor, sample: sample, target: target))
    }
}


extension Node {
    /// Two nodes are equal when every field is.
    public static func == (a: Node, b: Node) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// The stored fields, as `Node` declares them.
    struct Fields: Hashable {
        var name: String
        var type: NodeType
        var size: Int?
        var defaultVariable: [[Double]]?
        var function: TransferFunction?
        var outputPorts: [String]?
        var roles: [NodeRole]?
        var integratorMode: Bool?
        var integrationRate: ParameterValue?
        var initialValue: ParameterValue?
        var noise: Noise?
        var clip: Clip?
        var executeUntilFinished: Bool?
        var maxExecutionsBeforeFinished: Int?
        var terminationThreshold: Double?
        var terminationMeasure: TerminationMeasure?
        var recurrent: RecurrentParameters?
        var lca: LCAParameters?
        var monitor: [MonitorSpec]?
        var sample: PortReference?
        var target: PortReference?
        var learningMechanism: LearningMechanismSpec?
        var autoAssociative: AutoAssociativeSpec?
    }

    /// The box the fields live in; mutated only while uniquely referenced (`makeUnique`),
    /// so sharing it between threads is safe.
    final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}

extension Node {
    /// A TransferMechanism (default function Linear).
    public static func transfer(name: String, size: Int? = nil, defaultVariable: [[Double]]? = nil,
                                function: TransferFunction? = nil, integratorMode: Bool? = nil,
                                integrationRate: ParameterValue? = nil, initialValue: ParameterValue? = nil,
                                noise: Noise? = nil, clip: Clip? = nil, outputPorts: [String]? = nil,
                                roles: [NodeRole]? = nil) -> Node {
        Node(name: name, type: .transferMechanism, size: size, defaultVariable: defaultVariable,
             function: function, outputPorts: outputPorts, roles: roles, integratorMode: integratorMode,
             integrationRate: integrationRate, initialValue: initialValue, noise: noise, clip: clip)
    }

    /// A ProcessingMechanism (default function Linear; one RESULT port).
    public static func processing(name: String, size: Int? = nil, defaultVariable: [[Double]]? = nil,
                                  function: TransferFunction? = nil, outputPorts: [String]? = nil,
                                  roles: [NodeRole]? = nil) -> Node {
        Node(name: name, type: .processingMechanism, size: size, defaultVariable: defaultVariable,
             function: function, outputPorts: outputPorts, roles: roles)
    }

    /// An ObjectiveMechanism over `monitor` (default function LinearCombination SUM).
    public static func objective(name: String, monitor: [MonitorSpec], function: TransferFunction? = nil,
                                 outputPorts: [String]? = nil, roles: [NodeRole]? = nil) -> Node {
        Node(name: name, type: .objectiveMechanism, function: function, outputPorts: outputPorts,
             roles: roles, monitor: monitor)
    }

    /// A ComparatorMechanism: OUTCOME = TARGET - SAMPLE.
    public static func comparator(name: String, sample: PortReference, target: PortReference,
                                  function: TransferFunction? = nil, outputPorts: [String]? = nil,
                                  roles: [NodeRole]? = nil) -> Node {
        Node(name: name, type: .comparatorMechanism, function: function, outputPorts: outputPorts,
             roles: roles, sample: sample, target: target)
    }

    /// A RecurrentTransferMechanism.
    public static func recurrentTransfer(name: String, size: Int, function: TransferFunction? = nil,
                                         recurrent: RecurrentParameters = RecurrentParameters(),
                                         outputPorts: [String]? = nil) -> Node {
        Node(name: name, type: .recurrentTransferMechanism, size: size, function: function,
             outputPorts: outputPorts, recurrent: recurrent)
    }

    /// An LCAMechanism.
    public static func lca(name: String, size: Int, function: TransferFunction? = nil,
                           lca: LCAParameters = LCAParameters(), recurrent: RecurrentParameters? = nil,
                           outputPorts: [String]? = nil) -> Node {
        Node(name: name, type: .lcaMechanism, size: size, function: function, outputPorts: outputPorts,
             recurrent: recurrent, lca: lca)
    }
}

/// Fields of a RecurrentTransferMechanism (LCAMechanism inherits them).
public struct RecurrentParameters: Sendable, Hashable {
    public var matrix: MatrixSpec?
    public var auto: ParameterValue?
    public var hetero: ParameterValue?
    public var hasRecurrentInputPort: Bool?
    public var combinationFunction: TransferFunction?
    public var enableLearning: Bool?
    public var learningRate: ParameterValue?
    public var learningEnabled: Bool?

    public init(matrix: MatrixSpec? = nil, auto: ParameterValue? = nil, hetero: ParameterValue? = nil,
                hasRecurrentInputPort: Bool? = nil, combinationFunction: TransferFunction? = nil,
                enableLearning: Bool? = nil, learningRate: ParameterValue? = nil, learningEnabled: Bool? = nil) {
        self.matrix = matrix
        self.auto = auto
        self.hetero = hetero
        self.hasRecurrentInputPort = hasRecurrentInputPort
        self.combinationFunction = combinationFunction
        self.enableLearning = enableLearning
        self.learningRate = learningRate
        self.learningEnabled = learningEnabled
    }

    var isEmpty: Bool { self == RecurrentParameters() }
}

/// Fields of an LCAMechanism.
public struct LCAParameters: Sendable, Hashable {
    public var leak: Double?
    public var competition: Double?
    public var selfExcitation: Double?
    public var timeStepSize: Double?
    public var threshold: Double?
    public var thresholdCriterion: ThresholdCriterion?

    public init(leak: Double? = nil, competition: Double? = nil, selfExcitation: Double? = nil,
                timeStepSize: Double? = nil, threshold: Double? = nil,
                thresholdCriterion: ThresholdCriterion? = nil) {
        self.leak = leak
        self.competition = competition
        self.selfExcitation = selfExcitation
        self.timeStepSize = timeStepSize
        self.threshold = threshold
        self.thresholdCriterion = thresholdCriterion
    }

    var isEmpty: Bool { self == LCAParameters() }
}

/// `threshold_criterion` of an LCAMechanism.
public enum ThresholdCriterion: String, Sendable, Hashable, CaseIterable {
    case value = "VALUE"
    case maxVsNext = "MAX_VS_NEXT"
    case maxVsAvg = "MAX_VS_AVG"
    case convergence = "CONVERGENCE"
}

/// One monitored port of an ObjectiveMechanism: `"node"`, `"node.PORT"`, or an object with a
/// weight, exponent, projection matrix and reshaping `variable`.
public struct MonitorSpec: Sendable, Hashable, ExpressibleByStringLiteral {
    public var port: PortReference
    /// Scalar, or one per element.
    public var weight: ParameterValue?
    /// Scalar, or one per element.
    public var exponent: ParameterValue?
    /// The projection's matrix; default identity for equal sizes, all ones otherwise.
    public var matrix: MatrixSpec?
    /// Reshapes the input port: its length is the port's size.
    public var variable: [Double]?

    public init(_ port: PortReference, weight: ParameterValue? = nil, exponent: ParameterValue? = nil,
                matrix: MatrixSpec? = nil, variable: [Double]? = nil) {
        self.port = port
        self.weight = weight
        self.exponent = exponent
        self.matrix = matrix
        self.variable = variable
    }

    public init(stringLiteral value: String) { self.init(PortReference(stringLiteral: value)) }
}
