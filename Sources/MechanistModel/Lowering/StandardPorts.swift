import MechanistIR

extension LoweringContext {
    /// Declares the state buffer `<node>.<PORT>` of a computed output port of node `i`.
    mutating func declareComputedPort(_ port: ModelGraph.OutputPort, of i: Int) -> Slice {
        state(of: i, port.name, port.size == 1 ? .scalar : .vector(port.size))
    }

    /// Emits a computed output port of node `i` over its primary value row `x` into `out`,
    /// with numpy's formulas:
    /// MEAN `sum(x) / n`; VARIANCE `sum((x - mean)^2) / n`; STANDARD_DEVIATION its square
    /// root; SUM `sum(x)`; SSE `sum(x * x)`; MSE `sum(x * x) / n`.
    ///
    /// Sums run in index order; numpy sums pairwise (blocks of 8), which can differ in the
    /// last bits for rows longer than a few elements.
    mutating func emitStandardPort(_ port: String, of i: Int, row x: Slice, into out: Slice) {
        let n = Double(x.count)
        switch port {
        case "SUM":
            builder.emit(.reduce(dst: out, .sum, .element(x), count: x.count))
        case "SSE":
            builder.emit(.reduce(dst: out, .sum, .element(x) * .element(x), count: x.count))
        case "MSE":
            builder.emit(.reduce(dst: out, .sum, .element(x) * .element(x), count: x.count))
            builder.assign(out, .element(out) / .constant(n))
        case "MEAN":
            builder.emit(.reduce(dst: out, .sum, .element(x), count: x.count))
            builder.assign(out, .element(out) / .constant(n))
        default:
            // VARIANCE and STANDARD_DEVIATION (support checks allow no other name here).
            let mean = buffer("\(model.nodes[i].name).\(port).mean", .temp, .scalar)
            builder.emit(.reduce(dst: mean, .sum, .element(x), count: x.count))
            builder.assign(mean, .element(mean) / .constant(n))
            let d = Expr.element(x) - .scalar(mean)
            builder.emit(.reduce(dst: out, .sum, d * d, count: x.count))
            builder.assign(out, .element(out) / .constant(n))
            if port == "STANDARD_DEVIATION" { builder.assign(out, .unary(.sqrt, .element(out))) }
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
}
