import MechanistIR

/// A function that maps each element on its own: it lowers to one `Expr` over its input (which
/// fuses with whatever reads or writes around it), and its derivative is one `Expr` too.
///
/// Its numeric parameters are runtime values (`<node>.function.<field>`, read from the
/// parameter arena), so every formula is written over `FunctionParameters` and computes at
/// run time what PsyNeuLink computes from the numbers; constant folding turns them back into
/// constants when the model is compiled specialized, with bitwise the same results.
protocol ElementwiseFunction: NodeFunction {
    /// The numeric fields, as model files name them, with their values.
    var parameterFields: [(name: String, value: Double)] { get }

    /// The function applied to `x`, in PsyNeuLink 0.21's order of operations (Python mode).
    func expression(_ x: Expr, _ p: FunctionParameters) -> Expr

    /// `dy/dx` at input `x` whose output is `y = expression(x)`, elementwise. Where
    /// PsyNeuLink 0.21 can backpropagate through the function, this is its `derivative` as
    /// BackPropagation calls it (from the output; its quirks kept and documented); where it
    /// cannot, the true derivative.
    func derivative(input x: Expr, output y: Expr, _ p: FunctionParameters) -> Expr
}

extension ElementwiseFunction {
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter) {
        let p = emitter.functionParameters(parameterFields, node: name)
        for (row, x) in zip(value, variable) { emitter.builder.assign(row, expression(x, p)) }
    }

    /// `delta = error * f'(x, y)`: BackPropagation's `dE_dA * dA_dW` for a 1-d derivative.
    func emitBackward(input: Slice, output: Slice, error: Slice, into delta: Slice, node: String, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool {
        let p = emitter.functionParameters(parameterFields, node: node)
        emitter.builder.assign(delta, .element(error) * derivative(input: .element(input), output: .element(output), p))
        return true
    }

    /// The formula with the parameters as constants.
    func expression(_ x: Expr) -> Expr { expression(x, .constants(parameterFields)) }

    /// The derivative with the parameters as constants.
    func derivative(input x: Expr, output y: Expr) -> Expr { derivative(input: x, output: y, .constants(parameterFields)) }
}

// Helpers that leave out exact no-ops (adding 0, multiplying by 1), so default coefficients
// give a plain expression (LinearCombination and Reduce, whose coefficients are compile-time
// constants). Both are exact in IEEE arithmetic (bar the sign of a zero sum).
extension Expr {
    static func adding(_ x: Expr, _ c: Double) -> Expr { c == 0 ? x : x + .constant(c) }
    static func scaling(_ c: Double, _ x: Expr) -> Expr { c == 1 ? x : .constant(c) * x }
}
