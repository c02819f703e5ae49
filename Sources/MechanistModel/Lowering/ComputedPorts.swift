import MechanistIR

extension LoweringContext {
    /// Emits node i's computed output ports from its value (and counters):
    /// the standard statistics (MEAN, VARIANCE, ...), and for recurrent nodes
    /// - ENERGY: Stability with the hollow part `Mh` of the matrix the node was built with,
    ///   `u = Mh @ v` (numpy's `dot(matrix, variable)`), `-sum(v * u) / 2` (not normalized:
    ///   PsyNeuLink's default `normalize=False`);
    /// - ENTROPY: Stability's cross entropy with a HOLLOW matrix of ones,
    ///   `-sum(v' * log(u'))` where zeros of v and u become machine epsilon;
    /// - MAX_VS_NEXT (largest minus second largest), MAX_VS_AVG (largest minus the mean of
    ///   the others), DECISION_INDEX (first argmax), DECISION_STEPS
    ///   (num_executions_before_finished), DECISION_TIME (steps * time_step_size).
    mutating func emitComputedPorts(_ i: Int, _ buffers: NodeBuffers) {
        let v = buffers.valueRows[0]
        let name = model.nodes[i].name
        for (port, slice) in zip(graph.shapes[i].outputPorts, buffers.computedPorts) {
            guard let out = slice else { continue }
            switch port.name {
            case "ENERGY":
                guard let m = buffers.energyMatrix else { continue }
                let u = buffer("\(name).ENERGY.u", .temp, .vector(v.count))
                builder.emit(.matVec(dst: u, matrix: m, vector: v, rows: v.count, columns: v.count))
                builder.emit(.reduce(dst: out, .sum, .element(v) * .element(u), count: v.count))
                builder.assign(out, -.element(out) / .constant(2))
            case "ENTROPY":
                guard let m = buffers.entropyMatrix else { continue }
                let u = buffer("\(name).ENTROPY.u", .temp, .vector(v.count))
                builder.emit(.matVec(dst: u, matrix: m, vector: v, rows: v.count, columns: v.count))
                let epsilon = Expr.constant(Double.ulpOfOne)
                func nonzero(_ e: Expr) -> Expr { .select(.equal, e, .constant(0), then: epsilon, else: e) }
                let term = nonzero(.element(v)) * .unary(.log, nonzero(.element(u)))
                builder.emit(.reduce(dst: out, .sum, term, count: v.count))
                builder.assign(out, -.element(out))
            case "MAX_VS_NEXT":
                builder.emit(.reduce(dst: out, .maxVsNext, .element(v), count: v.count))
            case "MAX_VS_AVG":
                emitMaxVsAvg(v, into: out, prefix: "\(name).MAX_VS_AVG")
            case "DECISION_INDEX":
                builder.emit(.reduce(dst: out, .argmax, .element(buffers.value), count: buffers.value.count))
            case "DECISION_STEPS":
                if let executions = buffers.executions { builder.assign(out, .scalar(executions)) }
            case "DECISION_TIME":
                if let executions = buffers.executions { builder.assign(out, .scalar(executions) * .constant(timeStepSize(i))) }
            default:
                emitStandardPort(port.name, of: i, row: v, into: out)
            }
        }
    }

    /// `max(x) - mean(others)`: the others are every element but the first largest, summed
    /// in index order (numpy's partition orders them differently: last bits may differ).
    /// One element: 0 - nan in numpy; here the mean of no others is 0/0 = nan too.
    mutating func emitMaxVsAvg(_ x: Slice, into out: Slice, prefix: String) {
        let top = buffer("\(prefix).argmax", .temp, .scalar)
        builder.emit(.reduce(dst: top, .argmax, .element(x), count: x.count))
        let others = Expr.select(.equal, .index, .scalar(top), then: .constant(0), else: .element(x))
        let sum = buffer("\(prefix).others", .temp, .scalar)
        builder.emit(.reduce(dst: sum, .sum, others, count: x.count))
        let largest = buffer("\(prefix).max", .temp, .scalar)
        builder.emit(.reduce(dst: largest, .max, .element(x), count: x.count))
        builder.assign(out, .element(largest) - .element(sum) / .constant(Double(x.count - 1)))
    }

    /// An LCA's time_step_size (default 0.1); 1 for other nodes (never read).
    func timeStepSize(_ i: Int) -> Double {
        if case .leakyCompeting(_, let dt) = TransferSettings(model.nodes[i]).integrator { return dt }
        return model.nodes[i].lca?.timeStepSize ?? 0.1
    }
}
