/// The mechanism types a model file's node may have (PsyNeuLink class names).
public enum NodeType: String, Sendable, Hashable, CaseIterable {
    case processingMechanism = "ProcessingMechanism"
    case transferMechanism = "TransferMechanism"
    case recurrentTransferMechanism = "RecurrentTransferMechanism"
    case lcaMechanism = "LCAMechanism"
    case objectiveMechanism = "ObjectiveMechanism"
    case comparatorMechanism = "ComparatorMechanism"
    /// A LearningMechanism with BackPropagation: created by a learning pathway, never written
    /// in files (`Model.expandingLearning()`).
    case learningMechanism = "LearningMechanism"
    /// An AutoAssociativeLearningMechanism with Hebbian: created for a RecurrentTransferMechanism
    /// or LCAMechanism with `enable_learning`, never written in files.
    case autoAssociativeLearningMechanism = "AutoAssociativeLearningMechanism"

    /// Whether a model file may name this type (learning pathways create the others).
    public var isWritable: Bool {
        switch self {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism,
             .objectiveMechanism, .comparatorMechanism:
            return true
        case .learningMechanism, .autoAssociativeLearningMechanism:
            return false
        }
    }

    /// TransferMechanism and its subclasses (integrator, noise, clip, termination fields).
    public var isTransferFamily: Bool {
        switch self {
        case .transferMechanism, .recurrentTransferMechanism, .lcaMechanism: return true
        case .processingMechanism, .objectiveMechanism, .comparatorMechanism, .learningMechanism,
             .autoAssociativeLearningMechanism: return false
        }
    }

    /// Standard output ports a file may list in `output_ports`, in PsyNeuLink's upper-case
    /// keywords.
    public var standardOutputPorts: [String] {
        switch self {
        case .processingMechanism:
            return ["RESULT"]
        case .transferMechanism:
            return ["RESULT", "MEAN", "VARIANCE", "STANDARD_DEVIATION", "MEDIAN", "MAX_VAL",
                    "MAX_ABS_VAL", "MAX_INDICATOR", "MAX_ABS_INDICATOR", "PROB"]
        case .recurrentTransferMechanism:
            // LEARNED_ENERGY is Mechanist's: ENERGY with the matrix as learned so far (ENERGY
            // keeps the matrix the mechanism was built with, as PsyNeuLink 0.21 does).
            return NodeType.transferMechanism.standardOutputPorts + ["ENERGY", "ENTROPY", "LEARNED_ENERGY"]
        case .lcaMechanism:
            return NodeType.recurrentTransferMechanism.standardOutputPorts
                + ["MAX_VS_NEXT", "MAX_VS_AVG", "DECISION_INDEX", "DECISION_STEPS", "DECISION_TIME"]
        case .objectiveMechanism:
            return ["OUTCOME"]
        case .comparatorMechanism:
            return ["OUTCOME", "SUM", "SSE", "MSE"]
        case .learningMechanism:
            return ["LEARNING_SIGNAL", "ERROR_SIGNAL"]
        case .autoAssociativeLearningMechanism:
            return ["LEARNING_SIGNAL"]
        }
    }
}

/// Roles a file may require of a node (`roles`). Without them, nodes that receive no
/// projections are INPUT and nodes that send none are OUTPUT; required roles are added to
/// those (as PsyNeuLink's `required_roles`), and INTERNAL keeps a node out of OUTPUT.
public enum NodeRole: String, Sendable, Hashable, CaseIterable {
    case input = "INPUT"
    case output = "OUTPUT"
    case `internal` = "INTERNAL"
    /// PsyNeuLink's older name for INPUT.
    case origin = "ORIGIN"
    /// PsyNeuLink's older name for OUTPUT.
    case terminal = "TERMINAL"
    /// A learning component (TARGET node, Comparator, LearningMechanism): runs only in the
    /// learning phase of `learn`, never counts for INPUT / OUTPUT, never in `results`.
    case learning = "LEARNING"
    /// A learning pathway's TARGET node: fed from the inputs file's `targets`.
    case target = "TARGET"
    /// A learning pathway's Comparator (its OBJECTIVE).
    case learningObjective = "LEARNING_OBJECTIVE"

    /// Whether a model file may ask for this role (learning pathways assign the others).
    public var isWritable: Bool {
        switch self {
        case .input, .output, .internal, .origin, .terminal: return true
        case .learning, .target, .learningObjective: return false
        }
    }
}

/// `termination_measure` of a TransferMechanism.
public enum TerminationMeasure: Sendable, Hashable {
    /// `MAX_ABS_DIFF` (the default): max |value_t - value_{t-1}|.
    case maxAbsDiff
    /// A time scale: finished after `termination_threshold` executions in it.
    case timeScale(TimeScale)
}

/// PsyNeuLink's time scales, as files spell them.
public enum TimeScale: String, Sendable, Hashable, CaseIterable {
    case timeStep = "TIME_STEP"
    case pass = "PASS"
    case trial = "TRIAL"
    case run = "RUN"
}
