/// What one AutoAssociativeLearningMechanism learns: PsyNeuLink's learning mechanism with the
/// Hebbian function that a RecurrentTransferMechanism (or LCAMechanism) with `enable_learning`
/// creates for its recurrent projection. Files never spell it: `Model.expandingLearning()`
/// creates the node `<mechanism>_learning`.
public struct AutoAssociativeSpec: Sendable, Hashable {
    /// The recurrent mechanism whose matrix (the `weight` buffer named after it) is trained.
    public var mechanism: String
    /// A number, one per unit (`dW_ij = a_i * lr_j * a_j`), or an n x n matrix (elementwise).
    public var learningRate: ParameterValue
    /// The mechanism's `learning_enabled`: false computes LEARNING_SIGNAL, never changes weights.
    public var enabled: Bool
    /// Whether the model file gave the rate. PsyNeuLink 0.21 lets `learn(learning_rate=)`
    /// override a given rate but never the default 0.05, and never applies the Composition's
    /// `learning_rate` (checked for RTMs and LCAs; docs/LEARNING_SEMANTICS.md).
    public var learningRateGiven: Bool

    /// PsyNeuLink's default learning rate of an RTM's AutoAssociativeLearningMechanism.
    public static let defaultRate = 0.05

    public init(mechanism: String, learningRate: ParameterValue = .scalar(AutoAssociativeSpec.defaultRate),
                enabled: Bool = true, learningRateGiven: Bool = true) {
        self.mechanism = mechanism
        self.learningRate = learningRate
        self.enabled = enabled
        self.learningRateGiven = learningRateGiven
    }
}
