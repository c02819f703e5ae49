import MechanistIR

/// ObjectiveMechanism: one input port per monitored port (each fed by its projection),
/// combined by LinearCombination (default SUM) into its value, OUTCOME. A monitor entry's
/// weight and exponent override the function's for its port, as PsyNeuLink assigns port
/// weights to it.
struct ObjectiveLowering: MechanismLowering {
    let node: Node
    let state: CombinedValue

    var valueRows: [Slice] { [state.value] }
    var outputPorts: [Slice] { state.outputPorts }
    var finished: Slice? { nil }

    init(declaring i: Int, in context: inout LoweringContext) {
        node = context.model.nodes[i]
        state = CombinedValue(declaring: i, in: &context)
    }

    func execute(variables: [Slice], in context: inout LoweringContext) {
        var combination = LinearCombination()
        if case .linearCombination(let c)? = node.function { combination = c }
        let overrides = (node.monitor ?? []).map { PortCoefficients(weight: $0.weight, exponent: $0.exponent) }
        state.emit(combination, ports: variables, overrides: overrides, in: &context)
    }

    /// Stateless: PsyNeuLink's execution at construction leaves nothing behind (the value
    /// starts at 0).
    func initialize(in context: inout LoweringContext) {}

    /// Stateless: PsyNeuLink has nothing to reset.
    func reset(in context: inout LoweringContext) {}
}
