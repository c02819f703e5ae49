import MechanistIR

extension LoweringContext {
    /// ObjectiveMechanism and ComparatorMechanism state: the value `<node>.value` and the
    /// computed ports (SUM, SSE, MSE), which report statistics of the value.
    mutating func declareCombinationMechanism(_ i: Int) {
        let shape = graph.shapes[i]
        let value = state(of: i, "value", .vector(shape.valueCount))
        let computed = shape.outputPorts.map { port in port.row == nil ? declareComputedPort(port, of: i) : nil }
        nodeBuffers[i] = NodeBuffers(value: value, valueRows: [value], computedPorts: computed)
        outputs[i] = zip(shape.outputPorts, computed).map { port, slice in slice ?? value }
    }

    /// ObjectiveMechanism: one input port per monitored port (each fed by its projection),
    /// combined by LinearCombination (default SUM). A monitor entry's weight and exponent
    /// override the function's for its port, as PsyNeuLink assigns port weights to it.
    mutating func lowerObjectiveMechanism(_ i: Int, variables: [Slice]) {
        let node = model.nodes[i]
        let combination = functionCombination(node) ?? LinearCombination()
        let monitor = node.monitor ?? []
        let terms = variables.enumerated().map { k, x in
            CombinationTerm(values: x,
                            weight: monitor[k].weight ?? LinearCombination.coefficient(combination.weights, port: k),
                            exponent: monitor[k].exponent ?? LinearCombination.coefficient(combination.exponents, port: k))
        }
        emitCombinationValue(i, terms: terms, combination: combination)
    }

    /// ComparatorMechanism: SAMPLE and TARGET ports (identity projections) combined by
    /// LinearCombination with weights [-1, 1], so OUTCOME = TARGET - SAMPLE; SUM, SSE and MSE
    /// ports are computed from OUTCOME.
    mutating func lowerComparatorMechanism(_ i: Int, variables: [Slice]) {
        var combination = functionCombination(model.nodes[i]) ?? LinearCombination()
        if combination.weights == nil { combination.weights = .vector([-1, 1]) }
        let terms = variables.enumerated().map { k, x in
            CombinationTerm(values: x, weight: LinearCombination.coefficient(combination.weights, port: k),
                            exponent: LinearCombination.coefficient(combination.exponents, port: k))
        }
        emitCombinationValue(i, terms: terms, combination: combination)
    }

    /// Combines `terms` into the node's value, then computes its computed ports.
    private mutating func emitCombinationValue(_ i: Int, terms: [CombinationTerm], combination: LinearCombination) {
        guard let buffers = nodeBuffers[i] else { return }
        emitCombination(terms, operation: combination.operation, scale: combination.scale, offset: combination.offset,
                        into: buffers.value, prefix: model.nodes[i].name, builder: &builder)
        for (port, slice) in zip(graph.shapes[i].outputPorts, buffers.computedPorts) {
            if let slice { emitStandardPort(port.name, of: i, row: buffers.value, into: slice) }
        }
    }

    private func functionCombination(_ node: Node) -> LinearCombination? {
        if case .linearCombination(let c)? = node.function { return c }
        return nil
    }
}
