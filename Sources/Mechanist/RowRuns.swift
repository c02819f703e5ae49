import MechanistIR

/// Runs over input rows the caller lays out, into output rows it owns: the fast path of the C
/// API (`mechanist_run_rows`), which skips building per-node lists and result objects, and the
/// shape of an ahead-of-time library's run. A row holds one trial's input buffers at their
/// `inputSlots` offsets (TARGET nodes' included); an output row `outputWidth` values, slot k
/// at `outputSlots[k].column`. Everything else — run start, verify mode's comparisons, state
/// persisting from run to run — is `run`'s.
extension Executable {
    /// One input buffer in a row: `node.PORT`, its offset and its size.
    package struct RowSlot: Sendable {
        package var label: String
        package var offset: Int
        package var count: Int
    }

    /// What an output slot holds.
    package enum OutputKind: Int32, Sendable {
        case result = 0, recorded = 1, undecided = 2
    }

    /// One output slot of a row: its label, column, size and kind.
    package struct OutputSlot: Sendable {
        package var label: String
        package var column: Int
        package var count: Int
        package var kind: OutputKind
    }

    package var inputWidth: Int { layout.size(.input) }
    package var outputWidth: Int { layout.outputWidth }

    /// Every input buffer of a row, in program order.
    package var inputSlots: [RowSlot] {
        program.inputs.map { RowSlot(label: "\($0.node).\($0.port)", offset: layout.offsets[$0.buffer.index],
                                     count: program[$0.buffer].count) }
    }

    /// Every output slot of a row: the results, the recorded ports, then the threshold nodes'
    /// flags (1: the trial ended with the threshold reached, 0: undecided).
    package var outputSlots: [OutputSlot] {
        let recorded = program.outputs.count - undecided.count
        return program.outputs.enumerated().map { k, slot in
            OutputSlot(label: k < recorded ? slot.label : "\(slot.node).undecided", column: layout.outputColumns[k],
                       count: slot.source.count,
                       kind: k < resultCount ? .result : k < recorded ? .recorded : .undecided)
        }
    }

    /// Runs `trials` trials of `entryPoint` (`.trial`: a run; `.learnTrial`: a learn) over
    /// `rowCount` rows of `inputWidth` values, writing `trials` rows of `outputWidth` values.
    /// - Throws: `RunError` for a learn without learning pathways, a negative count, no rows
    ///   for a model with inputs, an output buffer too small, or an input that is not a finite
    ///   number (naming the row and the slot); `Divergence` in verify mode.
    package func runRows(_ entryPoint: EntryPoint, rows: UnsafeBufferPointer<Double>, rowCount: Int, trials: Int,
                         outputs: UnsafeMutableBufferPointer<Double>) throws {
        if entryPoint == .learnTrial && program[.learnTrial].isEmpty {
            throw RunError("learn: the model has no learning pathway (\"learning\" in the model file) to train; "
                + "use run to run it")
        }
        guard trials >= 0 else { throw RunError("trials: expected a non-negative number, got \(trials)") }
        let width = inputWidth
        guard rowCount >= (width > 0 ? 1 : 0) else {
            throw RunError("rows: expected at least one input row, got \(rowCount)")
        }
        let (values, overflow) = rowCount.multipliedReportingOverflow(by: width)
        guard !overflow, values <= rows.count else {
            throw RunError("rows: \(rowCount) rows of \(width) values do not fit in the \(rows.count) given")
        }
        let (needed, tooMany) = trials.multipliedReportingOverflow(by: outputWidth)
        guard !tooMany, needed <= outputs.count else {
            throw RunError("outputs: \(trials) trials of \(outputWidth) values do not fit in the \(outputs.count) given")
        }
        if let bad = rows.prefix(values).firstIndex(where: { !$0.isFinite }) {
            let offset = bad % max(width, 1)
            let slot = inputSlots.first { offset >= $0.offset && offset < $0.offset + $0.count }
            throw RunError("rows: row \(bad / max(width, 1)), \(slot?.label ?? "offset \(offset)")"
                + "[\(offset - (slot?.offset ?? 0))]: \(rows[bad]) is not a finite number")
        }
        try prepare(entryPoint)
        // Without verify mode's comparisons or trajectories to read after each trial, the
        // engine runs over the caller's memory (compiled code: no copies at all).
        if shadow == nil && stepRecords.isEmpty {
            try checkRecordedSize(trials: trials, holdingResult: false)
            primary.run(.runStart, params: &params, state: &state)
            primary.run(entryPoint, params: &params, state: &state,
                        inputs: UnsafeBufferPointer(rebasing: rows.prefix(values)), inputRows: max(rowCount, 1),
                        outputs: UnsafeMutableBufferPointer(rebasing: outputs.prefix(needed)), trials: trials)
            return
        }
        let raw = try runTrials(of: entryPoint, rows: InputRows(values: Array(rows.prefix(values)),
                                                                count: max(rowCount, 1), width: width),
                                trials: trials)
        _ = outputs.update(fromContentsOf: raw.outputs.prefix(needed))
    }
}
