import MechanistIR

/// PsyNeuLink's `Linear`: `slope * x + intercept`, then `scale * (...) + offset` (scale and
/// offset are the generic transfer-function modulation of 0.21; defaults leave them out).
public struct Linear: Sendable, Hashable, ElementwiseFunction {
    /// Its derivative is a constant: a learned receiver need not keep its input.
    var backwardReadsInput: Bool { false }

    public var slope: Double
    public var intercept: Double
    public var scale: Double
    public var offset: Double

    public init(slope: Double = 1, intercept: Double = 0, scale: Double = 1, offset: Double = 0) {
        self.slope = slope
        self.intercept = intercept
        self.scale = scale
        self.offset = offset
    }

    var parameterFields: [(name: String, value: Double)] {
        [("slope", slope), ("intercept", intercept), ("scale", scale), ("offset", offset)]
    }

    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr {
        // PsyNeuLink: `variable * slope + intercept`.
        let y: Expr = x * p["slope"] + p["intercept"]
        return p["scale"] * y + p["offset"]
    }

    /// `slope * scale`: PsyNeuLink 0.21's `Linear.derivative` (the true derivative).
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        p["slope"] * p["scale"]
    }
}
