import MechanistIR

/// The contract between the scheduler (which decides when nodes run) and the mechanisms
/// (what one execution computes). Lowering first declares every node's buffers, then emits
/// initializations, then executions wherever the scheduler places them; a node's semantics
/// live in its type's lowering file, dispatched here.
extension LoweringContext {
    /// Declares node i's state buffers (its value `<node>.value`, integrator, counters, port
    /// values) and sets `outputs[i]` (its output port slices); emits NO ops. Called for every
    /// node before any execution is lowered (so cycles can read a sender's previous value).
    mutating func declareNode(_ i: Int) throws(ModelError) {
        switch model.nodes[i].type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            try declareTransferMechanism(i)
        case .objectiveMechanism, .comparatorMechanism:
            declareCombinationMechanism(i)
        }
    }

    /// Emits, into the builder's current body, ONE scheduled execution of node i (including
    /// its own execute-until-finished loop and its recurrent projection), given its input
    /// ports' values `variables` (computed by the caller from afferents).
    mutating func lowerExecution(of i: Int, variables: [Slice]) throws(ModelError) {
        switch model.nodes[i].type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            try lowerTransferExecution(i, variables: variables)
        case .objectiveMechanism:
            lowerObjectiveMechanism(i, variables: variables)
        case .comparatorMechanism:
            lowerComparatorMechanism(i, variables: variables)
        }
    }

    /// Emits node i's initialization ops (into the initialization body): e.g. the RTM/LCA
    /// initial output.
    mutating func lowerInitialization(of i: Int) throws(ModelError) {
        switch model.nodes[i].type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            try lowerTransferInitialization(i)
        case .objectiveMechanism, .comparatorMechanism:
            break
        }
    }

    /// Emits ops resetting node i's stateful function (reset_stateful_function_when): the
    /// integrator to its initializer, the value to f(initializer) WITHOUT noise, step counters
    /// as PsyNeuLink does.
    mutating func lowerReset(of i: Int) throws(ModelError) {
        switch model.nodes[i].type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            try lowerTransferReset(i)
        case .objectiveMechanism, .comparatorMechanism:
            // Stateless: PsyNeuLink has nothing to reset.
            break
        }
    }

    /// A one-element state slice that is nonzero when node i is finished (PsyNeuLink's
    /// is_finished) after its last execution; nil when the node is always finished after
    /// executing.
    func finishedFlag(of i: Int) -> Slice? {
        nodeBuffers[i]?.finished
    }
}
