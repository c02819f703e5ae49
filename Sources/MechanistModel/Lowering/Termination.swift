import MechanistIR

extension LoweringContext {
    /// Emits PsyNeuLink's end-of-execution check: `is_finished = num_executions >= max ||
    /// measure <op> threshold`, where the measure is `max(value)` (VALUE), max-vs-next,
    /// max-vs-avg, `max |value - previous|` (MAX_ABS_DIFF / CONVERGENCE) or the executions in a
    /// time scale. A NaN measure never satisfies the comparison (as numpy's).
    mutating func emitFinishedCheck(_ i: Int, _ termination: TransferSettings.Termination, buffers: NodeBuffers,
                                    maxExecutions: Int) {
        guard let finished = buffers.finished else { return }
        let name = model.nodes[i].name
        let value = buffers.value
        let status: Expr
        switch termination.measure {
        case .value, .maxVsNext, .maxAbsDiff, .maxVsAvg:
            let s = buffer("\(name).termination_measure_value", .temp, .scalar)
            switch termination.measure {
            case .value:
                builder.emit(.reduce(dst: s, .max, .element(value), count: value.count))
            case .maxVsNext:
                builder.emit(.reduce(dst: s, .maxVsNext, .element(value), count: value.count))
            case .maxVsAvg:
                emitMaxVsAvg(value, into: s, prefix: "\(name).termination")
            case .maxAbsDiff, .timeScale:
                guard let previous = buffers.previousValue else { return }
                builder.emit(.reduce(dst: s, .max, .unary(.abs, .element(value) - .element(previous)),
                                     count: value.count))
            }
            status = .element(s)
        case .timeScale:
            guard let counter = buffers.scaleExecutions else { return }
            status = .element(counter)
        }
        let reached = Expr.select(termination.greaterOrEqual ? .greaterEqual : .lessEqual, status,
                                  .constant(termination.threshold), then: .constant(1), else: .constant(0))
        var flag = reached
        if let executions = buffers.executions {
            flag = .select(.greaterEqual, .element(executions), .constant(Double(maxExecutions)),
                           then: .constant(1), else: reached)
        }
        builder.assign(finished, flag)
    }
}
