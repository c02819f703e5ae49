import MechanistIR

/// PsyNeuLink's `SoftMax`: `exp(gain*x - max(gain*x)) / sum(...)`, reported per `output`.
///
/// It reads a whole row at once, so it lowers to a few ops (max, exp, sum, divide) rather
/// than one expression. `per_item` applies it to each input-port row separately (the
/// default); with one row both settings agree.
///
/// Its backward step is PsyNeuLink 0.21's `SoftMax.derivative(output=y)` (transferfunctions.py)
/// as BackPropagation applies it:
/// - ALL: the Jacobian `J[j][i] = y_i * (delta_ij - y_j)` of the OUTPUT `y` (without `gain`:
///   PsyNeuLink leaves it out, so J is the true one only for gain 1), a 2-d derivative that
///   BackPropagation applies as `error @ J`;
/// - MAX_VAL and MAX_INDICATOR: the row of that Jacobian at k, the first index of `max(y)`,
///   `d_i = y_i * (delta_ik - y_k)`, a 1-d derivative applied elementwise, `error * d`. Here
///   `y` is the reported output, zero off the maximum, so `d` is `y_k * (1 - y_k)` at k and 0
///   elsewhere (for MAX_INDICATOR, `y_k = 1`: 0 everywhere). PsyNeuLink itself gets this far
///   only with assertions off (`python -O`; it asserts that no output is 0) and with
///   `per_item` false (with `per_item` true it returns the row in a list, which
///   BackPropagation rejects); the formula is what that code computes.
public struct SoftMax: Sendable, Hashable, NodeFunction {
    /// Its derivative is the Jacobian of the output: a learned receiver need not keep its input.
    var backwardReadsInput: Bool { false }

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

    /// One softmax per row (`per_item`; support checks reject per_item false over several rows).
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter) {
        for (r, row) in value.enumerated() {
            let x = emitter.materialize(variable[r], count: sizes[r], named: "\(name).variable-\(r)")
            emitRow(x, into: row, gain: .scalar(emitter.parameter("\(name).function.gain", [gain])),
                    prefix: emitter.uniqueName("\(name).softmax-\(r)"), in: &emitter)
        }
    }

    /// Emits `dst = softmax(x)` for one row. `prefix` names the temps.
    ///
    /// Ties: PsyNeuLink's OneHot (modes MAX_VAL and MAX_INDICATOR, `tie=ALL`) keeps every
    /// element equal to the maximum, so MAX_INDICATOR is one-hot only without ties.
    func emitRow(_ x: Slice, into dst: Slice, gain: Expr, prefix: String, in emitter: inout some FunctionEmitter) {
        let n = x.count
        let scaled = gain * .element(x)
        let maximum = emitter.buffer("\(prefix).max", .temp, .scalar)
        emitter.builder.emit(.reduce(dst: maximum, .max, scaled, count: n))
        // numpy: v = exp(gain*x - max); sm = v / sum(v).
        emitter.builder.assign(dst, .unary(.exp, scaled - .scalar(maximum)))
        let total = emitter.buffer("\(prefix).sum", .temp, .scalar)
        emitter.builder.emit(.reduce(dst: total, .sum, .element(dst), count: n))
        emitter.builder.assign(dst, .element(dst) / .scalar(total))
        switch output {
        case .all:
            break
        case .maxVal, .maxIndicator:
            let largest = emitter.buffer("\(prefix).largest", .temp, .scalar)
            emitter.builder.emit(.reduce(dst: largest, .max, .element(dst), count: n))
            let kept: Expr = output == .maxVal ? .element(dst) : .constant(1)
            emitter.builder.assign(dst, .select(.equal, .element(dst), .scalar(largest), then: kept, else: .constant(0)))
        }
    }

    /// See the type's summary. ALL: `delta_i = sum_j e_j * y_i * (delta_ij - y_j)`, computed
    /// as `y_i * (e_i - sum_j e_j * y_j)` (the same sum, in O(n); numpy's matmul rounds
    /// differently in the last bits).
    func emitBackward(input: Slice, output y: Slice, error e: Slice, into delta: Slice, node: String, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool {
        let n = y.count
        switch output {
        case .all:
            let projection = emitter.buffer("\(prefix).error_dot_output", .temp, .scalar)
            emitter.builder.emit(.reduce(dst: projection, .sum, .element(e) * .element(y), count: n))
            emitter.builder.assign(delta, .element(y) * (.element(e) - .scalar(projection)))
        case .maxVal, .maxIndicator:
            // numpy's `np.where(sm == np.max(sm))[-1][0]`: the first index of the maximum.
            let k = emitter.buffer("\(prefix).index_of_max", .temp, .scalar)
            emitter.builder.emit(.reduce(dst: k, .argmax, .element(y), count: n))
            let largest = emitter.buffer("\(prefix).max_val", .temp, .scalar)
            emitter.builder.emit(.reduce(dst: largest, .max, .element(y), count: n))
            let kronecker = Expr.select(.equal, .index, .scalar(k), then: .constant(1), else: .constant(0))
            emitter.builder.assign(delta, .element(e) * (.element(y) * (kronecker - .scalar(largest))))
        }
        return true
    }
}
