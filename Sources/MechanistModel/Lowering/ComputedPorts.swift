import MechanistIR

extension TransferLowering {
    /// Emits the node's computed output ports from its value (and counters): the standard
    /// statistics (MEAN, VARIANCE, ...), and for recurrent nodes
    /// - ENERGY: Stability with the hollow part `Mh` of the matrix the node was built with,
    ///   `u = Mh @ v` (numpy's `dot(matrix, variable)`), `-sum(v * u) / 2` (not normalized:
    ///   PsyNeuLink's default `normalize=False`);
    /// - LEARNED_ENERGY (Mechanist's own): ENERGY with the hollow part of the recurrent matrix
    ///   as it is when the port is computed, so Hebbian learning's changes count;
    /// - ENTROPY: Stability's cross entropy with a HOLLOW matrix of ones,
    ///   `-sum(v' * log(u'))` where zeros of v and u become machine epsilon;
    /// - MAX_VS_NEXT (largest minus second largest), MAX_VS_AVG (largest minus the mean of
    ///   the others), DECISION_INDEX (first argmax), DECISION_STEPS
    ///   (num_executions_before_finished), DECISION_TIME (steps * time_step_size).
    func emitComputedPorts(in context: inout LoweringContext) {
        let v = buffers.valueRows[0]
        let name = node.name
        for (port, slice) in zip(shape.outputPorts, buffers.computedPorts) {
            guard let out = slice else { continue }
            switch port.name {
            case "ENERGY":
                guard let m = buffers.energyMatrix else { continue }
                let u = context.buffer("\(name).ENERGY.u", .temp, .vector(v.count))
                context.builder.emit(.matVec(dst: u, matrix: m, vector: v, rows: v.count, columns: v.count))
                context.builder.emit(.reduce(dst: out, .sum, .element(v) * .element(u), count: v.count))
                context.builder.assign(out, -.element(out) / .constant(2))
            case "LEARNED_ENERGY":
                guard let w = buffers.recurrentMatrix else { continue }
                let n = v.count
                let m = context.buffer("\(name).LEARNED_ENERGY.matrix", .temp, .matrix(rows: n, columns: n))
                context.builder.assign(m, SquareMatrix.hollowPart(of: w, size: n))
                let u = context.buffer("\(name).LEARNED_ENERGY.u", .temp, .vector(n))
                context.builder.emit(.matVec(dst: u, matrix: m, vector: v, rows: n, columns: n))
                context.builder.emit(.reduce(dst: out, .sum, .element(v) * .element(u), count: n))
                context.builder.assign(out, -.element(out) / .constant(2))
            case "ENTROPY":
                guard let m = buffers.entropyMatrix else { continue }
                let u = context.buffer("\(name).ENTROPY.u", .temp, .vector(v.count))
                context.builder.emit(.matVec(dst: u, matrix: m, vector: v, rows: v.count, columns: v.count))
                let epsilon = Expr.constant(Double.ulpOfOne)
                func nonzero(_ e: Expr) -> Expr { .select(.equal, e, .constant(0), then: epsilon, else: e) }
                let term = nonzero(.element(v)) * .unary(.log, nonzero(.element(u)))
                context.builder.emit(.reduce(dst: out, .sum, term, count: v.count))
                context.builder.assign(out, -.element(out))
            case "MAX_VS_NEXT":
                context.builder.emit(.reduce(dst: out, .maxVsNext, .element(v), count: v.count))
            case "MAX_VS_AVG":
                context.emitMaxVsAvg(v, into: out, prefix: "\(name).MAX_VS_AVG")
            case "DECISION_INDEX":
                context.builder.emit(.reduce(dst: out, .argmax, .element(buffers.value), count: buffers.value.count))
            case "DECISION_STEPS":
                if let executions = buffers.executions { context.builder.assign(out, .scalar(executions)) }
            case "DECISION_TIME":
                if let executions = buffers.executions {
                    let dt = node.type == .lcaMechanism
                        ? context.scalarParameter("\(name).time_step_size", timeStepSize) : .constant(timeStepSize)
                    context.builder.assign(out, .scalar(executions) * dt)
                }
            default:
                context.emitStandardPort(port.name, of: index, row: v, into: out)
            }
        }
    }

    /// An LCA's time_step_size (default 0.1); 1 for other nodes (never read).
    var timeStepSize: Double {
        if case .leakyCompeting(_, let dt) = settings.integrator { return dt }
        return node.lca?.timeStepSize ?? 0.1
    }
}
