import MechanistIR

/// PsyNeuLink's `Logistic`: `scale * (1 / (1 + exp(-gain * (x + bias - x_0)))) + offset`.
/// In 0.21 `offset` is added outside the exponential (SEMANTICS.md).
///
/// Its derivative is PsyNeuLink's, from the output `y`: `gain * scale * y * (1 - y)`. That
/// is the true derivative only when `scale` is 1 and `offset` 0 (the logistic's own value
/// is `(y - offset) / scale`); PsyNeuLink 0.21 reads `y` as is, and so does Mechanist.
public struct Logistic: Sendable, Hashable, ElementwiseFunction {
    /// Its derivative is from the output: a learned receiver need not keep its input.
    var backwardReadsInput: Bool { false }

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
        // Python evaluates `-gain * t` as `(-gain) * t`; negating is exact.
        let t = x + p["bias"] - p["x_0"]
        let logistic: Expr = .constant(1) / (.constant(1) + .unary(.exp, -p["gain"] * t))
        return p["scale"] * logistic + p["offset"]
    }

    /// `gain * scale * y * (1 - y)`, in Python's order (`Logistic.derivative`, transferfunctions.py).
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        p["gain"] * p["scale"] * y * (.constant(1) - y)
    }
}
