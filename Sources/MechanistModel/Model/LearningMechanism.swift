/// What one LearningMechanism learns: PsyNeuLink's LearningMechanism with the BackPropagation
/// function, one per learned MappingProjection of the model's learning pathways.
///
/// Files never spell these: `Model.expandingLearning()` creates them from `learning`, as
/// PsyNeuLink's `add_backpropagation_learning_pathway` does, so that every learning component
/// is a real node that `check` lists, `graph` draws and `--record` reads.
public struct LearningMechanismSpec: Sendable, Hashable {
    /// The learned MappingProjection, by its resolved name (the weight buffer it updates).
    public var projection: String
    /// The projection's sender (ACTIVATION_INPUT) and receiver (ACTIVATION_OUTPUT).
    public var activationInput: PortReference
    public var activationOutput: PortReference
    /// Where the error of ACTIVATION_OUTPUT comes from; contributions are summed in this order.
    public var errorSources: [LearningErrorSource]
    /// The projection's (or its LearningMechanism's) own learning rate: first in precedence,
    /// above a run-time rate.
    public var ownLearningRate: Double?
    /// The rate when neither an own nor a run-time rate is given: the pathway's, then the
    /// model's, then PsyNeuLink's default 0.05.
    public var defaultLearningRate: Double
    /// The pathway's `learning_enabled`: `.off` computes every signal but never changes weights.
    public var enabled: LearningPathway.Enabled
    /// The projection's `learnable`: false passes errors back but never changes the weights.
    public var learnable: Bool

    public init(projection: String, activationInput: PortReference, activationOutput: PortReference,
                errorSources: [LearningErrorSource], ownLearningRate: Double? = nil,
                defaultLearningRate: Double = LearningMechanismSpec.defaultRate,
                enabled: LearningPathway.Enabled = .on, learnable: Bool = true) {
        self.projection = projection
        self.activationInput = activationInput
        self.activationOutput = activationOutput
        self.errorSources = errorSources
        self.ownLearningRate = ownLearningRate
        self.defaultLearningRate = defaultLearningRate
        self.enabled = enabled
        self.learnable = learnable
    }

    /// PsyNeuLink's default learning rate of BackPropagation.
    public static let defaultRate = 0.05

    /// Whether this mechanism's weight changes are applied at all.
    public var changesWeights: Bool {
        guard learnable else { return false }
        switch enabled {
        case .on, .online, .after: return true
        case .off: return false
        }
    }
}

/// One source of a LearningMechanism's error signal.
public enum LearningErrorSource: Sendable, Hashable {
    /// A pathway's Comparator (OBJECTIVE): its OUTCOME (TARGET - SAMPLE), scaled by the loss.
    case objective(comparator: String, loss: LearningPathway.Loss)
    /// The next layer's LearningMechanism: its ERROR_SIGNAL (delta) back through its
    /// projection's matrix as it was before this trial's update.
    case learningMechanism(node: String, projection: String)
}
