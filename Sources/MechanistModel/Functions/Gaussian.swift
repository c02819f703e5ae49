import MechanistIR

/// PsyNeuLink's `Gaussian` (a density, not a draw):
/// `scale * exp(-(x - bias)^2 / (2 * sd^2)) / sqrt(2 * pi * sd) + offset` — the square root
/// of `2*pi*sd`, not `sd*sqrt(2*pi)`, as PsyNeuLink 0.21 computes it.
///
/// PsyNeuLink 0.21 cannot backpropagate through Gaussian (its `derivative(input)` needs the
/// input; BackPropagation passes only the output), and its formula,
/// `-(x - bias) * exp(...) / sqrt(2 * pi * sd**3)`, leaves out `scale` and divides by
/// `sqrt(sd**3)` where the density's derivative has `sd**2 * sqrt(sd)`. Mechanist's is the
/// true derivative: `-scale * (x - bias) / sd^2 * density(x)`.
public struct Gaussian: Sendable, Hashable, ElementwiseFunction {
    /// `standard_deviation` in files; must be positive.
    public var standardDeviation: Double
    public var bias: Double
    public var scale: Double
    public var offset: Double

    public init(standardDeviation: Double = 1, bias: Double = 0, scale: Double = 1, offset: Double = 0) {
        self.standardDeviation = standardDeviation
        self.bias = bias
        self.scale = scale
        self.offset = offset
    }

    var parameterFields: [(name: String, value: Double)] {
        [("standard_deviation", standardDeviation), ("bias", bias), ("scale", scale), ("offset", offset)]
    }

    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr {
        p["scale"] * density(x, p) + p["offset"]
    }

    /// `-scale / sd^2 * (x - bias) * density(x)`, the true derivative, from the input.
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr {
        let sd = p["standard_deviation"]
        return -p["scale"] / (sd * sd) * (x - p["bias"]) * density(x, p)
    }

    /// `exp(-(x - bias)^2 / (2 * sd^2)) / sqrt(2 * pi * sd)`.
    private func density(_ x: Expr, _ p: FunctionParameters) -> Expr {
        let sd = p["standard_deviation"]
        let d = x - p["bias"]
        // Python's subexpressions, in its order: `2 * sd**2` and `sqrt(2 * pi * sd)`.
        let twoVariance = .constant(2) * (sd * sd)
        let normalizer = Expr.unary(.sqrt, .constant(2 * Double.pi) * sd)
        return .unary(.exp, -(d * d) / twoVariance) / normalizer
    }
}
