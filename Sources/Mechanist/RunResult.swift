/// What a run returns: per trial, the OUTPUT nodes' port values (PsyNeuLink's
/// `Composition.results`), plus per-trial values of any recorded ports.
public struct RunResult: Sendable {
    /// `results[trial][port]` is a vector: OUTPUT nodes in model order, ports in order.
    public var results: [[[Double]]]
    /// What each vector of a trial's results is, as `node.PORT`: `resultLabels[k]` names
    /// `results[trial][k]` (the JSON output's `columns`).
    public var resultLabels: [String]
    /// `nodes[node][port][trial]`: recorded ports (`--record node.PORT`).
    public var nodes: [String: [String: [[Double]]]]
    /// Order in which recorded ports were requested, as (node, port).
    public var recordOrder: [(node: String, port: String)]
    public var mode: ExecutionMode
    public var trials: Int
    /// Seconds from model (file or value) to callable function; seconds of the run call alone.
    public var compileSeconds: Double
    public var runSeconds: Double
    /// `steps[node][port][trial][step]`: the port's value after each execution of the node
    /// within the trial, in order (`CompileOptions.recordSteps`, `--record-steps`).
    public var steps: [String: [String: [[[Double]]]]] = [:]
    /// Order in which step-recorded ports were requested, as (node, port).
    public var stepOrder: [(node: String, port: String)] = []
    /// Every node with a termination threshold (model order) and the trials in which it ended
    /// without the threshold holding (see `UndecidedTrials`).
    public var undecided: [UndecidedTrials] = []
}

/// The trials in which a node with a termination threshold (an LCA's `threshold`, a
/// `termination_threshold`) ended without it holding at its last execution: it stopped at its
/// execution cap (`max_executions_before_finished`) or the trial ended first. Their
/// DECISION_INDEX and DECISION_STEPS describe no decision (PsyNeuLink reports the same values
/// and says nothing).
public struct UndecidedTrials: Sendable, Hashable {
    public var node: String
    /// Trial indices, ascending.
    public var trials: [Int]
    /// What happened in them: "reached its execution cap (1000) without crossing the threshold".
    public var reason: String
}
