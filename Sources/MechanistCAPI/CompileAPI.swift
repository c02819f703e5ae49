import CMechanist
import Mechanist
import MechanistModel

@_cdecl("mechanist_compile_options_init")
public func mechanist_compile_options_init(_ options: UnsafeMutablePointer<mechanist_compile_options>?) {
    options?.pointee = mechanist_compile_options(
        mode: MECHANIST_MODE_COMPILED, record: nil, record_count: 0, record_steps: nil, record_steps_count: 0,
        specialize: 0, optimize: 1)
}

/// `count` C strings from `list`, or an invalid-argument error naming `what`.
func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?, _ n: Int64, _ what: String) throws -> [String] {
    let n = try count(n, "\(what)_count")
    guard n > 0 else { return [] }
    guard let list else { throw APIError.invalid("\(what): NULL with \(what)_count \(n)") }
    return try (0..<n).map { try string(list[$0], "\(what)[\($0)]") }
}

/// The Swift options of the C options (NULL: the defaults); the ports are parsed against `model`.
func compileOptions(_ options: UnsafePointer<mechanist_compile_options>?, model: Model) throws -> CompileOptions {
    guard let c = options?.pointee else { return CompileOptions() }
    let mode: ExecutionMode
    switch c.mode {
    case MECHANIST_MODE_COMPILED: mode = .compiled
    case MECHANIST_MODE_INTERPRETED: mode = .interpreted
    case MECHANIST_MODE_VERIFY: mode = .verify
    default: throw APIError.invalid("options.mode: expected MECHANIST_MODE_COMPILED (0), _INTERPRETED (1) or "
        + "_VERIFY (2), got \(c.mode.rawValue)")
    }
    do {
        let record = try model.portReferences(try strings(c.record, c.record_count, "record"), flag: "record")
        let steps = try model.portReferences(try strings(c.record_steps, c.record_steps_count, "record_steps"),
                                             flag: "record_steps")
        return CompileOptions(mode: mode, record: record, recordSteps: steps, optimize: c.optimize != 0,
                              specialize: c.specialize != 0)
    } catch let error as RunError {
        throw APIError.invalid(error.message)
    }
}

@_cdecl("mechanist_compile")
public func mechanist_compile(_ model: OpaquePointer?, _ options: UnsafePointer<mechanist_compile_options>?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> mechanist_status {
    withStatus(.compile) {
        let handle = try ModelHandle.from(model, "model")
        let model = handle.model
        let out = try output(out, "out")
        let executable: Executable
        do {
            executable = try compile(model, options: try compileOptions(options, model: model))
        } catch var error as ModelError where error.file == nil && !error.path.isEmpty && handle.path != nil {
            // Lowering's errors point into the model (a JSON path) but know no file: name the
            // one the model came from, as the CLI does.
            error.file = handle.path
            throw error
        }
        out.pointee = try ExecutableHandle(executable).opaque
    }
}

@_cdecl("mechanist_executable_free")
public func mechanist_executable_free(_ executable: OpaquePointer?) { ExecutableHandle.release(executable) }

@_cdecl("mechanist_compile_seconds")
public func mechanist_compile_seconds(_ executable: OpaquePointer?,
                                      _ seconds: UnsafeMutablePointer<Double>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try output(seconds, "seconds").pointee = handle.executable.compileSeconds
    }
}

// MARK: The nodes run and learn take

@_cdecl("mechanist_input_count")
public func mechanist_input_count(_ executable: OpaquePointer?, _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try output(count, "count").pointee = Int64(handle.inputs.count)
    }
}

@_cdecl("mechanist_input_name")
public func mechanist_input_name(_ executable: OpaquePointer?, _ i: Int64,
                                 _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(name, "name")
        out.pointee = handle.inputNames[try index(i, handle.inputs.count, "input")]
    }
}

@_cdecl("mechanist_input_width")
public func mechanist_input_width(_ executable: OpaquePointer?, _ i: Int64,
                                  _ width: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(width, "width")
        out.pointee = Int64(handle.inputs[try index(i, handle.inputs.count, "input")].width)
    }
}

@_cdecl("mechanist_target_count")
public func mechanist_target_count(_ executable: OpaquePointer?, _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try output(count, "count").pointee = Int64(handle.targets.count)
    }
}

@_cdecl("mechanist_target_name")
public func mechanist_target_name(_ executable: OpaquePointer?, _ i: Int64,
                                  _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(name, "name")
        out.pointee = handle.targetNames[try index(i, handle.targets.count, "target")]
    }
}

@_cdecl("mechanist_target_width")
public func mechanist_target_width(_ executable: OpaquePointer?, _ i: Int64,
                                   _ width: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(width, "width")
        out.pointee = Int64(handle.targets[try index(i, handle.targets.count, "target")].width)
    }
}
