import MechanistIR

/// PsyNeuLink's `Tanh`: `scale * tanh(gain * (x + bias - x_0) + offset)` (offset inside).
///
/// PsyNeuLink evaluates the tangent as `(1 - e**(-2z)) / (1 + e**(-2z))`; libm's `tanh` is
/// more accurate and differs from it only in the last bits (the reference tests allow 1e-12).
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

    func expression(_ x: Expr) -> Expr {
        let t = Expr.subtracting(.adding(x, bias), x0)
        let z = Expr.adding(.scaling(gain, t), offset)
        return .scaling(scale, .unary(.tanh, z))
    }
}
