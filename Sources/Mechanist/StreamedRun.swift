import MechanistIR

/// A run whose output rows go to the caller chunk by chunk instead of being held (issue 13):
/// `mechanist run` writes each chunk's text before the next is computed, so a run's memory is
/// bounded by a chunk, not by its trial count.
extension Executable {
    /// Output values a chunk holds by default (512 KiB of doubles; the CLI's text of a chunk is
    /// a few MiB).
    package static let streamChunkValues = 1 << 16

    /// `run`'s trials in chunks of at most `chunkTrials` trials (default: about
    /// `streamChunkValues` output values), handing each chunk's output rows to `body` as soon as
    /// they are computed: `rows` holds `range.count` rows of `layout.outputWidth` values, slot k
    /// at column `layout.outputColumns[k]`. The results, state and weights are bitwise those of
    /// one `run` call (the chunks continue the run: state, noise and scheduler counters live in
    /// the arenas). In verify mode every trial is compared and the first `Divergence` thrown,
    /// after the chunks before it were handed over. Returns the seconds the trials took,
    /// without `body`'s.
    /// - Throws: `RunError` as `run` does, and for a model recording trajectories
    ///   (`--record-steps`), whose steps are collected over the whole run.
    package func streamRun(inputs: [String: [[[Double]]]], trials: Int? = nil, chunkTrials: Int? = nil,
                           body: (_ rows: ArraySlice<Double>, _ range: Range<Int>) throws -> Void) throws -> Double {
        let entries = try trialEntries(inputs: inputs, targets: nil)
        let trialCount = trials ?? entries.filter { $0.given }.map { $0.list.count }.max() ?? 1
        return try stream(.trial, entries: entries, trials: trialCount, chunkTrials: chunkTrials, body: body)
    }

    /// `learn`'s trials streamed as `streamRun` streams a run's: the same results, weights and
    /// state as one `learn` call with the same arguments; `progress(done, total)` after each chunk.
    package func streamLearn(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]], epochs: Int? = nil,
                             trials: Int? = nil, learningRate: Double? = nil, chunkTrials: Int? = nil,
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                             body: (_ rows: ArraySlice<Double>, _ range: Range<Int>) throws -> Void) throws -> Double {
        let (entries, trialCount) = try learnTrials(inputs: inputs, targets: targets, epochs: epochs, trials: trials,
                                                    learningRate: learningRate)
        let saved = learningRate.map(overrideLearningRates) ?? []
        defer { restoreLearningRates(saved) }
        return try stream(.learnTrial, entries: entries, trials: trialCount, chunkTrials: chunkTrials,
                          progress: progress, body: body)
    }

    private func stream(_ entryPoint: EntryPoint, entries: [NodeEntries], trials trialCount: Int, chunkTrials: Int?,
                        progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                        body: (_ rows: ArraySlice<Double>, _ range: Range<Int>) throws -> Void) throws -> Double {
        guard stepRecords.isEmpty else {
            throw RunError("a run recording trajectories (--record-steps) is not streamed; run it whole")
        }
        guard trialCount >= 0 else { throw RunError("trials: expected a non-negative number, got \(trialCount)") }
        if let chunkTrials, chunkTrials < 1 {
            throw RunError("chunkTrials: expected a positive number, got \(chunkTrials)")
        }
        try prepare(entryPoint)
        let rows = try inputRows(entries, trials: trialCount)
        let width = layout.outputWidth
        let chunk = min(chunkTrials ?? max(Executable.streamChunkValues / max(width, 1), 1), rows.chunkTrials)
        try MemoryBudget.require(min(chunk, trialCount).multipliedReportingOverflow(by: width * 16).partialValue,
                                 for: "trials: a chunk of \(chunk) trials x \(width) recorded values per trial",
                                 fix: "record fewer ports")
        var part: [Double] = []
        var seconds = 0.0
        let start = ContinuousClock.now
        startRun()
        seconds += (ContinuousClock.now - start).seconds
        for first in stride(from: 0, to: trialCount, by: chunk) {
            let range = first..<min(first + chunk, trialCount)
            if part.count != range.count * width { part = [Double](repeating: 0, count: range.count * width) }
            let chunkStart = ContinuousClock.now
            try runChunk(of: entryPoint, range, rows: rows, into: &part, at: 0)
            seconds += (ContinuousClock.now - chunkStart).seconds
            try body(part.prefix(range.count * width), range)
            progress?(range.upperBound, trialCount)
        }
        return seconds
    }
}
