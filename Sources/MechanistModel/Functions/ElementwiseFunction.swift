import MechanistIR

/// A function that maps each element on its own: it lowers to one `Expr` over its input (which
/// fuses with whatever reads or writes around it), and its derivative is one `Expr` too.
protocol ElementwiseFunction: NodeFunction {
    /// The function applied to `x`, in PsyNeuLink 0.21's order of operations (Python mode).
    func expression(_ x: Expr) -> Expr

    /// `dy/dx` at input `x` whose output is `y = expression(x)`, elementwise. Where
    /// PsyNeuLink 0.21 can backpropagate through the function, this is its `derivative` as
    /// BackPropagation calls it (from the output; its quirks kept and documented); where it
    /// cannot, the true derivative.
    func derivative(input x: Expr, output y: Expr) -> Expr
}

extension ElementwiseFunction {
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter) {
        for (row, x) in zip(value, variable) { emitter.builder.assign(row, expression(x)) }
    }

    /// `delta = error * f'(x, y)`: BackPropagation's `dE_dA * dA_dW` for a 1-d derivative.
    func emitBackward(input: Slice, output: Slice, error: Slice, into delta: Slice, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool {
        emitter.builder.assign(delta, .element(error) * derivative(input: .element(input), output: .element(output)))
        return true
    }
}

// Helpers that leave out exact no-ops (adding 0, multiplying by 1), so default parameters
// give a plain expression. Both are exact in IEEE arithmetic (bar the sign of a zero sum).
extension Expr {
    static func adding(_ x: Expr, _ c: Double) -> Expr { c == 0 ? x : x + .constant(c) }
    static func subtracting(_ x: Expr, _ c: Double) -> Expr { c == 0 ? x : x - .constant(c) }
    static func scaling(_ c: Double, _ x: Expr) -> Expr { c == 1 ? x : .constant(c) * x }
}
