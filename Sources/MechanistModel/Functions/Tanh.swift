import MechanistIR

/// PsyNeuLink's `Tanh`: `scale * tanh(gain * (x + bias - x_0) + offset)` (offset inside).
///
/// PsyNeuLink evaluates the tangent as `(1 - e**(-2z)) / (1 + e**(-2z))`; libm's `tanh` is
/// more accurate and differs from it only in the last bits (the reference tests allow 1e-12).
///
/// PsyNeuLink 0.21 cannot backpropagate through Tanh: its `derivative(input)` needs the input,
/// and BackPropagation passes only the output (`None + bias` raises). Its formula from the
/// input, `-2*gain*scale * (-2*e**E) / (1 + e**E)**2` with `E = -2z`, is the true derivative,
/// which Mechanist writes as `gain * scale * (1 - tanh(z)**2)` (no overflow of `e**E`).
public struct Tanh: Sendable, Hashable, ElementwiseFunction {
    public var gain: Double
    public var bias: Double
    /// `x_0` in files.
    public var x0: Double
    public var offset: Double
    public var scale: Double

    public init(gain: Double = 1, bias: Double = 0, x0: Double = 0, offset: Double = 0, scale: Double = 1) {
        self.gain = gain
        self.bias = bias
        self.x0 = x0
        self.offset = offset
        self.scale = scale
    }

    var parameterFields: [(name: String, value: Double)] {
        [("gain", gain), ("bias", bias), ("x_0", x0), ("offset", offset), ("scale", scale)]
    }

    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr {
        p["scale"] * .unary(.tanh, argument(x, p))
    }

    /// `gain * scale * (1 - tanh(z)^2)`, the true derivative, from the input.
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        let t = Expr.unary(.tanh, argument(x, p))
        return p["gain"] * p["scale"] * (.constant(1) - t * t)
    }

    /// `z = gain * (x + bias - x_0) + offset`.
    private func argument(_ x: Expr, _ p: FunctionParameters) -> Expr {
        p["gain"] * (x + p["bias"] - p["x_0"]) + p["offset"]
    }
}
