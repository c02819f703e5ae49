import MechanistIR

/// PsyNeuLink's `ReLU`: with `y = gain * (x - bias)`, `scale * max(y, leak * y) + offset`.
///
/// Its derivative is PsyNeuLink's from the output `y`, which infers the input as `y / gain`
/// (ignoring bias, scale and offset): `scale * gain` where `y / gain > 0`, else
/// `scale * gain * leak`. With offset 0 and a positive scale, `y / gain > 0` exactly when
/// `gain * (x - bias) > 0`, so this is the true derivative away from the kink.
public struct ReLU: Sendable, Hashable, ElementwiseFunction {
    /// Its derivative is from the output: a learned receiver need not keep its input.
    var backwardReadsInput: Bool { false }

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

    var parameterFields: [(name: String, value: Double)] {
        [("gain", gain), ("bias", bias), ("leak", leak), ("scale", scale), ("offset", offset)]
    }

    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr {
        let y = p["gain"] * (x - p["bias"])
        // numpy's maximum, which the IR's max follows (NaN propagates).
        let rectified: Expr = .binary(.max, y, p["leak"] * y)
        return p["scale"] * rectified + p["offset"]
    }

    /// `where(y / gain > 0, scale * gain, scale * gain * leak)` (`ReLU.derivative` with
    /// `input=None`, transferfunctions.py).
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        .select(.greater, y / p["gain"], .constant(0),
                then: p["scale"] * p["gain"], else: p["scale"] * p["gain"] * p["leak"])
    }
}
