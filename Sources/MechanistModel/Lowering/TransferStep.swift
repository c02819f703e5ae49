import MechanistIR

extension LoweringContext {
    /// One step of a TransferMechanism-family node, in PsyNeuLink's order: input ports
    /// (external + recurrent), noise, integrator, function, clip; writes `<node>.value`.
    ///
    /// - integrator_mode false: `value = clip(f(x + noise))`;
    /// - AdaptiveIntegrator: `v = (1 - rate) * v + rate * x + noise`, `value = clip(f(v))`;
    /// - LeakyCompetingIntegrator (LCA): `v = v + (-leak * v + x) * dt + noise * sqrt(dt)`.
    ///
    /// `x` is the external input plus `previous_output @ M` (the recurrent projection reads
    /// the node's value before this step), or, with `has_recurrent_input_port`,
    /// `combination_function([external, recurrent])`. When `initializing` (PsyNeuLink's run
    /// at construction), there is no recurrent input and the integrator's new value goes to
    /// a temp: its state keeps `initial_value`.
    mutating func emitStep(_ i: Int, variables: [Slice], buffers: NodeBuffers, settings: TransferSettings,
                           initializing: Bool) {
        let node = model.nodes[i]
        let name = node.name
        let rows = graph.shapes[i].inputPorts.map(\.size)
        let total = rows.reduce(0, +)
        let offsets = rows.indices.map { rows.prefix($0).reduce(0, +) }
        var x: [Expr] = variables.map { .element($0) }
        if settings.recurrent, let matrix = buffers.recurrentMatrix {
            if !initializing {
                x[0] = recurrentInput(i, external: variables[0], matrix: matrix, previous: buffers.valueRows[0])
            } else if node.recurrent?.hasRecurrentInputPort ?? false {
                // At construction the RECURRENT port holds zeros, but combination_function
                // still combines it (its offset, say, shows in the initial output).
                let zeros = buffer("\(name).RECURRENT.default_variable", .parameter, .vector(rows[0]))
                x[0] = combineRecurrentPort(i, external: variables[0], recurrent: zeros)
            }
        }
        let noise = emitNoise(of: i, count: total)
        var inputs: [Expr] = []
        switch settings.integrator {
        case .none:
            for r in rows.indices {
                inputs.append(noise.map { x[r] + $0(offsets[r], rows[r]) } ?? x[r])
            }
        case .adaptive(let rate):
            guard let integrator = buffers.integrator else { return }
            let target = initializing ? buffer("\(name).integrator.initial", .temp, .vector(total)) : integrator
            let rateExpr = elementExpr(rate, named: "\(name).integration_rate", count: total)
            for (r, size) in rows.enumerated() {
                let v = Slice(integrator.buffer, offset: integrator.offset + offsets[r], count: size)
                let out = Slice(target.buffer, offset: target.offset + offsets[r], count: size)
                let rateRow = rateExpr.map { $0(offsets[r], size) } ?? .constant(0.5)
                // PsyNeuLink: (1 - rate) * previous_value + rate * variable + noise (+ offset 0).
                let keep: Expr
                if case .constant(let c) = rateRow { keep = .constant(1 - c) } else { keep = .constant(1) - rateRow }
                var step: Expr = keep * .element(v) + rateRow * x[r]
                if let n = noise { step = step + n(offsets[r], size) }
                builder.assign(out, step)
                inputs.append(.element(out))
            }
        case .leakyCompeting(let leak, let dt):
            guard let integrator = buffers.integrator else { return }
            let target = initializing ? buffer("\(name).integrator.initial", .temp, .vector(total)) : integrator
            let v = Expr.element(integrator)
            // previous_value + (-rate * previous_value + variable) * time_step_size
            //   + noise * time_step_size ** 0.5 (+ offset 0)
            var step: Expr = v + (.constant(-leak) * v + x[0]) * .constant(dt)
            if let n = noise { step = step + n(0, total) * .constant(dt.squareRoot()) }
            builder.assign(target, step)
            inputs.append(.element(target))
        }
        emitFunction(i, inputs: inputs, into: buffers, clip: true)
    }

    /// The primary input port's value of a recurrent node: the external input plus
    /// `previous @ M` (summed, as PsyNeuLink sums a port's afferents), or combined by
    /// `combination_function` with a separate RECURRENT port.
    private mutating func recurrentInput(_ i: Int, external: Slice, matrix: Slice, previous: Slice) -> Expr {
        let node = model.nodes[i]
        let n = previous.count
        let recurrent = buffer("\(node.name).recurrent", .temp, .vector(n))
        builder.emit(.vecMat(dst: recurrent, vector: previous, matrix: matrix, rows: n, columns: n))
        guard node.recurrent?.hasRecurrentInputPort ?? false else {
            return .element(external) + .element(recurrent)
        }
        return combineRecurrentPort(i, external: external, recurrent: recurrent)
    }

    /// `combination_function([EXTERNAL, RECURRENT])` (LinearCombination, SUM by default).
    private mutating func combineRecurrentPort(_ i: Int, external: Slice, recurrent: Slice) -> Expr {
        let node = model.nodes[i]
        let n = external.count
        var combination = LinearCombination()
        if case .linearCombination(let c)? = node.recurrent?.combinationFunction { combination = c }
        let combined = buffer("\(node.name).combined", .temp, .vector(n))
        let terms = [external, recurrent].enumerated().map { k, values in
            CombinationTerm(values: values, weight: LinearCombination.coefficient(combination.weights, port: k),
                            exponent: LinearCombination.coefficient(combination.exponents, port: k))
        }
        emitCombination(terms, operation: combination.operation, scale: combination.scale, offset: combination.offset,
                        into: combined, prefix: uniqueName("\(node.name).combination_function"), builder: &builder)
        return .element(combined)
    }

    /// `value = f(inputs)` (then clipped when `clip`), one input expression per input port.
    /// Emitted more than once per node (initialization, execution, reset), so the functions'
    /// own buffers get unique prefixes.
    mutating func emitFunction(_ i: Int, inputs: [Expr], into buffers: NodeBuffers, clip: Bool) {
        let node = model.nodes[i]
        let name = node.name
        let rows = graph.shapes[i].inputPorts.map(\.size)
        let valueRows = buffers.valueRows
        let function = node.function ?? defaultFunction(node.type)
        switch function {
        case .linear, .logistic, .tanh, .relu, .exponential, .gaussian:
            if let f = function.elementwise {
                for r in rows.indices { builder.assign(valueRows[r], f.expression(inputs[r])) }
            }
        case .softMax(let softMax):
            for r in rows.indices {
                softMax.emit(x: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                             into: valueRows[r], prefix: uniqueName("\(name).softmax-\(r)"), builder: &builder)
            }
        case .reduce(let reduce):
            for r in rows.indices {
                reduce.emit(x: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                            into: valueRows[r], prefix: uniqueName("\(name).reduce-\(r)"), builder: &builder)
            }
        case .linearCombination(let c):
            let terms = rows.indices.map { r in
                CombinationTerm(values: materialize(inputs[r], count: rows[r], named: "\(name).variable-\(r)"),
                                weight: LinearCombination.coefficient(c.weights, port: r),
                                exponent: LinearCombination.coefficient(c.exponents, port: r))
            }
            emitCombination(terms, operation: c.operation, scale: c.scale, offset: c.offset, into: valueRows[0],
                            prefix: uniqueName(name), builder: &builder)
        }
        if clip, let bounds = node.clip {
            // PsyNeuLink sets elements below low to low and above high to high (NaN stays).
            let value = buffers.value
            let v = Expr.element(value)
            let low = Expr.constant(bounds.low), high = Expr.constant(bounds.high)
            builder.assign(value, .select(.less, v, low, then: low, else: .select(.greater, v, high, then: high, else: v)))
        }
    }

    /// PsyNeuLink's default function: Logistic for an LCAMechanism, Linear otherwise.
    func defaultFunction(_ type: NodeType) -> TransferFunction {
        switch type {
        case .lcaMechanism: return .logistic()
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .objectiveMechanism,
             .comparatorMechanism:
            return .linear()
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
