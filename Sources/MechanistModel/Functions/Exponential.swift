import MechanistIR

/// PsyNeuLink's `Exponential`: `scale * exp(rate * x + bias) + offset`.
///
/// PsyNeuLink writes `e**(...)` (numpy's power of the double nearest e), which can differ
/// from libm's `exp` in the last bit; the reference tests allow 1e-12.
///
/// PsyNeuLink 0.21 cannot backpropagate through Exponential (its `derivative(input)` needs the
/// input; BackPropagation passes only the output). Its formula from the input,
/// `scale * rate * e**(rate * x + bias)`, is the true derivative, and Mechanist's.
public struct Exponential: Sendable, Hashable, ElementwiseFunction {
    public var rate: Double
    public var bias: Double
    public var scale: Double
    public var offset: Double

    public init(rate: Double = 1, bias: Double = 0, scale: Double = 1, offset: Double = 0) {
        self.rate = rate
        self.bias = bias
        self.scale = scale
        self.offset = offset
    }

    func expression(_ x: Expr) -> Expr {
        .adding(.scaling(scale, .unary(.exp, exponent(x))), offset)
    }

    /// `scale * rate * exp(rate * x + bias)`, the true derivative, from the input.
    func derivative(input x: Expr, output y: Expr) -> Expr {
        .constant(scale * rate) * .unary(.exp, exponent(x))
    }

    private func exponent(_ x: Expr) -> Expr { .adding(.scaling(rate, x), bias) }
}
