import MechanistIR

/// A node with a termination threshold whose trials the host checks: its output slot holds
/// `<node>.threshold_reached` after every trial, 1 when the termination measure held at the
/// node's last execution, 0 when it did not — the node stopped at its execution cap (an LCA
/// whose threshold was never crossed) or the trial ended first. Such a trial's DECISION_INDEX
/// and DECISION_STEPS describe no decision; the host lists it as undecided.
package struct UndecidedFlag: Sendable, Hashable {
    package var node: String
    /// What happened in an undecided trial, for a warning: "reached its execution cap (1000)
    /// without crossing the threshold".
    package var description: String
    package var slot: Int

    package init(node: String, description: String, slot: Int) {
        self.node = node
        self.description = description
        self.slot = slot
    }
}

extension LoweringContext {
    /// Records every threshold node's flag as the last output slots, in the model's order.
    mutating func recordUndecidedFlags() -> [UndecidedFlag] {
        var flags: [UndecidedFlag] = []
        for mechanism in mechanisms {
            // The flag first: only a node with one is cast (a cast copies its lowering).
            guard let reached = mechanism.thresholdReached, let transfer = mechanism as? TransferLowering,
                  let termination = transfer.settings.termination
            else { continue }
            let name = transfer.node.name
            let missed: String
            switch termination.measure {
            case .value, .maxVsNext, .maxVsAvg: missed = "without crossing the threshold"
            case .maxAbsDiff: missed = "without converging (termination threshold \(termination.threshold))"
            case .timeScale: missed = "before its termination threshold"
            }
            let stopped = transfer.settings.loops
                ? "reached its execution cap (\(transfer.settings.maxExecutions)) \(missed)"
                : "ended the trial \(missed)"
            flags.append(UndecidedFlag(node: name, description: stopped, slot: builder.program.outputs.count))
            builder.record(node: name, port: "threshold_reached", reached)
        }
        return flags
    }
}
