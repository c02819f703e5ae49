import MechanistIR

/// PsyNeuLink's `SoftMax`: `exp(gain*x - max(gain*x)) / sum(...)`, reported per `output`.
///
/// It reads a whole row at once, so it lowers to a few ops (max, exp, sum, divide) rather
/// than one expression. `per_item` applies it to each input-port row separately (the
/// default); with one row both settings agree.
public struct SoftMax: Sendable, Hashable {
    /// How the softmax values are reported (PsyNeuLink's `output`).
    public enum Output: String, Sendable, Hashable, CaseIterable {
        /// Every softmax value.
        case all = "ALL"
        /// The largest softmax value where it occurs, 0 elsewhere.
        case maxVal = "MAX_VAL"
        /// 1 where the largest softmax value occurs, 0 elsewhere.
        case maxIndicator = "MAX_INDICATOR"
    }

    public var gain: Double
    public var output: Output
    public var perItem: Bool

    public init(gain: Double = 1, output: Output = .all, perItem: Bool = true) {
        self.gain = gain
        self.output = output
        self.perItem = perItem
    }

    /// Emits `dst = softmax(x)` for one row. `prefix` names the temps.
    ///
    /// Ties: PsyNeuLink's OneHot (modes MAX_VAL and MAX_INDICATOR, `tie=ALL`) keeps every
    /// element equal to the maximum, so MAX_INDICATOR is one-hot only without ties.
    func emit(x: Slice, into dst: Slice, prefix: String, builder b: inout ProgramBuilder) {
        let n = x.count
        let scaled = Expr.scaling(gain, .element(x))
        let maximum = b.buffer("\(prefix).max", .temp, .scalar)
        b.emit(.reduce(dst: maximum, .max, scaled, count: n))
        // numpy: v = exp(gain*x - max); sm = v / sum(v).
        b.assign(dst, .unary(.exp, scaled - .scalar(maximum)))
        let total = b.buffer("\(prefix).sum", .temp, .scalar)
        b.emit(.reduce(dst: total, .sum, .element(dst), count: n))
        b.assign(dst, .element(dst) / .scalar(total))
        switch output {
        case .all:
            break
        case .maxVal, .maxIndicator:
            let largest = b.buffer("\(prefix).largest", .temp, .scalar)
            b.emit(.reduce(dst: largest, .max, .element(dst), count: n))
            let kept: Expr = output == .maxVal ? .element(dst) : .constant(1)
            b.assign(dst, .select(.equal, .element(dst), .scalar(largest), then: kept, else: .constant(0)))
        }
    }
}
