import MechanistIR

/// The state buffers a TransferMechanism-family node owns, declared with its
/// `TransferLowering` before any execution is lowered, so that every execution (and a cycle
/// reading a sender's previous value) refers to the same slices.
struct TransferBuffers {
    /// `<node>.value`: the value of the node's last execution, its value rows flattened.
    var value: Slice
    /// Rows of `value`, one per value row of the node's shape.
    var valueRows: [Slice]
    /// `<node>.integrator`: the previous integrator value (integrator_mode, LCA).
    var integrator: Slice?
    /// Per output port (index = output port index): the state slice of a computed port
    /// (`MEAN`, `ENERGY`, ...), nil for a port that reports a value row.
    var computedPorts: [Slice?]
    /// `<node>.previous_value`: the value before the current execution (MAX_ABS_DIFF and
    /// CONVERGENCE termination measures compare with it).
    var previousValue: Slice? = nil
    /// `<node>.num_executions_before_finished`: executions since the node last finished
    /// (PsyNeuLink's counter; DECISION_STEPS reports it).
    var executions: Slice? = nil
    /// `<node>.is_finished`: nonzero once the node's termination condition held.
    var finished: Slice? = nil
    /// `<node>.threshold_reached`: 1 when the termination measure held at the last execution
    /// (initially 1), 0 when the node finished only at its execution cap, or not at all.
    var thresholdReached: Slice? = nil
    /// Per time scale (`termination_measure` TIME_STEP, PASS, TRIAL, RUN): executions in it.
    var scaleExecutions: Slice? = nil
    /// `<node>.rng`: draws made so far from the node's noise stream.
    var rng: Slice? = nil
    /// The recurrent projection's matrix (a `weight` buffer named as the node).
    var recurrentMatrix: Slice? = nil
    /// Stability matrices of the ENERGY and ENTROPY ports (state, filled at initialization:
    /// the hollow part of the matrix the node was built with; HOLLOW ones).
    var energyMatrix: Slice? = nil
    var entropyMatrix: Slice? = nil
    /// `<node>.function_input`: the function's input of the last execution, kept for a
    /// LearningMechanism whose derivative reads it (the node receives a learned projection).
    var functionInput: Slice? = nil
}
