import MechanistIR

extension LoweringContext {
    /// ObjectiveMechanism: one input port per monitored port (each fed by its projection),
    /// combined by LinearCombination (default SUM). A monitor entry's weight and exponent
    /// override the function's for its port, as PsyNeuLink assigns port weights to it.
    mutating func lowerObjectiveMechanism(_ i: Int, variables: [Slice]) {
        let node = model.nodes[i]
        let shape = graph.shapes[i]
        let combination = functionCombination(node) ?? LinearCombination()
        let monitor = node.monitor ?? []
        let terms = variables.enumerated().map { k, x in
            CombinationTerm(values: x,
                            weight: monitor[k].weight ?? LinearCombination.coefficient(combination.weights, port: k),
                            exponent: monitor[k].exponent ?? LinearCombination.coefficient(combination.exponents, port: k))
        }
        let value = state(of: i, "value", .vector(shape.valueCount))
        emitCombination(terms, operation: combination.operation, scale: combination.scale, offset: combination.offset,
                        into: value, prefix: node.name, builder: &builder)
        outputs[i] = shape.outputPorts.map { port in
            port.row != nil ? value : standardPort(port.name, of: i, row: value)
        }
    }

    /// ComparatorMechanism: SAMPLE and TARGET ports (identity projections) combined by
    /// LinearCombination with weights [-1, 1], so OUTCOME = TARGET - SAMPLE; SUM, SSE and MSE
    /// ports are computed from OUTCOME.
    mutating func lowerComparatorMechanism(_ i: Int, variables: [Slice]) {
        let node = model.nodes[i]
        let shape = graph.shapes[i]
        var combination = functionCombination(node) ?? LinearCombination()
        if combination.weights == nil { combination.weights = .vector([-1, 1]) }
        let terms = variables.enumerated().map { k, x in
            CombinationTerm(values: x, weight: LinearCombination.coefficient(combination.weights, port: k),
                            exponent: LinearCombination.coefficient(combination.exponents, port: k))
        }
        let value = state(of: i, "value", .vector(shape.valueCount))
        emitCombination(terms, operation: combination.operation, scale: combination.scale, offset: combination.offset,
                        into: value, prefix: node.name, builder: &builder)
        outputs[i] = shape.outputPorts.map { port in
            port.row != nil ? value : standardPort(port.name, of: i, row: value)
        }
    }

    private func functionCombination(_ node: Node) -> LinearCombination? {
        if case .linearCombination(let c)? = node.function { return c }
        return nil
    }
}
