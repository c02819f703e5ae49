import MechanistIR

/// How one kind of mechanism lowers itself: the contract between the scheduler (Scheduling/,
/// which decides when a node runs) and the mechanism (what it computes). Each kind is ONE
/// type, chosen by the switch in `declareMechanisms`: `TransferLowering` (TransferMechanism,
/// ProcessingMechanism, RecurrentTransferMechanism, LCAMechanism), `ObjectiveLowering`,
/// `ComparatorLowering`.
///
/// A value is made by declaring the node's buffers (state, output ports) and emits no ops;
/// every node is declared before any op is emitted, so an execution can read a sender that
/// runs later (cycles read its previous value). The steps emit into the context's current
/// body, wherever the caller places them.
protocol MechanismLowering {
    /// The node's value `<node>.value`, one slice per value row.
    var valueRows: [Slice] { get }
    /// The slice each output port reports, in `output_ports` order.
    var outputPorts: [Slice] { get }
    /// A one-element state slice, nonzero when the node is finished (PsyNeuLink's
    /// `is_finished`) after its last execution; nil when it always is after executing.
    var finished: Slice? { get }
    /// Whether `execute` appends the node's `--record-steps` ports itself, at every execution
    /// of its own loop; otherwise they are appended once after each scheduled execution.
    var appendsOwnSteps: Bool { get }
    /// The flag a termination threshold sets once reached (a TransferMechanism's), else nil:
    /// asked of every node without casting it, which copied each node's lowering (issue 13).
    var thresholdReached: Slice? { get }

    /// PsyNeuLink's execution at construction, into the initialization body (e.g. a
    /// recurrent mechanism's initial output).
    func initialize(in context: inout LoweringContext) throws(ModelError)

    /// ONE scheduled execution, including the mechanism's own execute-until-finished loop
    /// and its recurrent projection, given its input ports' values `variables` (computed by
    /// the caller from the afferents).
    func execute(variables: [Slice], in context: inout LoweringContext) throws(ModelError)

    /// `reset_stateful_function_when`: the stateful function back to its initializer, as
    /// PsyNeuLink's `Mechanism.reset` does.
    func reset(in context: inout LoweringContext) throws(ModelError)

    /// The mechanism's learning step (after the trial's forward pass). Only learning
    /// mechanisms emit one; the default emits nothing.
    func learn(in context: inout LoweringContext) throws(ModelError)
}

extension MechanismLowering {
    func learn(in context: inout LoweringContext) throws(ModelError) {}
    var appendsOwnSteps: Bool { false }
    var thresholdReached: Slice? { nil }
}

extension LoweringContext {
    /// Declares every node's buffers through the lowering of its kind, in the model's order,
    /// and sets `outputs` (the one switch over node types).
    mutating func declareMechanisms() {
        for i in model.nodes.indices {
            let mechanism: any MechanismLowering
            switch model.nodes[i].type {
            case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
                mechanism = TransferLowering(declaring: i, in: &self)
            case .objectiveMechanism:
                mechanism = ObjectiveLowering(declaring: i, in: &self)
            case .comparatorMechanism:
                mechanism = ComparatorLowering(declaring: i, in: &self)
            case .learningMechanism:
                mechanism = LearningLowering(declaring: i, in: &self)
            case .autoAssociativeLearningMechanism:
                mechanism = HebbianLowering(declaring: i, in: &self)
            }
            mechanisms.append(mechanism)
            outputs[i] = mechanism.outputPorts
        }
    }

    /// Emits one scheduled execution of node i (see `MechanismLowering.execute`).
    mutating func lowerExecution(of i: Int, variables: [Slice]) throws(ModelError) {
        let mechanism = mechanisms[i]
        try mechanism.execute(variables: variables, in: &self)
        if !mechanism.appendsOwnSteps { emitStepRecords(of: i) }
    }

    /// Emits node i's reset (see `MechanismLowering.reset`).
    mutating func lowerReset(of i: Int) throws(ModelError) {
        let mechanism = mechanisms[i]
        try mechanism.reset(in: &self)
    }
}
