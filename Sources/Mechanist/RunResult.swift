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
}
