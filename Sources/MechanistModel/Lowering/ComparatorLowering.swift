import MechanistIR

/// ComparatorMechanism: SAMPLE and TARGET ports (identity projections) combined by
/// LinearCombination with weights [-1, 1] unless its function gives others, so OUTCOME =
/// TARGET - SAMPLE; the SUM, SSE and MSE ports are computed from OUTCOME.
struct ComparatorLowering: MechanismLowering {
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
        if combination.weights == nil { combination.weights = .vector([-1, 1]) }
        state.emit(combination, ports: variables, in: &context)
    }

    /// Stateless: PsyNeuLink's execution at construction leaves nothing behind (the value
    /// starts at 0).
    func initialize(in context: inout LoweringContext) {}

    /// Stateless: PsyNeuLink has nothing to reset.
    func reset(in context: inout LoweringContext) {}
}
