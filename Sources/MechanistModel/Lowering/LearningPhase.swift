import MechanistIR

extension LoweringContext {
    /// The `learnTrial` body, as PsyNeuLink's `Composition.learn` runs a trial: the processing
    /// phase (the very ops of `trial`, after any change still pending from "online" learning),
    /// then the learning phase — the learning components'
    /// executions in the model's order (TARGET nodes, Comparators, then LearningMechanisms
    /// from the last layer back, as `expandingLearning` ordered them) — then every
    /// mechanism's `learn` step, so that all signals are computed from this trial's weights
    /// before any weight changes. Nothing for a model without learning components.
    ///
    /// AutoAssociativeLearningMechanisms belong to PsyNeuLink's execution phase: they run in
    /// the pass, after their mechanism, and change the matrix at once. A trial without a
    /// scheduler section is one pass that runs every node once, so running them after the
    /// trial gives the same numbers; a scheduled trial may run the mechanism several times
    /// (one change each, except after an execution the trial ends on), so its passes are
    /// lowered again with the learners in them (`lowerScheduledTrial(hebbianInPasses:)`).
    mutating func lowerLearningTrial() throws(ModelError) {
        let learning = model.nodes.indices.filter { graph.isLearning[$0] }
        guard !learning.isEmpty else { return }
        for i in learning { (mechanisms[i] as? LearningLowering)?.applyPending(in: &self) }
        let hebbian = Set(learning.filter { model.nodes[$0].autoAssociative != nil })
        var afterTrial = learning
        if let scheduler = model.scheduler, !scheduler.isEmpty, !hebbian.isEmpty {
            // What `lower` puts at the start of `trial`: trajectories start empty each trial.
            for counter in stepRecords.keys.sorted().flatMap({ stepRecords[$0] ?? [] }).map(\.counter) {
                builder.assign(counter, .constant(0))
            }
            try lowerScheduledTrial(scheduler, hebbianInPasses: true)
            afterTrial.removeAll { hebbian.contains($0) }
        } else {
            for op in builder.program[.trial] { builder.emit(op) }
        }
        for i in afterTrial { try lowerExecution(of: i, variables: portVariables(of: i)) }
        for i in afterTrial { try mechanisms[i].learn(in: &self) }
        builder.finish(.learnTrial)
    }

    /// What the host needs to run `learn`: the TARGET nodes and the names the inputs file may
    /// give them, each LearningMechanism's learning-rate parameter, and the learned weights.
    func describeLearning(_ pathways: [LearningPathway], into lowered: inout LoweredModel) {
        var targets: [TargetInput] = []
        for pathway in pathways {
            guard let last = pathway.pathway.last else { continue }
            if let k = targets.firstIndex(where: { $0.aliases.contains(last) }) {
                if !targets[k].aliases.contains(pathway.targetName) { targets[k].aliases.append(pathway.targetName) }
                continue
            }
            targets.append(TargetInput(node: pathway.targetName, aliases: [last, pathway.targetName]))
        }
        lowered.targets = targets
        for (i, node) in model.nodes.enumerated() {
            guard let spec = node.learningMechanism, let lm = mechanisms[i] as? LearningLowering else { continue }
            lowered.learningRates.append(LearningRateParameter(mechanism: node.name, buffer: lm.learningRate.buffer,
                                                               overridable: spec.ownLearningRate == nil))
            if spec.learnable && !lowered.learnedWeights.contains(spec.projection) {
                lowered.learnedWeights.append(spec.projection)
            }
        }
        // Hebbian: the learn call's rate replaces a rate the model gives (every element of a rate
        // per unit or per element), never the default (AutoAssociativeSpec.learningRateGiven).
        for (i, node) in model.nodes.enumerated() {
            guard let spec = node.autoAssociative, let h = mechanisms[i] as? HebbianLowering else { continue }
            lowered.learningRates.append(LearningRateParameter(mechanism: node.name, buffer: h.learningRate.buffer,
                                                               overridable: spec.learningRateGiven))
            if !lowered.learnedWeights.contains(spec.mechanism) { lowered.learnedWeights.append(spec.mechanism) }
        }
    }
}
