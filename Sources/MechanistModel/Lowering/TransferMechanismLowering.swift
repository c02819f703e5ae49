import MechanistIR

extension LoweringContext {
    /// TransferMechanism and ProcessingMechanism (PsyNeuLink 0.21, Python mode):
    /// - without integrator: `value = clip(f(x + noise))`;
    /// - with `integrator_mode`: state `<node>.integrator` (initial `initial_value`, default 0)
    ///   steps `v = (1 - rate) * v + rate * x + noise` (AdaptiveIntegrator, rate default 0.5),
    ///   then `value = clip(f(v))`.
    /// The value lives in state `<node>.value` (one row per input port, flattened); output
    /// ports are its rows (RESULT) or statistics of row 0 (MEAN, VARIANCE, STANDARD_DEVIATION).
    mutating func lowerTransferMechanism(_ i: Int, variables: [Slice]) {
        let node = model.nodes[i]
        let shape = graph.shapes[i]
        let name = node.name
        let rows = shape.inputPorts.map(\.size)
        let total = rows.reduce(0, +)
        let offsets = rows.indices.map { rows.prefix($0).reduce(0, +) }
        // Zero noise adds nothing (support checks reject distributions before lowering).
        var noise: ParameterValue?
        if case .constant(let v)? = node.noise, v.flattened.contains(where: { $0 != 0 }) { noise = v }
        let noiseExpr = elementExpr(noise, named: "\(name).noise", count: total)

        // The function's input, per row: an expression over slices.
        var inputs: [Expr] = []
        if node.integratorMode ?? false {
            let initial = node.initialValue.map { broadcast($0, count: total) } ?? []
            let integrator = state(of: i, "integrator", .vector(total), initial: initial)
            let rate = node.integrationRate ?? .scalar(0.5)
            let rateExpr = elementExpr(rate, named: "\(name).integration_rate", count: total)
            for (r, size) in rows.enumerated() {
                let v = Slice(integrator.buffer, offset: offsets[r], count: size)
                let rateRow = rateExpr.map { $0(offsets[r], size) } ?? .constant(0.5)
                // PsyNeuLink: (1 - rate) * previous_value + rate * variable + noise (+ offset 0).
                let keep: Expr
                if case .constant(let c) = rateRow { keep = .constant(1 - c) } else { keep = .constant(1) - rateRow }
                var step: Expr = keep * .element(v) + rateRow * .element(variables[r])
                if let n = noiseExpr { step = step + n(offsets[r], size) }
                builder.assign(v, step)
                inputs.append(.element(v))
            }
        } else {
            for (r, size) in rows.enumerated() {
                var x: Expr = .element(variables[r])
                if let n = noiseExpr { x = x + n(offsets[r], size) }
                inputs.append(x)
            }
        }

        let value = state(of: i, "value", .vector(shape.valueCount))
        let valueRows = shape.valueRows.indices.map {
            Slice(value.buffer, offset: shape.rowOffset($0), count: shape.valueRows[$0])
        }
        let function = node.function ?? .linear()
        switch function {
        case .linear, .logistic, .tanh, .relu, .exponential, .gaussian:
            if let f = function.elementwise {
                for r in rows.indices { builder.assign(valueRows[r], f.expression(inputs[r])) }
            }
        case .softMax(let softMax):
            for r in rows.indices {
                softMax.emit(x: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                             into: valueRows[r], prefix: "\(name).softmax-\(r)", builder: &builder)
            }
        case .reduce(let reduce):
            for r in rows.indices {
                reduce.emit(x: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                            into: valueRows[r], prefix: "\(name).reduce-\(r)", builder: &builder)
            }
        case .linearCombination(let c):
            let terms = rows.indices.map { r in
                CombinationTerm(values: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                                weight: LinearCombination.coefficient(c.weights, port: r),
                                exponent: LinearCombination.coefficient(c.exponents, port: r))
            }
            emitCombination(terms, operation: c.operation, scale: c.scale, offset: c.offset, into: valueRows[0],
                            prefix: name, builder: &builder)
        }
        if let clip = node.clip {
            // PsyNeuLink sets elements below low to low and above high to high (NaN stays).
            let v = Expr.element(value)
            let low = Expr.constant(clip.low), high = Expr.constant(clip.high)
            builder.assign(value, .select(.less, v, low, then: low, else: .select(.greater, v, high, then: high, else: v)))
        }
        outputs[i] = shape.outputPorts.map { port in
            if let r = port.row { return valueRows[r] }
            return standardPort(port.name, of: i, row: valueRows[0])
        }
    }

    /// A slice holding `expr` (the expression's own slice when it is a plain read).
    mutating func materialize(_ expr: Expr, count: Int, named base: String) -> Slice {
        if case .element(let s) = expr { return s }
        let temp = buffer(base, .temp, .vector(count))
        builder.assign(temp, expr)
        return temp
    }

    /// A per-element parameter as a function of (offset, count) giving the expression for
    /// that run of elements: a constant, or reads of a parameter buffer `name`.
    mutating func elementExpr(_ value: ParameterValue?, named base: String, count: Int) -> ((Int, Int) -> Expr)? {
        guard let value else { return nil }
        if let x = value.scalarValue { return { _, _ in .constant(x) } }
        let values = broadcast(value, count: count)
        if let first = values.first, values.allSatisfy({ $0 == first }) { return { _, _ in .constant(first) } }
        let buffer = buffer(base, .parameter, .vector(count), initial: values)
        return { offset, n in .element(Slice(buffer.buffer, offset: offset, count: n)) }
    }

    /// A parameter's values for `count` elements (a number repeated, or the values row by row).
    func broadcast(_ value: ParameterValue, count: Int) -> [Double] {
        if let x = value.scalarValue { return [Double](repeating: x, count: count) }
        return value.flattened
    }
}
