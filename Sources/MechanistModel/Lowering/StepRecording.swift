import MechanistIR

/// A port recorded at every execution of its node within a trial (`--record-steps`): its
/// trajectory. Each execution appends the port's value as the next row of `steps` (state,
/// `capacity` rows of `width`) and counts it in `counter` (state, zeroed at the start of every
/// trial). After trial t the host reads rows `0..<counter` of `steps`: the trial's trajectory.
package struct StepRecord: Sendable, Hashable {
    package var node: String
    /// The port's name as the user wrote it.
    package var port: String
    package var steps: Slice
    package var counter: Slice
    package var width: Int
    /// Rows per trial: the node's execution cap within one trial (see `executionCap`), at
    /// most `StepRecord.maxValues / width`. A trial that runs the node more often than this
    /// keeps counting but stores no more rows; the host refuses such a run.
    package var capacity: Int

    package var label: String { "\(node).\(port)" }

    /// The most values one trajectory area holds (32 MiB of doubles): the state arena carries
    /// it whatever a trial uses, so a node that may run a million times per trial does not
    /// make every run pay for its worst case beyond this.
    package static let maxValues = 1 << 22
}

extension LoweringContext {
    /// Declares the trajectory area and counter of each `--record-steps` port, so that
    /// `emitStepRecords` can append to them wherever the node executes.
    /// `resolved`: the `--record-steps` ports (`RecordedPorts`), as (node, output port, label).
    mutating func declareStepRecords(_ resolved: [(node: Int, port: Int, label: String)])
        throws(ModelError) -> [StepRecord] {
        var records: [StepRecord] = []
        for (i, k, label) in resolved {
            let ref = PortReference(node: model.nodes[i].name, port: label)
            let source = outputs[i][k]
            let name = model.nodes[i].name
            guard source.count >= 1, source.count <= StepRecord.maxValues else {
                throw ModelError(.invalidValue, at: JSONPath(), "--record-steps \(ref): the port has \(source.count) "
                                 + "values, which cannot be recorded per execution")
            }
            if records.contains(where: { $0.node == name && $0.port == label }) { continue }
            let capacity = min(executionCap(of: i), StepRecord.maxValues / source.count)
            let steps = buffer("\(name).\(label).steps", .state, .matrix(rows: capacity, columns: source.count))
            let counter = buffer("\(name).\(label).step_count", .state, .scalar)
            records.append(StepRecord(node: name, port: label, steps: steps, counter: counter, width: source.count,
                                      capacity: capacity))
            stepRecords[i, default: []].append((source: source, steps: steps, counter: counter))
        }
        return records
    }

    /// The most executions of node i within one trial: its own execute-until-finished loop
    /// (`max_executions_before_finished`) times the scheduled executions of a trial (one
    /// without a scheduler section; one per pass, at most `maxPassesPerTrial`, with one).
    func executionCap(of i: Int) -> Int {
        var perScheduled = 1
        if let transfer = mechanisms[i] as? TransferLowering, transfer.settings.loops {
            perScheduled = max(transfer.settings.maxExecutions, 1)
        }
        let scheduled = model.scheduler.map { !$0.isEmpty } == true ? maxPassesPerTrial : 1
        let (cap, overflow) = perScheduled.multipliedReportingOverflow(by: scheduled)
        return overflow ? Int.max : cap
    }

    /// Appends node i's step-recorded ports to their trajectories: emitted after each of its
    /// executions, once its output ports hold that execution's values.
    mutating func emitStepRecords(of i: Int) {
        for record in stepRecords[i] ?? [] {
            builder.emit(.append(dst: record.steps, source: record.source, counter: record.counter))
        }
    }

    /// Every trajectory's counter back to 0: the ops that start each per-trial body.
    func stepCounterResets(_ records: [StepRecord]) -> [Op] {
        records.map { .elementwise(dst: $0.counter, .constant(0)) }
    }
}
