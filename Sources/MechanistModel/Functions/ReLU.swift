import MechanistIR

/// PsyNeuLink's `ReLU`: with `y = gain * (x - bias)`, `scale * max(y, leak * y) + offset`.
public struct ReLU: Sendable, Hashable, ElementwiseFunction {
    public var gain: Double
    public var bias: Double
    public var leak: Double
    public var scale: Double
    public var offset: Double

    public init(gain: Double = 1, bias: Double = 0, leak: Double = 0, scale: Double = 1, offset: Double = 0) {
        self.gain = gain
        self.bias = bias
        self.leak = leak
        self.scale = scale
        self.offset = offset
    }

    func expression(_ x: Expr) -> Expr {
        let y = Expr.scaling(gain, .subtracting(x, bias))
        // numpy's maximum, which the IR's max follows (NaN propagates).
        let rectified: Expr = .binary(.max, y, .constant(leak) * y)
        return .adding(.scaling(scale, rectified), offset)
    }
}
