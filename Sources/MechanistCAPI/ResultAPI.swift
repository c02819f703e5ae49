import CMechanist
import Mechanist
import MechanistIR
import MechanistModel

/// `mechanist_result`: a run's output rows taken apart once into one contiguous array per
/// column (trials x width), so that a caller reads each column without copying per trial.
final class ResultHandle: Handle {
    /// What every result of one executable shares: the output slots taken as columns and the
    /// C strings of their labels, of the step-recorded ports and of the threshold nodes.
    final class Layout {
        /// Output slots: the results, then each recorded port once (as RunResult.nodes holds
        /// them); the threshold flags after them are read as undecided trials.
        let slots: [Int]
        let labels: CStrings
        let stepLabels: CStrings
        let undecidedNodes: CStrings
        let undecidedReasons: CStrings

        init(_ executable: Executable) throws {
            let program = executable.program
            var slots: [Int] = Array(0..<executable.resultCount)
            var recorded: Set<String> = []
            for k in executable.resultCount..<(program.outputs.count - executable.undecided.count)
                where recorded.insert(program.outputs[k].label).inserted {
                slots.append(k)
            }
            self.slots = slots
            labels = try CStrings(slots.map { program.outputs[$0].label })
            stepLabels = try CStrings(executable.stepRecords.map(\.label))
            undecidedNodes = try CStrings(executable.undecided.map(\.node))
            undecidedReasons = try CStrings(executable.undecided.map(\.description))
        }
    }

    struct Column {
        var width: Int
        var values: CBuffer<Double>
    }
    struct StepPort {
        var width: Int
        var offsets: CBuffer<Int64>
        var values: CBuffer<Double>
    }
    struct Undecided {
        var trials: CBuffer<Int64>
        var count: Int
    }

    let trials: Int
    let resultCount: Int
    let layout: Layout
    let columns: [Column]
    let steps: [StepPort]
    let undecided: [Undecided]
    let compileSeconds: Double
    let runSeconds: Double

    var labels: CStrings { layout.labels }
    var stepLabels: CStrings { layout.stepLabels }
    var undecidedNodes: CStrings { layout.undecidedNodes }
    var undecidedReasons: CStrings { layout.undecidedReasons }

    init(_ raw: Executable.RawRun, of executable: Executable, layout: Layout) {
        let program = executable.program
        let rowLayout = executable.layout
        trials = raw.trials
        resultCount = executable.resultCount
        self.layout = layout
        let rowWidth = rowLayout.outputWidth
        columns = raw.outputs.withUnsafeBufferPointer { rows in
            layout.slots.map { k in
                let width = program.outputs[k].source.count
                let column = CBuffer<Double>(count: raw.trials * width, zero: 0)
                let offset = rowLayout.outputColumns[k]
                for t in 0..<raw.trials {
                    for i in 0..<width { column.pointer[t * width + i] = rows[t * rowWidth + offset + i] }
                }
                return Column(width: width, values: column)
            }
        }
        steps = raw.steps.records.indices.map { r in
            let (offsets, values) = raw.steps.flattened(r)
            return StepPort(width: raw.steps.records[r].width, offsets: CBuffer(offsets), values: CBuffer(values))
        }
        undecided = executable.undecidedTrials(raw.outputs, trials: raw.trials).map {
            Undecided(trials: CBuffer($0.trials.map(Int64.init)), count: $0.trials.count)
        }
        compileSeconds = executable.compileSeconds
        runSeconds = raw.seconds
    }
}

@_cdecl("mechanist_result_free")
public func mechanist_result_free(_ result: OpaquePointer?) { ResultHandle.release(result) }

@_cdecl("mechanist_result_trials")
public func mechanist_result_trials(_ result: OpaquePointer?, _ trials: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus { try output(trials, "trials").pointee = Int64(try ResultHandle.from(result, "result").trials) }
}

@_cdecl("mechanist_result_column_count")
public func mechanist_result_column_count(_ result: OpaquePointer?,
                                          _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus { try output(count, "count").pointee = Int64(try ResultHandle.from(result, "result").columns.count) }
}

@_cdecl("mechanist_result_result_count")
public func mechanist_result_result_count(_ result: OpaquePointer?,
                                          _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus { try output(count, "count").pointee = Int64(try ResultHandle.from(result, "result").resultCount) }
}

@_cdecl("mechanist_result_column_label")
public func mechanist_result_column_label(_ result: OpaquePointer?, _ column: Int64,
                                          _ label: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let out = try output(label, "label")
        out.pointee = handle.labels[try index(column, handle.columns.count, "column")]
    }
}

@_cdecl("mechanist_result_column_width")
public func mechanist_result_column_width(_ result: OpaquePointer?, _ column: Int64,
                                          _ width: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let out = try output(width, "width")
        out.pointee = Int64(handle.columns[try index(column, handle.columns.count, "column")].width)
    }
}

@_cdecl("mechanist_result_column")
public func mechanist_result_column(_ result: OpaquePointer?, _ column: Int64,
                                    _ values: UnsafeMutablePointer<UnsafePointer<Double>?>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let out = try output(values, "values")
        out.pointee = handle.columns[try index(column, handle.columns.count, "column")].values.base
    }
}

@_cdecl("mechanist_result_step_port_count")
public func mechanist_result_step_port_count(_ result: OpaquePointer?,
                                             _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus { try output(count, "count").pointee = Int64(try ResultHandle.from(result, "result").steps.count) }
}

@_cdecl("mechanist_result_step_port_label")
public func mechanist_result_step_port_label(_ result: OpaquePointer?, _ port: Int64,
                                             _ label: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let out = try output(label, "label")
        out.pointee = handle.stepLabels[try index(port, handle.steps.count, "step port")]
    }
}

@_cdecl("mechanist_result_step_port_width")
public func mechanist_result_step_port_width(_ result: OpaquePointer?, _ port: Int64,
                                             _ width: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let out = try output(width, "width")
        out.pointee = Int64(handle.steps[try index(port, handle.steps.count, "step port")].width)
    }
}

@_cdecl("mechanist_result_step_port_values")
public func mechanist_result_step_port_values(_ result: OpaquePointer?, _ port: Int64,
                                              _ offsets: UnsafeMutablePointer<UnsafePointer<Int64>?>?,
                                              _ values: UnsafeMutablePointer<UnsafePointer<Double>?>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let offsetsOut = try output(offsets, "offsets")
        let valuesOut = try output(values, "values")
        let steps = handle.steps[try index(port, handle.steps.count, "step port")]
        offsetsOut.pointee = steps.offsets.base
        valuesOut.pointee = steps.values.base
    }
}

@_cdecl("mechanist_result_undecided_count")
public func mechanist_result_undecided_count(_ result: OpaquePointer?,
                                             _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus { try output(count, "count").pointee = Int64(try ResultHandle.from(result, "result").undecided.count) }
}

@_cdecl("mechanist_result_undecided")
public func mechanist_result_undecided(_ result: OpaquePointer?, _ i: Int64,
                                       _ node: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                       _ reason: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                       _ trials: UnsafeMutablePointer<UnsafePointer<Int64>?>?,
                                       _ trialCount: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let outs = (try output(node, "node"), try output(reason, "reason"), try output(trials, "trials"),
                    try output(trialCount, "trial_count"))
        let k = try index(i, handle.undecided.count, "undecided")
        outs.0.pointee = handle.undecidedNodes[k]
        outs.1.pointee = handle.undecidedReasons[k]
        outs.2.pointee = handle.undecided[k].trials.base
        outs.3.pointee = Int64(handle.undecided[k].count)
    }
}

@_cdecl("mechanist_result_seconds")
public func mechanist_result_seconds(_ result: OpaquePointer?, _ compileSeconds: UnsafeMutablePointer<Double>?,
                                     _ runSeconds: UnsafeMutablePointer<Double>?) -> mechanist_status {
    withStatus {
        let handle = try ResultHandle.from(result, "result")
        let outs = (try output(compileSeconds, "compile_seconds"), try output(runSeconds, "run_seconds"))
        outs.0.pointee = handle.compileSeconds
        outs.1.pointee = handle.runSeconds
    }
}
