import MechanistIR

/// TransferMechanism, ProcessingMechanism, RecurrentTransferMechanism and LCAMechanism
/// (PsyNeuLink 0.21, Python mode): one algorithm, parameterized by `TransferSettings`
/// (integrator, recurrence, termination). One scheduled execution (Mechanism.execute):
///
/// 1. if the node was finished, `num_executions_before_finished` restarts at 0;
/// 2. one step (`emitStep`): input ports (external + recurrent), integrator, function, clip;
/// 3. the counter increments, the output ports update, and the node is finished when the
///    counter reached `max_executions_before_finished` or the termination measure holds;
/// 4. with `execute_until_finished`, steps 2-3 repeat within the execution until finished.
struct TransferLowering: MechanismLowering {
    /// The node's index in the model.
    let index: Int
    let node: Node
    let shape: ModelGraph.Shape
    let settings: TransferSettings
    let buffers: TransferBuffers
    let outputPorts: [Slice]

    var valueRows: [Slice] { buffers.valueRows }
    var finished: Slice? { buffers.finished }
    /// Each execution within the loop is a step of `--record-steps`.
    var appendsOwnSteps: Bool { true }
    var thresholdReached: Slice? { buffers.thresholdReached }

    /// State: `<node>.integrator` (integrator_mode; initial `initial_value`, default 0),
    /// `<node>.value` (its value rows, flattened), the computed output ports, then counters
    /// as the node needs them: `<node>.rng`, `<node>.num_executions_before_finished`,
    /// `<node>.is_finished` (initially 1, as PsyNeuLink's flag), `<node>.previous_value`,
    /// `<node>.num_executions.<SCALE>`, and the Stability matrices of ENERGY / ENTROPY.
    init(declaring i: Int, in context: inout LoweringContext) {
        let node = context.model.nodes[i]
        let shape = context.graph.shapes[i]
        let settings = TransferSettings(node)
        let total = shape.inputPorts.map(\.size).reduce(0, +)
        var integrator: Slice?
        if settings.integrator != .none {
            let initial = node.initialValue.map { $0.elements(count: total) } ?? []
            integrator = context.state(of: i, "integrator", .vector(total), initial: initial)
        }
        let value = context.state(of: i, "value", .vector(shape.valueCount))
        let valueRows = shape.valueRows.indices.map {
            Slice(value.buffer, offset: shape.rowOffset($0), count: shape.valueRows[$0])
        }
        let computed = shape.outputPorts.map { port in
            port.row == nil ? context.declareComputedPort(port, of: i) : nil
        }
        var buffers = TransferBuffers(value: value, valueRows: valueRows, integrator: integrator,
                                      computedPorts: computed)
        if Self.drawsNoise(node) { buffers.rng = context.state(of: i, "rng", .scalar) }
        let countsExecutions = shape.outputPorts.contains { $0.name == "DECISION_STEPS" || $0.name == "DECISION_TIME" }
        if settings.termination != nil || countsExecutions {
            buffers.executions = context.state(of: i, "num_executions_before_finished", .scalar)
        }
        if let termination = settings.termination {
            buffers.finished = context.state(of: i, "is_finished", .scalar, initial: [1])
            buffers.thresholdReached = context.state(of: i, "threshold_reached", .scalar, initial: [1])
            switch termination.measure {
            case .maxAbsDiff:
                buffers.previousValue = context.state(of: i, "previous_value", .vector(shape.valueCount))
            case .timeScale(let scale):
                buffers.scaleExecutions = context.state(of: i, "num_executions.\(scale.rawValue)", .scalar)
            case .value, .maxVsNext, .maxVsAvg:
                break
            }
        }
        let learned = context.learnedActivationOutputs.contains(node.name)
        if learned && settings.function.lowering.backwardReadsInput {
            buffers.functionInput = context.state(of: i, "function_input", .vector(total))
        }
        if settings.recurrent {
            buffers.recurrentMatrix = context.weight(named: node.name)
            let n = valueRows[0].count
            if shape.outputPorts.contains(where: { $0.name == "ENERGY" }) {
                buffers.energyMatrix = context.state(of: i, "ENERGY.matrix", .matrix(rows: n, columns: n))
            }
            if shape.outputPorts.contains(where: { $0.name == "ENTROPY" }) {
                let hollowOnes = SquareMatrix.build(size: n, diagonal: { _ in 0 }, offDiagonal: { _ in 1 })
                buffers.entropyMatrix = context.state(of: i, "ENTROPY.matrix", .matrix(rows: n, columns: n),
                                                      initial: hollowOnes)
            }
        }
        index = i
        self.node = node
        self.shape = shape
        self.settings = settings
        self.buffers = buffers
        outputPorts = zip(shape.outputPorts, computed).map { port, slice in slice ?? valueRows[port.row ?? 0] }
    }

    /// One scheduled execution (see the type's summary).
    ///
    /// A time-scale counter (termination_measure TIME_STEP, PASS, TRIAL) restarts when a
    /// scheduled execution starts: exact for TIME_STEP (one execution is one time step), and
    /// for PASS and TRIAL while the node runs once per pass and trial (the scheduler does
    /// not zero nodes' counters). A RUN counter never restarts (exact for the first run).
    func execute(variables: [Slice], in context: inout LoweringContext) {
        if let executions = buffers.executions {
            if let finished = buffers.finished {
                context.builder.assign(executions, .select(.notEqual, .scalar(finished), .constant(0),
                                                           then: .constant(0), else: .element(executions)))
            } else {
                // Always finished: every execution starts counting afresh.
                context.builder.assign(executions, .constant(0))
            }
        }
        if case .timeScale(let scale)? = settings.termination?.measure, let counter = buffers.scaleExecutions {
            switch scale {
            case .timeStep, .pass, .trial: context.builder.assign(counter, .constant(0))
            case .run: break
            }
        }
        if settings.loops, let finished = buffers.finished {
            let body = context.collectOps { inner in emitExecutionStep(variables, in: &inner) }
            context.builder.emit(.until(flag: finished, maxIterations: settings.maxExecutions, body: body))
        } else {
            emitExecutionStep(variables, in: &context)
        }
    }

    /// One execution of the loop: step, count, ports, finished check.
    private func emitExecutionStep(_ variables: [Slice], in context: inout LoweringContext) {
        if let previous = buffers.previousValue { context.builder.assign(previous, .element(buffers.value)) }
        emitStep(variables: variables, initializing: false, in: &context)
        if let executions = buffers.executions {
            context.builder.assign(executions, .element(executions) + .constant(1))
        }
        if let counter = buffers.scaleExecutions { context.builder.assign(counter, .element(counter) + .constant(1)) }
        emitComputedPorts(in: &context)
        if let termination = settings.termination { emitFinishedCheck(termination, in: &context) }
        context.emitStepRecords(of: index)
    }

    /// PsyNeuLink executes a mechanism once when it builds it: on its default variable, the
    /// integrator stepping from `initial_value` (its state not kept), noise included, no
    /// recurrent input. That value is the node's value before the first trial (the first
    /// recurrent input; what a cycle reads first; the first previous value).
    func initialize(in context: inout LoweringContext) {
        if let energy = buffers.energyMatrix, let matrix = buffers.recurrentMatrix {
            // The matrix the mechanism was built with, hollow (RANDOM ones are drawn by now).
            context.builder.assign(energy, SquareMatrix.hollowPart(of: matrix, size: valueRows[0].count))
        }
        if let integrator = buffers.integrator, let initial = initialValue(count: integrator.count, in: &context) {
            // `initial_value` is a runtime parameter: the integrator starts from the value the
            // params hold when the model is initialized (the state image holds the file's).
            context.builder.assign(integrator, initial)
        }
        let variables = shape.inputPorts.enumerated().map { k, port in
            let initial = node.defaultVariable?[k] ?? [Double](repeating: 0, count: port.size)
            return context.buffer("\(node.name).\(port.name).default_variable", .parameter, .vector(port.size),
                                  initial: initial)
        }
        emitStep(variables: variables, initializing: true, in: &context)
        emitComputedPorts(in: &context)
    }

    /// Mechanism.reset: the integrator restarts at `initial_value` and the value becomes
    /// f(initializer), without noise and without clip (PsyNeuLink runs the function alone);
    /// the output ports update, the counters keep their values. The value history is cleared
    /// in PsyNeuLink; here the previous value becomes the reset value.
    func reset(in context: inout LoweringContext) throws(ModelError) {
        guard let integrator = buffers.integrator else {
            throw ModelError(.invalidValue, at: JSONPath() / "scheduler" / "reset_stateful_function_when" / node.name,
                             "\"\(node.name)\" has no integrator to reset (integrator_mode is false)",
                             hint: "PsyNeuLink refuses to reset it too; set integrator_mode to true")
        }
        if let initial = initialValue(count: integrator.count, in: &context) {
            context.builder.assign(integrator, initial)
        } else {
            let initializer = context.buffer("\(node.name).initializer", .parameter, .vector(integrator.count),
                                             initial: [Double](repeating: 0, count: integrator.count))
            context.builder.assign(integrator, .element(initializer))
        }
        emitValue(inputRows(of: integrator), clip: false, in: &context)
        if let previous = buffers.previousValue { context.builder.assign(previous, .element(buffers.value)) }
        emitComputedPorts(in: &context)
    }

    /// The file's `initial_value` as the runtime parameter `<node>.initial_value` (one number
    /// broadcast, or one per integrator element); nil when the file gives none.
    private func initialValue(count: Int, in context: inout LoweringContext) -> Expr? {
        context.parameterExpr(node.initialValue, named: "\(node.name).initial_value", count: count).map { $0(0, count) }
    }

    /// `slice` (laid out like the input ports) as one read per input port.
    func inputRows(of slice: Slice) -> [Expr] {
        let rows = shape.inputPorts.map(\.size)
        return rows.indices.map { r in
            .element(Slice(slice.buffer, offset: slice.offset + rows.prefix(r).reduce(0, +), count: rows[r]))
        }
    }
}
