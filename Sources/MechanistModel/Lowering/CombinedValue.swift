import MechanistIR

/// The state of a mechanism whose value is a LinearCombination of its input ports
/// (ObjectiveMechanism, ComparatorMechanism): `<node>.value` and the computed ports (SUM,
/// SSE, MSE) that report statistics of it. Both are stateless otherwise: they have nothing
/// to initialize or reset.
struct CombinedValue {
    /// The node's index in the model.
    let index: Int
    let value: Slice
    /// Per output port: the state slice of a computed port, nil for one reporting the value.
    let computedPorts: [Slice?]
    let outputPorts: [Slice]

    init(declaring i: Int, in context: inout LoweringContext) {
        let shape = context.graph.shapes[i]
        let value = context.state(of: i, "value", .vector(shape.valueCount))
        let computed = shape.outputPorts.map { port in
            port.row == nil ? context.declareComputedPort(port, of: i) : nil
        }
        index = i
        self.value = value
        computedPorts = computed
        outputPorts = computed.map { $0 ?? value }
    }

    /// Combines `ports` by `combination` into the value (port k's weight and exponent
    /// overridden by `overrides[k]` where given), then computes the computed ports.
    func emit(_ combination: LinearCombination, ports: [Slice], overrides: [PortCoefficients] = [],
              in context: inout LoweringContext) {
        combination.emit(combination.terms(ports, overrides: overrides), into: value,
                         prefix: context.uniqueName(context.model.nodes[index].name), in: &context)
        for (port, slice) in zip(context.graph.shapes[index].outputPorts, computedPorts) {
            if let slice { context.emitStandardPort(port.name, of: index, row: value, into: slice) }
        }
    }
}
