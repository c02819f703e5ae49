import MechanistIR

/// PsyNeuLink's `Reduce`: combines the elements of each row into one number,
/// `scale * OP_j(weights_j * x_j ** exponents_j) + offset` (weights/exponents per element).
public struct Reduce: Sendable, Hashable {
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

    /// Emits `dst[0] = reduce(row)` for one row (dst holds one element).
    ///
    /// The reduction accumulates in index order; numpy's pairwise summation of rows longer
    /// than 8 can differ in the last bits.
    func emit(x: Slice, into dst: Slice, prefix: String, builder b: inout ProgramBuilder) {
        var t: Expr = .element(x)
        if let e = coefficientExpr(exponents, name: "\(prefix).exponents", builder: &b), e != .constant(1) {
            t = .binary(.pow, t, e)
        }
        if let w = coefficientExpr(weights, name: "\(prefix).weights", builder: &b), w != .constant(1) {
            t = t * w
        }
        b.emit(.reduce(dst: dst, operation == .sum ? .sum : .product, t, count: x.count))
        if scale != 1 || offset != 0 {
            b.assign(dst, .adding(.scaling(scale, .element(dst)), offset))
        }
    }
}
