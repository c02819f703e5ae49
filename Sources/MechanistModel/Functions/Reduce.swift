import MechanistIR

/// PsyNeuLink's `Reduce`: combines the elements of each row into one number,
/// `scale * OP_j(weights_j * x_j ** exponents_j) + offset` (weights/exponents per element).
///
/// A node's value is ONE row holding one number per input port, as PsyNeuLink's
/// `np.sum(variable, axis=1)` gives it (a ProcessingMechanism with ports [[1,2,3],[4,5,6]]
/// has value [[6, 15]]).
///
/// No backward step: Reduce has no `derivative` in PsyNeuLink 0.21.
public struct Reduce: Sendable, Hashable, NodeFunction {
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

    /// Element r of the value's one row is the reduction of input row r.
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter) {
        guard let row = value.first else { return }
        for (r, x) in variable.enumerated() {
            let slice = emitter.materialize(x, count: sizes[r], named: "\(name).variable-\(r)")
            emitRow(slice, into: row.element(r), prefix: emitter.uniqueName("\(name).reduce-\(r)"), in: &emitter)
        }
    }

    /// Emits `dst[0] = reduce(row)` for one row (dst holds one element).
    ///
    /// The reduction accumulates in index order; numpy's pairwise summation of rows longer
    /// than 8 can differ in the last bits.
    func emitRow(_ x: Slice, into dst: Slice, prefix: String, in emitter: inout some FunctionEmitter) {
        var t: Expr = .element(x)
        if let e = emitter.coefficient(exponents, named: "\(prefix).exponents"), e != .constant(1) {
            t = .binary(.pow, t, e)
        }
        if let w = emitter.coefficient(weights, named: "\(prefix).weights"), w != .constant(1) {
            t = t * w
        }
        emitter.builder.emit(.reduce(dst: dst, operation == .sum ? .sum : .product, t, count: x.count))
        if scale != 1 || offset != 0 {
            emitter.builder.assign(dst, .adding(.scaling(scale, .element(dst)), offset))
        }
    }

    func emitBackward(input: Slice, output: Slice, error: Slice, into delta: Slice, node: String, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool {
        false
    }
}
