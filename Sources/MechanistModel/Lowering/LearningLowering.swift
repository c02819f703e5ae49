import MechanistIR

/// LearningMechanism with BackPropagation (PsyNeuLink 0.21, `LearningMechanism._execute` and
/// `BackPropagation._function`), for the MappingProjection W from `a_in` (ACTIVATION_INPUT,
/// the sender's port) to the receiver whose output is `y` (ACTIVATION_OUTPUT).
///
/// Executed in the learning phase, after every node it takes errors from. Per error source k:
/// - `dE_dA = error_matrix @ error_signal`, then for the pathway's Comparator (whose matrix is
///   the identity) scaled by the loss: MSE `dE_dA / n * 2`, SSE `dE_dA * 2`, L0 as is; a next
///   layer's LearningMechanism contributes its ERROR_SIGNAL through its projection's matrix
///   as it was BEFORE this trial's weight changes (no loss scaling);
/// - `dE_dW = dE_dA * f'(y)` (the receiver's function steps back: `NodeFunction.emitBackward`);
/// - `weight_change = (learning_rate * a_in) outer dE_dW`.
/// ERROR_SIGNAL is the sum of the `dE_dW` over sources and LEARNING_SIGNAL the sum of the
/// weight changes, in source order. `learn` then adds LEARNING_SIGNAL to W: every
/// mechanism's signals are computed before any weight changes (the learning phase runs all
/// executions, then all `learn` steps), which is what "pre-update weights" means.
struct LearningLowering: MechanismLowering {
    let node: Node
    let spec: LearningMechanismSpec
    /// `<lm>.value`: LEARNING_SIGNAL (rows x columns) then ERROR_SIGNAL (columns... of y).
    let learningSignal: Slice
    let errorSignal: Slice
    /// `<lm>.learning_rate`: host-settable (role `weight`, which constant folding never
    /// inlines), so `learn --learning-rate` sets it without recompiling.
    let learningRate: Slice
    /// `<lm>.pending` (learning_enabled "online"): 1 while LEARNING_SIGNAL waits to be added.
    let pending: Slice?
    /// Whether LEARNING_SIGNAL is stored in the value: when it is recorded or must wait
    /// ("online"). Otherwise the update adds the very same expression to the matrix in one
    /// pass (the same operations in the same order, so the same bits), instead of writing the
    /// change and reading it back.
    let keepsLearningSignal: Bool
    /// Each error source's `dE_dW`: ERROR_SIGNAL itself with one source, else one temp each
    /// (ERROR_SIGNAL is their sum).
    let sourceDeltas: [Slice]
    let outputPorts: [Slice]

    var valueRows: [Slice] { [learningSignal, errorSignal] }
    var finished: Slice? { nil }

    init(declaring i: Int, in context: inout LoweringContext) {
        node = context.model.nodes[i]
        // Validation guarantees the spec (NodeChecks) and the shape (learningMechanismShape).
        spec = node.learningMechanism ?? LearningMechanismSpec(
            projection: "", activationInput: PortReference(node: ""), activationOutput: PortReference(node: ""),
            errorSources: [])
        let shape = context.graph.shapes[i]
        let value = context.state(of: i, "value", .vector(shape.valueCount))
        learningSignal = Slice(value.buffer, offset: 0, count: shape.valueRows[0])
        errorSignal = Slice(value.buffer, offset: shape.valueRows[0], count: shape.valueRows[1])
        let rate = spec.ownLearningRate ?? spec.defaultLearningRate
        learningRate = context.buffer("\(node.name).learning_rate", .weight, .scalar, initial: [rate])
        pending = spec.enabled == .online && spec.changesWeights ? context.state(of: i, "pending", .scalar) : nil
        let errorSignal = self.errorSignal, name = node.name
        var deltas = [errorSignal]
        if spec.errorSources.count > 1 {
            deltas = spec.errorSources.indices.map { context.buffer("\(name).dE_dW-\($0)", .temp, .vector(errorSignal.count)) }
        }
        sourceDeltas = deltas
        keepsLearningSignal = pending != nil || !spec.changesWeights
            || context.recordedPorts.contains("\(node.name).LEARNING_SIGNAL")
        let learningSignal = self.learningSignal
        outputPorts = shape.outputPorts.map { $0.row == 1 ? errorSignal : learningSignal }
    }

    func initialize(in context: inout LoweringContext) {}

    /// Stateless between trials as far as PsyNeuLink's reset goes.
    func reset(in context: inout LoweringContext) {}

    func execute(variables: [Slice], in context: inout LoweringContext) throws(ModelError) {
        let learned = try context.learnedProjection(of: spec, node: node.name)
        let output = learned.output
        let n = output.count
        var deltas: [Slice] = []
        for (k, source) in spec.errorSources.enumerated() {
            let dEdA = context.buffer("\(node.name).dE_dA-\(k)", .temp, .vector(n))
            switch source {
            case .objective(let comparator, let loss):
                guard let c = context.graph.indexByName[comparator] else { continue }
                let outcome = Expr.element(context.mechanisms[c].valueRows[0])
                switch loss {
                // numpy: dot(identity, e) / n * 2 — the dot with the identity is exact.
                case .mse: context.builder.assign(dEdA, outcome / .constant(Double(n)) * .constant(2))
                case .sse: context.builder.assign(dEdA, outcome * .constant(2))
                case .l0: context.builder.assign(dEdA, outcome)
                }
            case .learningMechanism(let next, let projection):
                guard let q = context.graph.indexByName[next], let matrix = context.weight(named: projection) else { continue }
                let nextError = context.mechanisms[q].valueRows[1]
                context.builder.emit(.matVec(dst: dEdA, matrix: matrix, vector: nextError,
                                             rows: n, columns: nextError.count))
            }
            let delta = sourceDeltas[k]
            if case .linearCombination(let combination) = learned.function {
                combination.emitBackward(port: learned.receiverPort, inputs: learned.inputRows, error: dEdA,
                                         into: delta, prefix: node.name, in: &context)
                deltas.append(delta)
                continue
            }
            let function = learned.function.lowering
            guard function.emitBackward(input: learned.input, output: output, error: dEdA, into: delta,
                                        node: spec.activationOutput.node,
                                        prefix: "\(node.name).backward-\(k)", in: &context) else {
                throw ModelError(.notSupported, at: JSONPath() / "learning",
                                 "backpropagation through the \(learned.function.typeName) function of "
                                 + "\"\(spec.activationOutput.node)\" is not supported yet",
                                 hint: "use Linear, Logistic, ReLU, Tanh, Exponential, Gaussian or SoftMax")
            }
            deltas.append(delta)
        }
        if deltas.count > 1 {
            // LearningMechanism._execute: summed_error_signal = 0 + d_0 + d_1 + ...
            context.builder.assign(errorSignal, deltas.dropFirst().reduce(Expr.element(deltas[0])) { $0 + .element($1) })
        }
        guard !deltas.isEmpty, keepsLearningSignal else { return }
        let rows = learned.activationInput.count
        context.builder.emit(.elementwise2D(dst: learningSignal, rows: rows, columns: n,
                                            weightChange(learned, deltas: deltas)))
    }

    /// `weight_change = learning_rate * activation_input (a column) * dE_dW (a row)`, summed
    /// over the error sources' `dE_dW` (the ERROR_SIGNAL itself when there is one source).
    private func weightChange(_ learned: LearnedProjection, deltas: [Slice]) -> Expr {
        let scaledInput = Expr.scalar(learningRate) * .row(learned.activationInput)
        return deltas.dropFirst().reduce(scaledInput * .column(deltas[0])) { $0 + scaledInput * .column($1) }
    }



    /// Adds LEARNING_SIGNAL to the projection's matrix, unless the projection is not learnable
    /// or learning is disabled (then the signals are still computed and reported). With
    /// `learning_enabled` "online" the change waits instead (see `applyPending`).
    func learn(in context: inout LoweringContext) throws(ModelError) {
        guard spec.changesWeights, let matrix = context.weight(named: spec.projection) else { return }
        if let pending {
            context.builder.assign(pending, .constant(1))
            return
        }
        if keepsLearningSignal {
            context.builder.assign(matrix, .element(matrix) + .element(learningSignal))
            return
        }
        guard let learned = try? context.learnedProjection(of: spec, node: node.name) else { return }
        guard !sourceDeltas.isEmpty else { return }
        context.builder.emit(.elementwise2D(dst: matrix, rows: learned.activationInput.count,
                                            columns: errorSignal.count,
                                            .element(matrix) + weightChange(learned, deltas: sourceDeltas)))
    }

    /// "online" (PsyNeuLink's LearningProjection updates the matrix's ParameterPort when the
    /// projection next executes): the change of one learning trial is added at the start of
    /// the next one, so after `learn` the last change is still pending — missing from the
    /// reported weights and from a later `run`, added by the next `learn`.
    func applyPending(in context: inout LoweringContext) {
        guard let pending, let matrix = context.weight(named: spec.projection) else { return }
        let apply = context.collectOps { inner in
            inner.builder.assign(matrix, .element(matrix) + .element(learningSignal))
            inner.builder.assign(pending, .constant(0))
        }
        context.builder.emit(.branch(flag: pending, then: apply, otherwise: []))
    }
}

/// The slices a LearningMechanism reads of its projection and receiver.
struct LearnedProjection {
    /// ACTIVATION_INPUT: the sender's port that the projection reads.
    var activationInput: Slice
    /// The receiver's function input of the last execution (`<node>.function_input`), or its
    /// output when the function's derivative reads only the output.
    var input: Slice
    /// ACTIVATION_OUTPUT: the receiver's primary output (value row 0).
    var output: Slice
    /// The receiver's function.
    var function: TransferFunction
    /// The receiver's input port the projection feeds, and every port's function input
    /// (LinearCombination's derivative for one port reads the others: its covariates).
    var receiverPort: Int
    var inputRows: [Slice]
}

extension LoweringContext {
    /// What `spec`'s mechanism reads of its projection: sender port, receiver input and output.
    func learnedProjection(of spec: LearningMechanismSpec, node name: String) throws(ModelError) -> LearnedProjection {
        guard let r = graph.node(of: spec.activationOutput),
              let afferent = graph.afferents[r].first(where: { $0.name == spec.projection }),
              let receiver = mechanisms[r] as? TransferLowering
        else {
            throw ModelError(.notSupported, at: JSONPath() / "learning",
                             "\"\(name)\" learns projection \"\(spec.projection)\" into \"\(spec.activationOutput.node)\", "
                             + "which is not a TransferMechanism or ProcessingMechanism",
                             hint: "learning pathways run through ProcessingMechanisms and TransferMechanisms")
        }
        let output = receiver.valueRows[0]
        let rows = receiver.buffers.functionInput.map(receiver.functionInputRows) ?? [output]
        return LearnedProjection(activationInput: outputs[afferent.sender][afferent.senderPort],
                                 input: rows.indices.contains(afferent.receiverPort) ? rows[afferent.receiverPort] : output,
                                 output: output, function: receiver.settings.function,
                                 receiverPort: afferent.receiverPort, inputRows: rows)
    }
}
