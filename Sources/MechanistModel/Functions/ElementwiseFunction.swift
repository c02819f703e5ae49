import MechanistIR

/// A transfer function that maps each element on its own, so that it lowers to one `Expr`
/// over its input (and fuses with whatever reads or writes around it).
///
/// Derivatives for backpropagation will live beside each `expression`, one file per function.
protocol ElementwiseFunction {
    /// The function applied to `x`, in PsyNeuLink 0.21's order of operations (Python mode).
    func expression(_ x: Expr) -> Expr
}

extension TransferFunction {
    /// The elementwise form of this function; nil for SoftMax, LinearCombination and Reduce,
    /// which read several elements (or ports) at once.
    var elementwise: (any ElementwiseFunction)? {
        switch self {
        case .linear(let f): return f
        case .logistic(let f): return f
        case .tanh(let f): return f
        case .relu(let f): return f
        case .exponential(let f): return f
        case .gaussian(let f): return f
        case .softMax, .linearCombination, .reduce: return nil
        }
    }
}

// Helpers that leave out exact no-ops (adding 0, multiplying by 1), so default parameters
// give a plain expression. Both are exact in IEEE arithmetic (bar the sign of a zero sum).
extension Expr {
    static func adding(_ x: Expr, _ c: Double) -> Expr { c == 0 ? x : x + .constant(c) }
    static func subtracting(_ x: Expr, _ c: Double) -> Expr { c == 0 ? x : x - .constant(c) }
    static func scaling(_ c: Double, _ x: Expr) -> Expr { c == 1 ? x : .constant(c) * x }
}
