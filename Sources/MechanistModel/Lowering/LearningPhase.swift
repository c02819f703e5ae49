import MechanistIR

extension LoweringContext {
    /// The `learnTrial` body, as PsyNeuLink's `Composition.learn` runs a trial: the processing
    /// phase (the very ops of `trial`, after any change still pending from "online" learning),
    /// then the learning phase — the learning components'
    /// executions in the model's order (TARGET nodes, Comparators, then LearningMechanisms
    /// from the last layer back, as `expandingLearning` ordered them) — then every
    /// mechanism's `learn` step, so that all signals are computed from this trial's weights
    /// before any weight changes. Nothing for a model without learning components.
    mutating func lowerLearningTrial() throws(ModelError) {
        let learning = model.nodes.indices.filter { graph.isLearning[$0] }
        guard !learning.isEmpty else { return }
        for i in learning { (mechanisms[i] as? LearningLowering)?.applyPending(in: &self) }
        for op in builder.program[.trial] { builder.emit(op) }
        for i in learning { try lowerExecution(of: i, variables: portVariables(of: i)) }
        for i in learning { try mechanisms[i].learn(in: &self) }
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
        // Hebbian: a single rate is overridable by the learn call, like a pathway's rate; a
        // rate per unit or per element is not listed (the learn call's rate is one number).
        for (i, node) in model.nodes.enumerated() {
            guard let spec = node.autoAssociative, let h = mechanisms[i] as? HebbianLowering else { continue }
            if case .scalar = spec.learningRate {
                lowered.learningRates.append(LearningRateParameter(mechanism: node.name, buffer: h.learningRate.buffer,
                                                                   overridable: true))
            }
            if !lowered.learnedWeights.contains(spec.mechanism) { lowered.learnedWeights.append(spec.mechanism) }
        }
    }
}
