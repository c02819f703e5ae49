import CMechanist
import Mechanist
import MechanistIR

// The fast path: runs and learns over input rows the caller lays out, into output rows it owns
// (Executable.runRows). Nothing is allocated for the caller and nothing per node or per trial
// is built, so a call costs little more than the compiled run itself.

@_cdecl("mechanist_row_widths")
public func mechanist_row_widths(_ executable: OpaquePointer?, _ inputWidth: UnsafeMutablePointer<Int64>?,
                                 _ outputWidth: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let executable = try ExecutableHandle.from(executable, "executable").executable
        let input = try output(inputWidth, "input_width")
        let out = try output(outputWidth, "output_width")
        input.pointee = Int64(executable.inputWidth)
        out.pointee = Int64(executable.outputWidth)
    }
}

@_cdecl("mechanist_input_slot_count")
public func mechanist_input_slot_count(_ executable: OpaquePointer?,
                                       _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try output(count, "count").pointee = Int64(handle.executable.inputSlots.count)
    }
}

@_cdecl("mechanist_input_slot")
public func mechanist_input_slot(_ executable: OpaquePointer?, _ i: Int64,
                                 _ label: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ offset: UnsafeMutablePointer<Int64>?,
                                 _ size: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let slots = handle.executable.inputSlots
        let k = try index(i, slots.count, "input slot")
        let (l, o, s) = (try output(label, "label"), try output(offset, "offset"), try output(size, "size"))
        l.pointee = try handle.names(.inputSlots)[k]
        o.pointee = Int64(slots[k].offset)
        s.pointee = Int64(slots[k].count)
    }
}

@_cdecl("mechanist_output_slot_count")
public func mechanist_output_slot_count(_ executable: OpaquePointer?,
                                        _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try output(count, "count").pointee = Int64(handle.executable.outputSlots.count)
    }
}

@_cdecl("mechanist_output_slot")
public func mechanist_output_slot(_ executable: OpaquePointer?, _ i: Int64,
                                  _ label: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                  _ column: UnsafeMutablePointer<Int64>?, _ size: UnsafeMutablePointer<Int64>?,
                                  _ kind: UnsafeMutablePointer<Int32>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let slots = handle.executable.outputSlots
        let k = try index(i, slots.count, "output slot")
        let (l, c, s, d) = (try output(label, "label"), try output(column, "column"), try output(size, "size"),
                            try output(kind, "kind"))
        l.pointee = try handle.names(.outputSlots)[k]
        c.pointee = Int64(slots[k].column)
        s.pointee = Int64(slots[k].count)
        d.pointee = slots[k].kind.rawValue
    }
}

/// `mechanist_run_rows` and `mechanist_learn_rows`.
private func runRows(_ entryPoint: EntryPoint, _ executable: OpaquePointer?, _ rows: UnsafePointer<Double>?,
                     _ rowCount: Int64, _ trials: Int64, _ outputs: UnsafeMutablePointer<Double>?,
                     _ capacity: Int64) -> mechanist_status {
    withStatus {
        let executable = try ExecutableHandle.from(executable, "executable").executable
        let rowCount = try count(rowCount, "row_count")
        let trials = try count(trials, "trials")
        let capacity = try count(capacity, "capacity")
        let width = executable.inputWidth
        guard rows != nil || rowCount == 0 || width == 0 else { throw APIError.invalid("rows: NULL with \(rowCount) rows") }
        guard outputs != nil || capacity == 0 else { throw APIError.invalid("outputs: NULL with capacity \(capacity)") }
        let (needed, overflow) = trials.multipliedReportingOverflow(by: executable.outputWidth)
        guard !overflow, needed <= capacity else {
            throw APIError.invalid("outputs: \(trials) trials need \(trials) x \(executable.outputWidth) doubles, "
                + "capacity is \(capacity)")
        }
        let (given, tooMany) = rowCount.multipliedReportingOverflow(by: width)
        guard !tooMany else { throw APIError.invalid("rows: \(rowCount) rows of \(width) values is too many") }
        try executable.runRows(entryPoint, rows: UnsafeBufferPointer(start: rows, count: rows == nil ? 0 : given),
                               rowCount: rowCount, trials: trials,
                               outputs: UnsafeMutableBufferPointer(start: outputs, count: outputs == nil ? 0 : capacity))
    }
}

@_cdecl("mechanist_run_rows")
public func mechanist_run_rows(_ executable: OpaquePointer?, _ rows: UnsafePointer<Double>?, _ rowCount: Int64,
                               _ trials: Int64, _ outputs: UnsafeMutablePointer<Double>?,
                               _ capacity: Int64) -> mechanist_status {
    runRows(.trial, executable, rows, rowCount, trials, outputs, capacity)
}

@_cdecl("mechanist_learn_rows")
public func mechanist_learn_rows(_ executable: OpaquePointer?, _ rows: UnsafePointer<Double>?, _ rowCount: Int64,
                                 _ trials: Int64, _ outputs: UnsafeMutablePointer<Double>?,
                                 _ capacity: Int64) -> mechanist_status {
    runRows(.learnTrial, executable, rows, rowCount, trials, outputs, capacity)
}
