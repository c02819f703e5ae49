import MechanistIR

/// TransferMechanism, ProcessingMechanism, RecurrentTransferMechanism and LCAMechanism
/// (PsyNeuLink 0.21, Python mode). One scheduled execution (Mechanism.execute):
///
/// 1. if the node was finished, `num_executions_before_finished` restarts at 0;
/// 2. one step (`emitStep`): input ports (external + recurrent), integrator, function, clip;
/// 3. the counter increments, the output ports update, and the node is finished when the
///    counter reached `max_executions_before_finished` or the termination measure holds;
/// 4. with `execute_until_finished`, steps 2-3 repeat within the execution until finished.
extension LoweringContext {
    /// State: `<node>.integrator` (integrator_mode; initial `initial_value`, default 0),
    /// `<node>.value` (one row per input port, flattened), the computed output ports, then
    /// counters as the node needs them: `<node>.rng`, `<node>.num_executions_before_finished`,
    /// `<node>.is_finished` (initially 1, as PsyNeuLink's flag), `<node>.previous_value`,
    /// `<node>.num_executions.<SCALE>`, and the Stability matrices of ENERGY / ENTROPY.
    mutating func declareTransferMechanism(_ i: Int) throws(ModelError) {
        let node = model.nodes[i]
        let shape = graph.shapes[i]
        let settings = TransferSettings(node)
        let total = shape.inputPorts.map(\.size).reduce(0, +)
        var integrator: Slice?
        if settings.integrator != .none {
            let initial = node.initialValue.map { broadcast($0, count: total) } ?? []
            integrator = state(of: i, "integrator", .vector(total), initial: initial)
        }
        let value = state(of: i, "value", .vector(shape.valueCount))
        let valueRows = shape.valueRows.indices.map {
            Slice(value.buffer, offset: shape.rowOffset($0), count: shape.valueRows[$0])
        }
        let computed = shape.outputPorts.map { port in port.row == nil ? declareComputedPort(port, of: i) : nil }
        var buffers = NodeBuffers(value: value, valueRows: valueRows, integrator: integrator, computedPorts: computed)
        if hasNoiseDistribution(i) { buffers.rng = state(of: i, "rng", .scalar) }
        let portNames = Set(shape.outputPorts.map(\.name))
        if settings.termination != nil || !portNames.isDisjoint(with: ["DECISION_STEPS", "DECISION_TIME"]) {
            buffers.executions = state(of: i, "num_executions_before_finished", .scalar)
        }
        if let termination = settings.termination {
            buffers.finished = state(of: i, "is_finished", .scalar, initial: [1])
            switch termination.measure {
            case .maxAbsDiff:
                buffers.previousValue = state(of: i, "previous_value", .vector(shape.valueCount))
            case .timeScale(let scale):
                buffers.scaleExecutions = state(of: i, "num_executions.\(scale.rawValue)", .scalar)
            case .value, .maxVsNext, .maxVsAvg:
                break
            }
        }
        if settings.recurrent {
            buffers.recurrentMatrix = weights[node.name]
            let n = valueRows[0].count
            if portNames.contains("ENERGY") { buffers.energyMatrix = state(of: i, "ENERGY.matrix", .matrix(rows: n, columns: n)) }
            if portNames.contains("ENTROPY") {
                buffers.entropyMatrix = state(of: i, "ENTROPY.matrix", .matrix(rows: n, columns: n),
                                              initial: RecurrentMatrix.hollowPart([Double](repeating: 1, count: n * n), size: n))
            }
        }
        nodeBuffers[i] = buffers
        outputs[i] = zip(shape.outputPorts, computed).map { port, slice in
            slice ?? valueRows[port.row ?? 0]
        }
    }

    /// One scheduled execution (see the type's summary).
    mutating func lowerTransferExecution(_ i: Int, variables: [Slice]) throws(ModelError) {
        guard let buffers = nodeBuffers[i] else { return }
        let settings = TransferSettings(model.nodes[i])
        if let executions = buffers.executions {
            if let finished = buffers.finished {
                builder.assign(executions, .select(.notEqual, .scalar(finished), .constant(0),
                                                   then: .constant(0), else: .element(executions)))
            } else {
                // Always finished: every execution starts counting afresh.
                builder.assign(executions, .constant(0))
            }
        }
        if case .timeScale(let scale)? = settings.termination?.measure, let counter = buffers.scaleExecutions {
            switch scale {
            case .timeStep:
                // A scheduled execution is one TIME_STEP.
                builder.assign(counter, .constant(0))
            case .pass, .trial:
                if !schedulerZeroesTimeScaleCounters { builder.assign(counter, .constant(0)) }
            case .run:
                break
            }
        }
        if settings.loops, let finished = buffers.finished {
            let body = collectOps { context in
                context.emitExecutionStep(i, variables: variables, buffers: buffers, settings: settings)
            }
            builder.emit(.until(flag: finished, maxIterations: settings.maxExecutions, body: body))
        } else {
            emitExecutionStep(i, variables: variables, buffers: buffers, settings: settings)
        }
    }

    /// One execution of the loop: step, count, ports, finished check.
    private mutating func emitExecutionStep(_ i: Int, variables: [Slice], buffers: NodeBuffers,
                                            settings: TransferSettings) {
        if let previous = buffers.previousValue { builder.assign(previous, .element(buffers.value)) }
        emitStep(i, variables: variables, buffers: buffers, settings: settings, initializing: false)
        if let executions = buffers.executions { builder.assign(executions, .element(executions) + .constant(1)) }
        if let counter = buffers.scaleExecutions { builder.assign(counter, .element(counter) + .constant(1)) }
        emitComputedPorts(i, buffers)
        if let termination = settings.termination {
            emitFinishedCheck(i, termination, buffers: buffers, maxExecutions: settings.maxExecutions)
        }
    }

    /// PsyNeuLink executes a mechanism once when it builds it: on its default variable, the
    /// integrator stepping from `initial_value` (its state not kept), noise included, no
    /// recurrent input. That value is the node's value before the first trial (the first
    /// recurrent input; what a cycle reads first; the first previous value).
    mutating func lowerTransferInitialization(_ i: Int) throws(ModelError) {
        guard let buffers = nodeBuffers[i] else { return }
        let node = model.nodes[i]
        if let energy = buffers.energyMatrix, let matrix = buffers.recurrentMatrix {
            // The matrix the mechanism was built with, hollow (RANDOM ones are drawn by now).
            let n = Double(buffers.valueRows[0].count)
            let diagonal = Expr.binary(.multiply, .unary(.floor, .index / .constant(n + 1)), .constant(n + 1))
            builder.assign(energy, .select(.equal, diagonal, .index, then: .constant(0), else: .element(matrix)))
        }
        let shape = graph.shapes[i]
        let variables = shape.inputPorts.enumerated().map { k, port in
            let initial = node.defaultVariable?[k] ?? [Double](repeating: 0, count: port.size)
            return buffer("\(node.name).\(port.name).default_variable", .parameter, .vector(port.size), initial: initial)
        }
        emitStep(i, variables: variables, buffers: buffers, settings: TransferSettings(node), initializing: true)
        emitComputedPorts(i, buffers)
    }

    /// Mechanism.reset: the integrator restarts at `initial_value` and the value becomes
    /// f(initializer), without noise and without clip (PsyNeuLink runs the function alone);
    /// the output ports update, the counters keep their values. The value history is cleared
    /// in PsyNeuLink; here the previous value becomes the reset value.
    mutating func lowerTransferReset(_ i: Int) throws(ModelError) {
        guard let buffers = nodeBuffers[i] else { return }
        let node = model.nodes[i]
        guard let integrator = buffers.integrator else {
            throw ModelError(.invalidValue, at: JSONPath() / "scheduler" / "reset_stateful_function_when" / node.name,
                             "\"\(node.name)\" has no integrator to reset (integrator_mode is false)",
                             hint: "PsyNeuLink refuses to reset it too; set integrator_mode to true")
        }
        let total = integrator.count
        let initial = node.initialValue.map { broadcast($0, count: total) } ?? [Double](repeating: 0, count: total)
        let initializer = buffer("\(node.name).initializer", .parameter, .vector(total), initial: initial)
        builder.assign(integrator, .element(initializer))
        emitFunction(i, inputs: rowExpressions(integrator, i), into: buffers, clip: false)
        if let previous = buffers.previousValue { builder.assign(previous, .element(buffers.value)) }
        emitComputedPorts(i, buffers)
    }

    /// Node i's value rows as reads of `slice` (laid out like its input ports).
    func rowExpressions(_ slice: Slice, _ i: Int) -> [Expr] {
        let rows = graph.shapes[i].inputPorts.map(\.size)
        return rows.indices.map { r in
            .element(Slice(slice.buffer, offset: slice.offset + rows.prefix(r).reduce(0, +), count: rows[r]))
        }
    }

    /// The time-scale counter of node i (termination_measure PASS, TRIAL or RUN): the
    /// scheduler zeroes it when such a scale starts. TIME_STEP counters are zeroed by the
    /// execution itself; nil for nodes without one.
    func timeScaleCounter(of i: Int) -> (scale: TimeScale, counter: Slice)? {
        guard let counter = nodeBuffers[i]?.scaleExecutions,
              case .timeScale(let scale)? = TransferSettings(model.nodes[i]).termination?.measure else { return nil }
        return (scale, counter)
    }
}
