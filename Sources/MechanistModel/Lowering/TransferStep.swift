import MechanistIR

extension TransferLowering {
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
    func emitStep(variables: [Slice], initializing: Bool, in context: inout LoweringContext) {
        let name = node.name
        let rows = shape.inputPorts.map(\.size)
        let total = rows.reduce(0, +)
        let offsets = rows.indices.map { rows.prefix($0).reduce(0, +) }
        var x: [Expr] = variables.map { .element($0) }
        if settings.recurrent, let matrix = buffers.recurrentMatrix {
            if !initializing {
                x[0] = recurrentInput(external: variables[0], matrix: matrix, in: &context)
            } else if node.recurrent?.hasRecurrentInputPort ?? false {
                // At construction the RECURRENT port holds zeros, but combination_function
                // still combines it (its offset, say, shows in the initial output).
                let zeros = context.buffer("\(name).RECURRENT.default_variable", .parameter, .vector(rows[0]))
                x[0] = combineRecurrentPort(external: variables[0], recurrent: zeros, in: &context)
            }
        }
        let noise = emitNoise(count: total, in: &context)
        var inputs: [Expr] = []
        switch settings.integrator {
        case .none:
            for r in rows.indices {
                inputs.append(noise.map { x[r] + $0(offsets[r], rows[r]) } ?? x[r])
            }
        case .adaptive(let rate):
            guard let integrator = buffers.integrator else { return }
            let target = initializing ? context.buffer("\(name).integrator.initial", .temp, .vector(total)) : integrator
            let rateExpr = context.parameterExpr(rate, named: "\(name).integration_rate", count: total)
            for (r, size) in rows.enumerated() {
                let v = Slice(integrator.buffer, offset: integrator.offset + offsets[r], count: size)
                let out = Slice(target.buffer, offset: target.offset + offsets[r], count: size)
                let rateRow = rateExpr.map { $0(offsets[r], size) } ?? .constant(0.5)
                // PsyNeuLink: (1 - rate) * previous_value + rate * variable + noise (+ offset 0).
                var step: Expr = (.constant(1) - rateRow) * .element(v) + rateRow * x[r]
                if let n = noise { step = step + n(offsets[r], size) }
                context.builder.assign(out, step)
                inputs.append(.element(out))
            }
        case .leakyCompeting(let leak, let dt):
            guard let integrator = buffers.integrator else { return }
            let target = initializing ? context.buffer("\(name).integrator.initial", .temp, .vector(total)) : integrator
            let v = Expr.element(integrator)
            // previous_value + (-rate * previous_value + variable) * time_step_size
            //   + noise * time_step_size ** 0.5 (+ offset 0); leak and time_step_size are
            //   runtime parameters, negated and square-rooted exactly as Python does.
            let rate = context.scalarParameter("\(name).leak", leak)
            let dtExpr = context.scalarParameter("\(name).time_step_size", dt)
            var step: Expr = v + (-rate * v + x[0]) * dtExpr
            if let n = noise { step = step + n(0, total) * .unary(.sqrt, dtExpr) }
            context.builder.assign(target, step)
            inputs.append(.element(target))
        }
        emitValue(inputs, clip: true, in: &context)
    }

    /// The primary input port's value of a recurrent node: the external input plus
    /// `previous @ M` (summed, as PsyNeuLink sums a port's afferents), or combined by
    /// `combination_function` with a separate RECURRENT port.
    private func recurrentInput(external: Slice, matrix: Slice, in context: inout LoweringContext) -> Expr {
        let previous = buffers.valueRows[0]
        let n = previous.count
        let recurrent = context.buffer("\(node.name).recurrent", .temp, .vector(n))
        context.builder.emit(.vecMat(dst: recurrent, vector: previous, matrix: matrix, rows: n, columns: n))
        guard node.recurrent?.hasRecurrentInputPort ?? false else {
            return .element(external) + .element(recurrent)
        }
        return combineRecurrentPort(external: external, recurrent: recurrent, in: &context)
    }

    /// `combination_function([EXTERNAL, RECURRENT])` (LinearCombination, SUM by default).
    private func combineRecurrentPort(external: Slice, recurrent: Slice, in context: inout LoweringContext) -> Expr {
        let n = external.count
        var combination = LinearCombination()
        if case .linearCombination(let c)? = node.recurrent?.combinationFunction { combination = c }
        let combined = context.buffer("\(node.name).combined", .temp, .vector(n))
        combination.emit([.element(external), .element(recurrent)], sizes: [n, n], into: [combined],
                         name: "\(node.name).combination_function", in: &context)
        return .element(combined)
    }

    /// The rows of `<node>.function_input`, one per input port.
    func functionInputRows(_ kept: Slice) -> [Slice] {
        let rows = shape.inputPorts.map(\.size)
        return rows.indices.map { Slice(kept.buffer, offset: kept.offset + rows.prefix($0).reduce(0, +), count: rows[$0]) }
    }

    /// `value = f(inputs)` (then clipped when `clip`), one input expression per input port.
    /// Emitted more than once per node (initialization, execution, reset); the functions
    /// give their own buffers unique names.
    func emitValue(_ inputs: [Expr], clip: Bool, in context: inout LoweringContext) {
        var inputs = inputs
        if let kept = buffers.functionInput {
            // Storing and re-reading a double is exact: the value is the same as fused.
            for (r, row) in functionInputRows(kept).enumerated() where r < inputs.count {
                context.builder.assign(row, inputs[r])
                inputs[r] = .element(row)
            }
        }
        settings.function.lowering.emit(inputs, sizes: shape.inputPorts.map(\.size), into: buffers.valueRows,
                                        name: node.name, in: &context)
        if clip, let bounds = node.clip {
            // PsyNeuLink sets elements below low to low and above high to high (NaN stays).
            let value = buffers.value
            let v = Expr.element(value)
            let bounds = context.parameter("\(node.name).clip", [bounds.low, bounds.high])
            let low = Expr.scalar(bounds.element(0)), high = Expr.scalar(bounds.element(1))
            context.builder.assign(value, .select(.less, v, low, then: low,
                                                  else: .select(.greater, v, high, then: high, else: v)))
        }
    }
}
