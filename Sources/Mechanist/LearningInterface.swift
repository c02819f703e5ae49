import MechanistIR
import MechanistModel

/// What an `Executable` knows of its model's learning, beyond the Program: where the targets
/// go, which learning rates a learn may override, and which weights it reports. Empty for a
/// model without learning.
package struct LearningInterface: Sendable, Hashable {
    /// The learning pathways' TARGET nodes (INPUT nodes of the Program).
    package var targets: [TargetInput]
    /// The learning rates' buffers, one per LearningMechanism.
    package var learningRates: [LearningRateParameter]
    /// The weight buffers (projection names) learning changes, in the order reported.
    package var learnedWeights: [String]

    package init(targets: [TargetInput] = [], learningRates: [LearningRateParameter] = [],
                learnedWeights: [String] = []) {
        self.targets = targets
        self.learningRates = learningRates
        self.learnedWeights = learnedWeights
    }

    /// The learning part of a lowered model.
    package init(_ lowered: LoweredModel) {
        self.init(targets: lowered.targets, learningRates: lowered.learningRates,
                  learnedWeights: lowered.learnedWeights)
    }

    /// The TARGET node a `targets` key names (any of its aliases, or its node name).
    func target(forKey key: String) -> TargetInput? {
        targets.first { $0.node == key || $0.aliases.contains(key) }
    }

    /// Whether `node` is a TARGET node.
    func isTarget(_ node: String) -> Bool { targets.contains { $0.node == node } }

    /// Every key `targets` accepts, for error messages.
    var acceptedKeys: [String] {
        var keys: [String] = []
        for target in targets {
            for key in target.aliases + [target.node] where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Checks that the interface fits the Program: each TARGET node has input slots, each
    /// rate is the mechanism's `<mechanism>.learning_rate` weight buffer (a parameter only when
    /// not overridable: constant folding inlines parameters, so a learn could not set it; one
    /// value, or several for a Hebbian rate per unit or per weight), each learned weight is a
    /// weight buffer. A mismatch is a lowering fault, reported rather than trapped on.
    func check(against program: Program) throws {
        for target in targets where !program.inputs.contains(where: { $0.node == target.node }) {
            throw RunError("learning: TARGET node '\(target.node)' has no input slot in program '\(program.name)'")
        }
        for rate in learningRates {
            guard program.buffers.indices.contains(rate.buffer.index) else {
                throw RunError("learning: the learning rate of '\(rate.mechanism)' names \(rate.buffer), "
                    + "which program '\(program.name)' does not have")
            }
            let decl = program[rate.buffer]
            guard decl.name == "\(rate.mechanism).learning_rate", decl.role == .parameter || decl.role == .weight,
                  !(rate.overridable && decl.role == .parameter) else {
                throw RunError("learning: the learning rate of '\(rate.mechanism)' ('\(decl.name)') must be its "
                    + "'\(rate.mechanism).learning_rate' weight buffer (a parameter when not overridable); it is a "
                    + "\(decl.count)-element \(decl.role.rawValue) buffer")
            }
        }
        for name in learnedWeights where !program.buffers.contains(where: { $0.name == name && $0.role == .weight }) {
            throw RunError("learning: learned weight '\(name)' is not a weight buffer of program '\(program.name)'")
        }
    }
}
