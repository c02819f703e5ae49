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

    var parameterFields: [(name: String, value: Double)] {
        [("rate", rate), ("bias", bias), ("scale", scale), ("offset", offset)]
    }

    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr {
        p["scale"] * .unary(.exp, exponent(x, p)) + p["offset"]
    }

    /// `scale * rate * exp(rate * x + bias)`, the true derivative, from the input.
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        p["scale"] * p["rate"] * .unary(.exp, exponent(x, p))
    }

    private func exponent(_ x: Expr, _ p: FunctionParameters) -> Expr { p["rate"] * x + p["bias"] }
}
