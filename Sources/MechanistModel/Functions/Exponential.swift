import MechanistIR

/// PsyNeuLink's `Exponential`: `scale * exp(rate * x + bias) + offset`.
///
/// PsyNeuLink writes `e**(...)` (numpy's power of the double nearest e), which can differ
/// from libm's `exp` in the last bit; the reference tests allow 1e-12.
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
        let exponent = Expr.adding(.scaling(rate, x), bias)
        return .adding(.scaling(scale, .unary(.exp, exponent)), offset)
    }
}
