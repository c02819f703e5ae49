import MechanistIR

/// A node's `function` lowered to IR: PsyNeuLink's transfer and combination functions, one
/// type per function, each in its own file with its derivative beside its expression.
///
/// `emit` computes the node's value rows from its variable, given as one expression per
/// input-port row: an elementwise function applies itself to that expression, so it fuses
/// with the integrator and noise before it into one op; a function that reads a whole row
/// (SoftMax, Reduce) or several rows (LinearCombination) materializes them in temps first.
///
/// `emitBackward` is backpropagation's step back through the function for one row:
/// `delta = J^T error`, where `J[j][i] = d output_j / d input_i` at the row's input and output
/// (numpy's `error @ J`, how PsyNeuLink's BackPropagation applies a 2-d derivative). For an
/// elementwise function J is diagonal and the step is `error * f'(x, y)`, one op; SoftMax's J
/// is a full matrix. PsyNeuLink's BackPropagation passes only the OUTPUT to the derivative
/// (`derivative(input=None, output=activation_output)`), so the derivatives that PsyNeuLink
/// can backpropagate read the output as it does.
protocol NodeFunction {
    /// Emits `value = f(variable)`. `variable[r]` is input row r (`sizes[r]` elements);
    /// `value` holds the node's value rows (as the node's shape gives them). `name`, the
    /// node's, prefixes the temps and parameters the function declares.
    func emit(_ variable: [Expr], sizes: [Int], into value: [Slice], name: String,
              in emitter: inout some FunctionEmitter)

    /// Emits one row's `delta = J^T error` (all four slices of the row's size; `delta` may
    /// not overlap the others). `node` is the node whose function this is (its runtime
    /// parameters); `prefix` names the temps. Returns false, emitting nothing,
    /// where backpropagation through the function is not lowered (the caller reports it).
    func emitBackward(input: Slice, output: Slice, error: Slice, into delta: Slice, node: String, prefix: String,
                      in emitter: inout some FunctionEmitter) -> Bool

    /// Whether the backward step reads the function's input. A node whose function's does,
    /// and that receives a learned projection, keeps its input every execution
    /// (`<node>.function_input`); the others (derivatives from the output, as PsyNeuLink's
    /// are) spend no store on it.
    var backwardReadsInput: Bool { get }
}

extension NodeFunction {
    var backwardReadsInput: Bool { true }
}

extension TransferFunction {
    /// How this function lowers.
    var lowering: any NodeFunction {
        switch self {
        case .linear(let f): return f
        case .logistic(let f): return f
        case .tanh(let f): return f
        case .relu(let f): return f
        case .exponential(let f): return f
        case .gaussian(let f): return f
        case .softMax(let f): return f
        case .linearCombination(let f): return f
        case .reduce(let f): return f
        }
    }
}
