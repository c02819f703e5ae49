import MechanistModel

/// What a fit needs from one set's trials (docs/MODEL_FORMAT.md, "Sweeps"):
///
/// - per result port (`node.PORT`), element by element, the mean over trials and the
///   population variance (divided by the number of trials: numpy's `var` with `ddof=0`),
///   each summed in trial order;
/// - per decision node (an LCA with a threshold): the proportion of trials that chose each
///   unit (DECISION_INDEX; undecided trials count for no unit, so the proportions and
///   undecided / trials add up to 1), the quantiles of DECISION_STEPS at
///   `quantileLevels` over the decided trials of each choice (nil for a choice never made),
///   and the number of undecided trials; any other node with a termination threshold gets
///   its undecided count alone;
/// - per comparator when learning: the learning curve (the mean MSE of each epoch's trials)
///   and the final loss (its last point).
public struct SweepSummary: Sendable, Hashable {
    public struct PortMoments: Sendable, Hashable {
        public var label: String
        public var mean: [Double]
        public var variance: [Double]
    }

    public struct Decision: Sendable, Hashable {
        public var node: String
        /// Per unit, the proportion of trials that chose it (nil for a node without DECISION_INDEX).
        public var choices: [Double]?
        /// Per unit, DECISION_STEPS' quantiles at `quantileLevels` over its decided trials.
        public var reactionTimeQuantiles: [[Double]?]?
        public var undecided: Int
    }

    public struct LearningCurve: Sendable, Hashable {
        public var node: String
        public var finalLoss: Double
        /// Per epoch, the mean of the comparator's MSE over the epoch's trials.
        public var curve: [Double]
    }

    public var ports: [PortMoments] = []
    public var decisions: [Decision] = []
    public var learning: [LearningCurve] = []

    /// The reaction-time quantile levels.
    public static let quantileLevels = [0.1, 0.3, 0.5, 0.7, 0.9]

    /// The quantile at level p of ascending `sorted` values by linear interpolation between
    /// order statistics (numpy's default method, "linear", Hyndman & Fan type 7): at position
    /// h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        if sorted.count == 1 { return first }
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        guard lower + 1 < sorted.count else { return sorted[sorted.count - 1] }
        let fraction = h - Double(lower)
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower])
    }

    /// What a sweep records and summarizes for a model.
    struct Plan {
        /// Decision nodes (LCA with a threshold) and their unit counts.
        var deciders: [(node: String, units: Int)] = []
        /// Comparators whose MSE makes a learning curve.
        var comparators: [String] = []
        /// Ports recorded for the summaries (not results of the model).
        var records: [PortReference] = []

        init(model: Model, learn: Bool) throws {
            for node in model.nodes where node.type == .lcaMechanism && node.lca?.threshold != nil {
                deciders.append((node.name, node.size ?? node.defaultVariable?.first?.count ?? 1))
                records += [PortReference(node: node.name, port: "DECISION_INDEX"),
                            PortReference(node: node.name, port: "DECISION_STEPS")]
            }
            if learn {
                comparators = try model.expandingLearning().nodes.filter { $0.type == .comparatorMechanism }.map(\.name)
                records += comparators.map { PortReference(node: $0, port: "MSE") }
            }
        }

        func summarize(_ result: RunResult, epochs: Int?) -> SweepSummary {
            var summary = SweepSummary()
            let n = result.trials
            for (k, label) in result.resultLabels.enumerated() {
                let width = result.results.first?[k].count ?? 0
                var mean = [Double](repeating: 0, count: width)
                var variance = mean
                if n > 0 {
                    for trial in result.results { for i in 0..<width { mean[i] += trial[k][i] } }
                    for i in 0..<width { mean[i] /= Double(n) }
                    for trial in result.results {
                        for i in 0..<width {
                            let d = trial[k][i] - mean[i]
                            variance[i] += d * d
                        }
                    }
                    for i in 0..<width { variance[i] /= Double(n) }
                }
                summary.ports.append(PortMoments(label: label, mean: mean, variance: variance))
            }
            for flag in result.undecided {
                let undecided = Set(flag.trials)
                guard let (_, units) = deciders.first(where: { $0.node == flag.node }),
                      let index = result.nodes[flag.node]?["DECISION_INDEX"],
                      let steps = result.nodes[flag.node]?["DECISION_STEPS"] else {
                    summary.decisions.append(Decision(node: flag.node, undecided: flag.trials.count))
                    continue
                }
                var times = [[Double]](repeating: [], count: units)
                for t in 0..<n where !undecided.contains(t) {
                    let choice = Int(index[t].first ?? -1)
                    if choice >= 0 && choice < units { times[choice].append(steps[t].first ?? .nan) }
                }
                let choices = times.map { n > 0 ? Double($0.count) / Double(n) : 0 }
                let quantiles: [[Double]?] = times.map { list in
                    guard !list.isEmpty else { return nil }
                    let sorted = list.sorted()
                    return SweepSummary.quantileLevels.map { SweepSummary.quantile(sorted: sorted, $0) }
                }
                summary.decisions.append(Decision(node: flag.node, choices: choices, reactionTimeQuantiles: quantiles,
                                                  undecided: flag.trials.count))
            }
            if let epochs, epochs > 0 {
                let perEpoch = n / epochs
                for node in comparators {
                    guard let mse = result.nodes[node]?["MSE"], perEpoch > 0 else { continue }
                    let curve = (0..<epochs).map { e in
                        mse[(e * perEpoch)..<((e + 1) * perEpoch)].reduce(0) { $0 + ($1.first ?? 0) } / Double(perEpoch)
                    }
                    summary.learning.append(LearningCurve(node: node, finalLoss: curve.last ?? .nan, curve: curve))
                }
            }
            return summary
        }

        /// The run's results without the ports recorded only for the summaries.
        func strippingRecords(_ result: RunResult) -> RunResult {
            var stripped = result
            stripped.nodes = [:]
            stripped.recordOrder = []
            return stripped
        }
    }
}
