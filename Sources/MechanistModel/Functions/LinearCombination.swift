import MechanistIR

/// PsyNeuLink's `LinearCombination`: combines input ports (arrays) elementwise,
/// `scale * OP_k(weights_k * x_k ** exponents_k) + offset`, OP SUM or PRODUCT across ports.
///
/// `weights` and `exponents` hold one entry per port: a vector of scalars, or a matrix with
/// one row per port (per-element values); a single number applies to every port.
public struct LinearCombination: Sendable, Hashable {
    public var operation: CombinationOperation
    public var weights: ParameterValue?
    public var exponents: ParameterValue?
    public var scale: Double
    public var offset: Double

    public init(operation: CombinationOperation = .sum, weights: ParameterValue? = nil,
                exponents: ParameterValue? = nil, scale: Double = 1, offset: Double = 0) {
        self.operation = operation
        self.weights = weights
        self.exponents = exponents
        self.scale = scale
        self.offset = offset
    }

    /// Port k's coefficient from a per-port spec: nil when not given.
    static func coefficient(_ spec: ParameterValue?, port k: Int) -> ParameterValue? {
        switch spec {
        case nil: return nil
        case .scalar(let x)?: return .scalar(x)
        case .vector(let v)?: return k < v.count ? .scalar(v[k]) : nil
        case .matrix(let m)?: return k < m.count ? (m[k].count == 1 ? .scalar(m[k][0]) : .vector(m[k])) : nil
        }
    }
}

/// One input of a combination: a port's values with its weight and exponent.
struct CombinationTerm {
    var values: Slice
    var weight: ParameterValue?
    var exponent: ParameterValue?
}

/// Emits `dst[i] = scale * OP_k(w_k * x_k[i] ** e_k) + offset` as one elementwise op.
///
/// numpy applies exponents, then weights, then reduces over axis 0 (`((t0 + t1) + t2)` for
/// SUM); exponent 1 and weight 1 are left out (numpy's `x ** 1.0` is `x` exactly).
/// Per-element weights or exponents become parameter buffers named `<prefix>.weights-k`.
func emitCombination(_ terms: [CombinationTerm], operation: CombinationOperation, scale: Double,
                     offset: Double, into dst: Slice, prefix: String, builder b: inout ProgramBuilder) {
    var combined: Expr?
    for (k, term) in terms.enumerated() {
        var t: Expr = .element(term.values)
        if let e = coefficientExpr(term.exponent, name: "\(prefix).exponents-\(k)", builder: &b), e != .constant(1) {
            t = .binary(.pow, t, e)
        }
        if let w = coefficientExpr(term.weight, name: "\(prefix).weights-\(k)", builder: &b), w != .constant(1) {
            t = t * w
        }
        if let c = combined {
            combined = operation == .sum ? c + t : c * t
        } else {
            combined = t
        }
    }
    let result = Expr.adding(.scaling(scale, combined ?? .constant(operation == .sum ? 0 : 1)), offset)
    b.assign(dst, result)
}

/// A coefficient as an expression: a constant, or a parameter buffer read per element.
func coefficientExpr(_ value: ParameterValue?, name: String, builder b: inout ProgramBuilder) -> Expr? {
    switch value {
    case nil:
        return nil
    case .scalar(let x)?:
        return .constant(x)
    case .vector, .matrix:
        let values = value?.flattened ?? []
        if let first = values.first, values.allSatisfy({ $0 == first }) { return .constant(first) }
        let buffer = b.buffer(name, .parameter, .vector(values.count), initial: values)
        return .element(buffer)
    }
}
