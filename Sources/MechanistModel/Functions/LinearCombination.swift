import MechanistIR

/// PsyNeuLink's `LinearCombination`: combines input ports (arrays) elementwise,
/// `scale * OP_k(weights_k * x_k ** exponents_k) + offset`, OP SUM or PRODUCT across ports.
///
/// `weights` and `exponents` hold one entry per port: a vector of scalars, or a matrix with
/// one row per port (per-element values). A single number, or a list with one entry (one
/// number, or one row of per-element values), applies to every port, as numpy broadcasts
/// it. `scale` and `offset` are a number or one value per element (PsyNeuLink's Hadamard
/// modulation; a one-element list is a number, as PsyNeuLink's `scale.item()` makes it).
///
/// No backward step yet: PsyNeuLink 0.21's `LinearCombination.derivative` is `scale * I` for
/// SUM and needs the other ports (`covariates`) for PRODUCT; learning through it is for the
/// learning issue.
public struct LinearCombination: Sendable, Hashable, NodeFunction {
    public var operation: CombinationOperation
    public var weights: ParameterValue?
    public var exponents: ParameterValue?
    public var scale: ParameterValue
    public var offset: ParameterValue

    public init(operation: CombinationOperation = .sum, weights: ParameterValue? = nil,
                exponents: ParameterValue? = nil, scale: ParameterValue = 1, offset: ParameterValue = 0) {
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
        case .vector(let v)?:
            if v.count == 1 { return .scalar(v[0]) }
            return k < v.count ? .scalar(v[k]) : nil
        case .matrix(let m)?:
            let row = m.count == 1 ? m[0] : (k < m.count ? m[k] : [])
            if row.isEmpty { return nil }
            return row.count == 1 ? .scalar(row[0]) : .vector(row)
        }
    }

    /// The terms of `ports`: port k's values with the function's weight and exponent for k,
    /// or those `overrides[k]` gives (an ObjectiveMechanism's monitor entries override its
    /// function's). The one place a combination's terms are made.
    func terms(_ ports: [Slice], overrides: [PortCoefficients] = []) -> [CombinationTerm] {
        ports.enumerated().map { k, values in
            let override = k < overrides.count ? overrides[k] : PortCoefficients()
            return CombinationTerm(values: values,
                                   weight: override.weight ?? Self.coefficient(weights, port: k),
                                   exponent: override.exponent ?? Self.coefficient(exponents, port: k))
        }
    }

    /// Combines the input rows into the value's one row.
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter) {
        guard let row = value.first else { return }
        let ports = variable.enumerated().map { r, x in
            emitter.materialize(x, count: sizes[r], named: "\(name).variable-\(r)")
        }
        emit(terms(ports), into: row, prefix: emitter.uniqueName(name), in: &emitter)
    }

    /// Emits `dst[i] = scale * OP_k(w_k * x_k[i] ** e_k) + offset` as one elementwise op.
    ///
    /// numpy applies exponents, then weights, then reduces over axis 0 (`((t0 + t1) + t2)` for
    /// SUM); exponent 1 and weight 1 are left out (numpy's `x ** 1.0` is `x` exactly).
    /// Per-element coefficients become parameter buffers named `<prefix>.weights-k`,
    /// `<prefix>.exponents-k`, `<prefix>.scale` and `<prefix>.offset`.
    /// Many terms (an objective monitoring thousands of nodes) fold in shallow chunks
    /// (`ChunkedFold`), in the same order.
    func emit(_ terms: [CombinationTerm], into dst: Slice, prefix: String, in emitter: inout some FunctionEmitter) {
        var expressions: [Expr] = []
        for (k, term) in terms.enumerated() {
            var t: Expr = .element(term.values)
            if let e = emitter.coefficient(term.exponent, named: "\(prefix).exponents-\(k)"), e != .constant(1) {
                t = .binary(.pow, t, e)
            }
            if let w = emitter.coefficient(term.weight, named: "\(prefix).weights-\(k)"), w != .constant(1) {
                t = t * w
            }
            expressions.append(t)
        }
        let sum = operation == .sum
        let combined = ChunkedFold.fold(expressions, into: dst, builder: &emitter.builder) { sum ? $0 + $1 : $0 * $1 }
        var result = combined ?? .constant(operation == .sum ? 0 : 1)
        // PsyNeuLink: `combination * scale`, then `+ offset` (IEEE products commute).
        switch emitter.coefficient(scale, named: "\(prefix).scale") {
        case .constant(let c)?: result = .scaling(c, result)
        case let s?: result = s * result
        case nil: break
        }
        switch emitter.coefficient(offset, named: "\(prefix).offset") {
        case .constant(let c)?: result = .adding(result, c)
        case let o?: result = result + o
        case nil: break
        }
        emitter.builder.assign(dst, result)
    }

    /// One row alone does not determine the step back (it depends on the port): see
    /// `emitBackward(port:inputs:error:into:prefix:in:)`.
    func emitBackward(input: Slice, output: Slice, error: Slice, into delta: Slice, node: String, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool {
        false
    }

    /// `delta = error * d value / d port k`, given every port's input (`inputs`): PsyNeuLink's
    /// `LinearCombination.derivative` with the other ports as covariates — `scale` for SUM,
    /// `scale` times the product of the other ports' values for PRODUCT; weights, exponents
    /// and offset do not enter it (docs/LEARNING_SEMANTICS.md).
    func emitBackward(port k: Int, inputs: [Slice], error: Slice, into delta: Slice, prefix: String,
                      in emitter: inout some FunctionEmitter) {
        var derivative = emitter.coefficient(scale, named: "\(prefix).scale") ?? .constant(1)
        switch operation {
        case .sum:
            break
        case .product:
            for (m, row) in inputs.enumerated() where m != k { derivative = .element(row) * derivative }
        }
        emitter.builder.assign(delta, .element(error) * derivative)
    }
}

/// One input of a combination: a port's values with its weight and exponent.
struct CombinationTerm {
    var values: Slice
    var weight: ParameterValue?
    var exponent: ParameterValue?
}

/// A port's own weight and exponent, overriding the combination function's (nil: the
/// function's applies).
struct PortCoefficients {
    var weight: ParameterValue?
    var exponent: ParameterValue?
}
