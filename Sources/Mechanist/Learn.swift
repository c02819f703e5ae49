import MechanistIR

extension Executable {
    /// Trains the model's learning pathways: like `run`, but each trial runs the learning
    /// trial (processing phase, learning phase, weight changes; PsyNeuLink's
    /// `Composition.learn`), so weights change from trial to trial and stay changed.
    ///
    /// - `inputs[node][entry][port]` as for `run`; `targets[key][entry][port]` gives each
    ///   TARGET node's values, keyed by the pathway's last node or the TARGET node's name.
    ///   Trial t uses entry `t % entries` of every list.
    /// - Trials: with `epochs` E, E passes over the lists (E x the longest list); else
    ///   `trials`, or the longest list.
    /// - `learningRate`: for this learn only, the rate of every LearningMechanism whose
    ///   projection has no rate of its own (SEMANTICS.md's precedence); afterwards each rate
    ///   is what it was before, as PsyNeuLink does not keep the rate given to `learn()`.
    /// - `progress(done, total)`, when given, is called as the trials run (in chunks of
    ///   about 1%); the results, state and weights are bitwise those of a learn without it.
    ///
    /// The whole learn runs in one call of the compiled learning-trial loop (per chunk with
    /// `progress`). In verify mode, every output, state and weight is compared after every
    /// trial and the first `Divergence` thrown.
    /// - Throws: `RunError` for a model without learning, an unknown or missing input or
    ///   target list, entries of the wrong shape, `epochs` with `trials`, a negative count or
    ///   a non-finite learning rate.
    public func learn(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]], epochs: Int? = nil,
                      trials: Int? = nil, learningRate: Double? = nil,
                      progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> RunResult {
        collect(try rawLearn(inputs: inputs, targets: targets, epochs: epochs, trials: trials,
                             learningRate: learningRate, progress: progress))
    }

    /// `learn`'s trials without building the `RunResult` (sweeps summarize the output rows).
    package func rawLearn(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]], epochs: Int? = nil,
                          trials: Int? = nil, learningRate: Double? = nil,
                          progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> RawRun {
        let (entries, trialCount) = try learnTrials(inputs: inputs, targets: targets, epochs: epochs, trials: trials,
                                                    learningRate: learningRate)
        let saved = learningRate.map(overrideLearningRates) ?? []
        defer { restoreLearningRates(saved) }
        return try runTrials(of: .learnTrial, entries: entries, trials: trialCount, progress: progress)
    }

    /// A learn's checked arguments: its lists and its number of trials.
    func learnTrials(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]], epochs: Int?, trials: Int?,
                     learningRate: Double?) throws -> (entries: [NodeEntries], trials: Int) {
        guard !program[.learnTrial].isEmpty else {
            throw RunError("learn: the model has no learning pathway (\"learning\" in the model file) to train; "
                + "use run to run it")
        }
        if epochs != nil && trials != nil { throw RunError("learn: give epochs or trials, not both") }
        if let epochs, epochs < 0 { throw RunError("epochs: expected a non-negative number, got \(epochs)") }
        if let learningRate, !learningRate.isFinite {
            throw RunError("learningRate: expected a finite number, got \(learningRate)")
        }
        let entries = try trialEntries(inputs: inputs, targets: targets)
        let longest = entries.filter(\.given).map(\.list.count).max() ?? 1
        var trialCount = trials ?? longest
        if let epochs {
            let (product, overflow) = epochs.multipliedReportingOverflow(by: longest)
            guard !overflow else {
                throw RunError("epochs: \(epochs) epochs of \(longest) trials is too many trials")
            }
            trialCount = product
        }
        return (entries, trialCount)
    }

    /// A learning rate's element before a learn overrode it, in both engines' params.
    struct SavedRate {
        var offset: Int
        var value: Double
        var shadowValue: Double?
    }

    /// Sets every element of every overridable learning rate (a Hebbian rate may have one per
    /// unit or per weight) to `rate`, in the params of both engines; returns the values to restore.
    func overrideLearningRates(_ rate: Double) -> [SavedRate] {
        var saved: [SavedRate] = []
        for parameter in learning.learningRates where parameter.overridable {
            let start = layout.offsets[parameter.buffer.index]
            for offset in start..<(start + program.buffers[parameter.buffer.index].count) {
                saved.append(SavedRate(offset: offset, value: params[offset], shadowValue: shadow?.params[offset]))
                params[offset] = rate
                shadow?.params[offset] = rate
            }
        }
        return saved
    }

    /// Puts back what `overrideLearningRates` replaced, last first (so a buffer listed twice
    /// ends with its original value).
    func restoreLearningRates(_ saved: [SavedRate]) {
        for rate in saved.reversed() {
            params[rate.offset] = rate.value
            if let value = rate.shadowValue { shadow?.params[rate.offset] = value }
        }
    }
}
