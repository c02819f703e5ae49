import MechanistIR
import MechanistModel

/// Collects the trajectories of `--record-steps` ports trial by trial: after each trial, the
/// rows its executions appended to each trajectory area (in the state arena).
package struct StepTrajectories {
    package let records: [StepRecord]
    /// Per record, per trial, the rows.
    private var trials: [[[[Double]]]]
    private var values = 0

    init(_ records: [StepRecord]) {
        self.records = records
        trials = records.map { _ in [] }
    }

    /// Reads trial `t`'s rows from `state`.
    /// - Throws: `RunError` when a trial ran a node more often than its area holds, or when the
    ///   run's trajectories exceed `Executable.maxRecordedValues`.
    mutating func append(trial t: Int, from state: [Double], layout: BufferLayout) throws {
        for (r, record) in records.enumerated() {
            let count = state[layout.offset(of: record.counter)]
            guard count.isFinite, count >= 0, count <= Double(record.capacity) else {
                throw RunError("--record-steps \(record.label): \(record.node) executed \(count) times in trial \(t), "
                    + "more than the \(record.capacity) steps recorded per trial (its execution cap, at most "
                    + "\(StepRecord.maxValues) values); lower its max_executions_before_finished")
            }
            let n = Int(count)
            values += n * record.width
            guard values <= Executable.maxRecordedValues else {
                throw RunError("--record-steps: the trajectories of \(t + 1) trials hold more than "
                    + "\(Executable.maxRecordedValues) values; run fewer trials per call (state persists between runs)")
            }
            let base = layout.offset(of: record.steps)
            trials[r].append((0..<n).map { step in
                Array(state[(base + step * record.width)..<(base + (step + 1) * record.width)])
            })
        }
    }

    /// Record `r`'s trajectory flat: `offsets[t] ..< offsets[t + 1]` are trial t's steps (rows of
    /// the record's width) in `values` (the C API hands these arrays out as they are).
    package func flattened(_ r: Int) -> (offsets: [Int64], values: [Double]) {
        var offsets: [Int64] = [0]
        var values: [Double] = []
        for trial in trials[r] {
            for row in trial { values.append(contentsOf: row) }
            offsets.append(offsets[offsets.count - 1] + Int64(trial.count))
        }
        return (offsets, values)
    }

    func store(into result: inout RunResult) {
        for (record, trajectory) in zip(records, trials) {
            result.steps[record.node, default: [:]][record.port] = trajectory
            result.stepOrder.append((record.node, record.port))
        }
    }
}
