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

    func expression(_ x: Expr) -> Expr {
        .adding(.scaling(scale, density(x)), offset)
    }

    /// `-scale / sd^2 * (x - bias) * density(x)`, the true derivative, from the input.
    func derivative(input x: Expr, output y: Expr) -> Expr {
        let sd = standardDeviation
        return .constant(-scale / (sd * sd)) * Expr.subtracting(x, bias) * density(x)
    }

    /// `exp(-(x - bias)^2 / (2 * sd^2)) / sqrt(2 * pi * sd)`.
    private func density(_ x: Expr) -> Expr {
        let sd = standardDeviation
        let d = Expr.subtracting(x, bias)
        // Python's constant subexpressions, in its order: `2 * sd**2` and `sqrt(2 * pi * sd)`.
        let twoVariance = 2 * (sd * sd)
        let normalizer = (2 * Double.pi * sd).squareRoot()
        return .unary(.exp, -(d * d) / .constant(twoVariance)) / .constant(normalizer)
    }
}
