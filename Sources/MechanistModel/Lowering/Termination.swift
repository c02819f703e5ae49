import MechanistIR

extension TransferLowering {
    /// Emits PsyNeuLink's end-of-execution check: `is_finished = num_executions >= max ||
    /// measure <op> threshold`, where the measure is `max(value)` (VALUE), max-vs-next,
    /// max-vs-avg, `max |value - previous|` (MAX_ABS_DIFF / CONVERGENCE) or the executions in a
    /// time scale. A NaN measure never satisfies the comparison (as numpy's).
    func emitFinishedCheck(_ termination: TransferSettings.Termination, in context: inout LoweringContext) {
        guard let finished = buffers.finished else { return }
        let name = node.name
        let value = buffers.value
        let status: Expr
        switch termination.measure {
        case .value, .maxVsNext, .maxAbsDiff, .maxVsAvg:
            let s = context.buffer("\(name).termination_measure_value", .temp, .scalar)
            switch termination.measure {
            case .value:
                context.builder.emit(.reduce(dst: s, .max, .element(value), count: value.count))
            case .maxVsNext:
                context.builder.emit(.reduce(dst: s, .maxVsNext, .element(value), count: value.count))
            case .maxVsAvg:
                context.emitMaxVsAvg(value, into: s, prefix: "\(name).termination")
            case .maxAbsDiff, .timeScale:
                guard let previous = buffers.previousValue else { return }
                context.builder.emit(.reduce(dst: s, .max, .unary(.abs, .element(value) - .element(previous)),
                                             count: value.count))
            }
            status = .element(s)
        case .timeScale:
            guard let counter = buffers.scaleExecutions else { return }
            status = .element(counter)
        }
        // The threshold is a runtime parameter, named by the field the file gives it in.
        let field = node.type == .lcaMechanism && node.lca?.threshold != nil ? "threshold" : "termination_threshold"
        let threshold = context.scalarParameter("\(name).\(field)", termination.threshold)
        let reached = Expr.select(termination.greaterOrEqual ? .greaterEqual : .lessEqual, status,
                                  threshold, then: .constant(1), else: .constant(0))
        var flag = reached
        if let thresholdReached = buffers.thresholdReached {
            // Kept apart from is_finished, which the cap sets too: an undecided trial is one
            // that ends with it 0.
            context.builder.assign(thresholdReached, reached)
            flag = .element(thresholdReached)
        }
        if let executions = buffers.executions {
            flag = .select(.greaterEqual, .element(executions), .constant(Double(settings.maxExecutions)),
                           then: .constant(1), else: reached)
        }
        context.builder.assign(finished, flag)
    }
}
