/// The composition's scheduling: per-node conditions, trial/pass termination, and when
/// stateful functions reset; lowered into the trial by Scheduling/.
public struct Scheduler: Sendable, Hashable {
    /// `conditions`: node name -> condition, in file order.
    public var conditions: [NodeCondition]
    /// `termination.trial` and `termination.pass`.
    public var trialTermination: Condition?
    public var passTermination: Condition?
    /// `reset_stateful_function_when`: node name -> condition, in file order.
    public var resetStatefulFunctionWhen: [NodeCondition]

    public init(conditions: [NodeCondition] = [], trialTermination: Condition? = nil,
                passTermination: Condition? = nil, resetStatefulFunctionWhen: [NodeCondition] = []) {
        self.conditions = conditions
        self.trialTermination = trialTermination
        self.passTermination = passTermination
        self.resetStatefulFunctionWhen = resetStatefulFunctionWhen
    }

    /// True when it asks for nothing beyond PsyNeuLink's defaults.
    public var isEmpty: Bool {
        conditions.isEmpty && trialTermination == nil && passTermination == nil
            && resetStatefulFunctionWhen.isEmpty
    }
}

/// A condition attached to a node.
public struct NodeCondition: Sendable, Hashable {
    public var node: String
    public var condition: Condition

    public init(node: String, condition: Condition) {
        self.node = node
        self.condition = condition
    }
}

/// A scheduler condition (graph_scheduler's names and arguments).
public indirect enum Condition: Sendable, Hashable {
    case always
    case never
    case atPass(Int)
    case afterPass(Int)
    case atTrial(Int)
    case afterTrial(Int)
    case everyNCalls(node: String, n: Int)
    case afterNCalls(node: String, n: Int, timeScale: TimeScale?)
    case atNCalls(node: String, n: Int, timeScale: TimeScale?)
    case beforeNCalls(node: String, n: Int, timeScale: TimeScale?)
    case whenFinished(node: String)
    case allHaveRun(nodes: [String], timeScale: TimeScale?)
    case threshold(ThresholdCondition)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    /// The condition type names a file may use.
    public static let typeNames = ["AfterNCalls", "AfterPass", "AfterTrial", "All", "AllHaveRun", "Always",
                                   "Any", "AtNCalls", "AtPass", "AtTrial", "BeforeNCalls", "EveryNCalls",
                                   "Never", "Not", "Threshold", "WhenFinished"]
}

/// graph_scheduler's `Threshold(node, parameter, threshold, comparator, indices, atol, rtol)`.
public struct ThresholdCondition: Sendable, Hashable {
    public var node: String
    public var parameter: String
    public var threshold: Double
    /// One of `<`, `<=`, `>`, `>=`, `==`, `!=`.
    public var comparator: String
    public var indices: [Int]?
    public var atol: Double?
    public var rtol: Double?

    public init(node: String, parameter: String, threshold: Double, comparator: String,
                indices: [Int]? = nil, atol: Double? = nil, rtol: Double? = nil) {
        self.node = node
        self.parameter = parameter
        self.threshold = threshold
        self.comparator = comparator
        self.indices = indices
        self.atol = atol
        self.rtol = rtol
    }

    static let comparators = ["<", "<=", ">", ">=", "==", "!="]
}
