import MechanistIR

/// AutoAssociativeLearningMechanism with Hebbian (PsyNeuLink 0.21, `Hebbian._function`), for
/// the recurrent projection of a RecurrentTransferMechanism or LCAMechanism with
/// `enable_learning`. Executed in the learning phase, after the processing phase, with a =
/// the mechanism's output of this trial; LEARNING_SIGNAL (n x n, row by row) is
///
/// - a scalar rate, or one rate per unit: `dW_ij = ((a_j * lr_j) * a_i) * (1 - I)_ij` (the rate
///   scales numpy's `variable` before `variable * col`, so dW is not symmetric in its last bit).
///   A scalar takes this path too: in a Composition the rate reaches `Hebbian._function` from
///   the learning mechanism's ParameterPort as a 1-d array, so `learning_rate_dim == 1`
///   (checked against PsyNeuLink 0.21 on RTMs and LCAs; docs/LEARNING_SEMANTICS.md);
/// - an n x n rate: `dW_ij = (a_j * a_i) * (1 - I)_ij * lr_ij` (the function's 2-d path;
///   PsyNeuLink 0.21 refuses a 1-d or 2-d rate on a RecurrentTransferMechanism, so these two
///   follow `Hebbian._function` itself).
///
/// The mask is a select (multiplying by 1 is exact, by 0 gives 0 up to its sign). `learn`
/// adds LEARNING_SIGNAL to the matrix (the `weight` buffer named after the mechanism) at the
/// end of the learning trial, so the next execution of the recurrent projection uses it, as
/// PsyNeuLink's LearningProjection updates the matrix's ParameterPort when it next executes.
/// With `learning_enabled` false the signal is computed and the matrix never changes.
struct HebbianLowering: MechanismLowering {
    let node: Node
    let spec: AutoAssociativeSpec
    /// `<node>.value`: LEARNING_SIGNAL, n x n row by row.
    let learningSignal: Slice
    /// `<node>.learning_rate`: host-settable (role `weight`), one value, n or n x n; `learn`'s
    /// rate fills it when the model gives the rate (`AutoAssociativeSpec.learningRateGiven`).
    let learningRate: Slice
    let size: Int
    let outputPorts: [Slice]

    var valueRows: [Slice] { [learningSignal] }
    var finished: Slice? { nil }

    init(declaring i: Int, in context: inout LoweringContext) {
        node = context.model.nodes[i]
        // Validation guarantees the spec (NodeChecks) and the shape (autoAssociativeShape).
        spec = node.autoAssociative ?? AutoAssociativeSpec(mechanism: "")
        let shape = context.graph.shapes[i]
        let count = shape.valueCount
        size = Int(Double(count).squareRoot().rounded())
        learningSignal = context.state(of: i, "value", .vector(count))
        let rates = spec.learningRate.flattened
        let rateShape: Shape
        switch spec.learningRate {
        case .scalar: rateShape = .scalar
        case .vector: rateShape = .vector(rates.count)
        case .matrix: rateShape = .matrix(rows: size, columns: size)
        }
        learningRate = context.buffer("\(node.name).learning_rate", .weight, rateShape, initial: rates)
        let signal = learningSignal
        outputPorts = shape.outputPorts.map { _ in signal }
    }

    func initialize(in context: inout LoweringContext) {}

    func reset(in context: inout LoweringContext) {}

    /// The activity a: the mechanism's primary output (value row 0).
    private func activity(in context: LoweringContext) -> Slice? {
        guard let r = context.graph.indexByName[spec.mechanism] else { return nil }
        return context.mechanisms[r].valueRows[0]
    }

    func execute(variables: [Slice], in context: inout LoweringContext) throws(ModelError) {
        guard let a = activity(in: context) else { return }
        let n = size
        // Row index i, column index j: `.row(a)` is a_i (numpy's `col`), `.column(a)` is a_j
        // (numpy's `variable`).
        let product: Expr
        let hollowLast: Bool
        switch spec.learningRate {
        case .scalar: product = (.column(a) * .scalar(learningRate)) * .row(a); hollowLast = true
        case .vector: product = (.column(a) * .column(learningRate)) * .row(a); hollowLast = true
        case .matrix: product = .column(a) * .row(a); hollowLast = false
        }
        let stride = Double(n + 1)
        let diagonal = Expr.binary(.multiply, .unary(.floor, .index / .constant(stride)), .constant(stride))
        let hollow = Expr.select(.equal, diagonal, .index, then: .constant(0), else: product)
        let change: Expr
        change = hollowLast ? hollow : hollow * .element(learningRate)
        context.builder.emit(.elementwise2D(dst: learningSignal, rows: n, columns: n, change))
    }

    /// Adds LEARNING_SIGNAL to the recurrent matrix (unless `learning_enabled` is false).
    func learn(in context: inout LoweringContext) throws(ModelError) {
        guard spec.enabled, let matrix = context.weight(named: spec.mechanism) else { return }
        context.builder.assign(matrix, .element(matrix) + .element(learningSignal))
    }
}
