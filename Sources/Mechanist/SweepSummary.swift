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

    /// Sorts reaction times ascending. Step counts are small whole numbers, so they are
    /// counted into a histogram (linear, no branch mispredictions) and written back, which
    /// gives exactly the doubles a comparison sort would; anything else is sorted as usual.
    package static func sortSteps(_ values: inout [Double]) {
        guard var low = values.first else { return }
        var high = low
        for x in values {
            guard x == x.rounded(), x.sign == .plus, x < 1e9 else {
                values.sort()
                return
            }
            low = min(low, x)
            high = max(high, x)
        }
        guard high - low <= Double(4 * values.count + 64) else {
            values.sort()
            return
        }
        var counts = [Int](repeating: 0, count: Int(high - low) + 1)
        for x in values { counts[Int(x - low)] += 1 }
        var k = 0
        for (offset, count) in counts.enumerated() where count > 0 {
            let x = low + Double(offset)
            for _ in 0..<count {
                values[k] = x
                k += 1
            }
        }
    }

    /// What a sweep records and summarizes for a model.
    package struct Plan {
        /// Decision nodes (LCA with a threshold) and their unit counts.
        var deciders: [(node: String, units: Int)] = []
        /// Comparators whose MSE makes a learning curve.
        var comparators: [String] = []
        /// Ports recorded for the summaries (not results of the model).
        package var records: [PortReference] = []

        package init(model: Model, learn: Bool) throws {
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

        /// Summarizes a run's output rows (no `RunResult` is built: a sweep of 10^7 trials
        /// would spend more time allocating its per-trial arrays than running them).
        package func summarize(_ raw: Executable.RawRun, of exe: Executable, epochs: Int?) -> SweepSummary {
            raw.outputs.withUnsafeBufferPointer { outputs in
                summarize(outputs, trials: raw.trials, of: exe, epochs: epochs)
            }
        }

        private func summarize(_ outputs: UnsafeBufferPointer<Double>, trials n: Int, of exe: Executable,
                               epochs: Int?) -> SweepSummary {
            var summary = SweepSummary()
            let width = exe.layout.outputWidth
            let slots = exe.program.outputs
            /// Column of element 0 of the first output slot `node.port`.
            func column(_ node: String, _ port: String) -> Int? {
                slots.firstIndex { $0.node == node && $0.port == port }.map { exe.layout.outputColumns[$0] }
            }
            for k in 0..<exe.resultCount {
                let base = exe.layout.outputColumns[k]
                let count = slots[k].source.count
                var mean = [Double](repeating: 0, count: count)
                var variance = mean
                for i in 0..<count where n > 0 {
                    var sum = 0.0
                    for t in 0..<n { sum += outputs[t * width + base + i] }
                    let m = sum / Double(n)
                    var squares = 0.0
                    for t in 0..<n {
                        let d = outputs[t * width + base + i] - m
                        squares += d * d
                    }
                    mean[i] = m
                    variance[i] = squares / Double(n)
                }
                summary.ports.append(PortMoments(label: slots[k].label, mean: mean, variance: variance))
            }
            for flag in exe.undecided {
                // As `RunResult.undecided`: a trial is undecided when its flag column is 0.
                let flagColumn = exe.layout.outputColumns[flag.slot]
                var undecided = 0
                for t in 0..<n where outputs[t * width + flagColumn] == 0 { undecided += 1 }
                guard let (_, units) = deciders.first(where: { $0.node == flag.node }),
                      let index = column(flag.node, "DECISION_INDEX"), let steps = column(flag.node, "DECISION_STEPS") else {
                    summary.decisions.append(Decision(node: flag.node, undecided: undecided))
                    continue
                }
                var times = [[Double]](repeating: [], count: units)
                for u in 0..<units { times[u].reserveCapacity(n) }
                for t in 0..<n where outputs[t * width + flagColumn] != 0 {
                    let choice = outputs[t * width + index]
                    if choice >= 0 && choice < Double(units) { times[Int(choice)].append(outputs[t * width + steps]) }
                }
                let choices = times.map { n > 0 ? Double($0.count) / Double(n) : 0 }
                var quantiles: [[Double]?] = []
                for u in 0..<units {
                    guard !times[u].isEmpty else {
                        quantiles.append(nil)
                        continue
                    }
                    sortSteps(&times[u])
                    quantiles.append(SweepSummary.quantileLevels.map { SweepSummary.quantile(sorted: times[u], $0) })
                }
                summary.decisions.append(Decision(node: flag.node, choices: choices, reactionTimeQuantiles: quantiles,
                                                  undecided: undecided))
            }
            if let epochs, epochs > 0, n / epochs > 0 {
                let perEpoch = n / epochs
                for node in comparators {
                    guard let mse = column(node, "MSE") else { continue }
                    let curve = (0..<epochs).map { e in
                        var sum = 0.0
                        for t in (e * perEpoch)..<((e + 1) * perEpoch) { sum += outputs[t * width + mse] }
                        return sum / Double(perEpoch)
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
