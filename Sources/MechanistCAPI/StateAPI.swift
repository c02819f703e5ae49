import CMechanist
import Foundation
import Glibc
import Mechanist

// State by name, reset, and snapshots of every weight and state value (the state-file format).

@_cdecl("mechanist_state_count")
public func mechanist_state_count(_ executable: OpaquePointer?, _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.state)
        try output(count, "count").pointee = Int64(names.count)
    }
}

@_cdecl("mechanist_state_name")
public func mechanist_state_name(_ executable: OpaquePointer?, _ i: Int64,
                                 _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.state)
        let out = try output(name, "name")
        out.pointee = names[try index(i, names.count, "state")]
    }
}

@_cdecl("mechanist_state_size")
public func mechanist_state_size(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                 _ size: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(size, "size")
        out.pointee = Int64(try handle.executable.state(try string(name, "name")).count)
    }
}

@_cdecl("mechanist_state_get")
public func mechanist_state_get(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                _ values: UnsafeMutablePointer<Double>?, _ capacity: Int64) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let name = try string(name, "name")
        let state = try handle.executable.state(name)
        let out = try buffer(values, capacity: capacity, needed: state.count, "state '\(name)'")
        for (i, v) in state.enumerated() { out[i] = v }
    }
}

@_cdecl("mechanist_state_set")
public func mechanist_state_set(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                _ values: UnsafePointer<Double>?, _ n: Int64) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let name = try string(name, "name")
        let n = try count(n, "count")
        guard n == 0 || values != nil else { throw APIError.invalid("state '\(name)': NULL values") }
        // setState checks the name and the length.
        try handle.executable.setState(name, Array(UnsafeBufferPointer(start: values, count: n)))
    }
}

@_cdecl("mechanist_reset")
public func mechanist_reset(_ executable: OpaquePointer?) -> mechanist_status {
    withStatus { try ExecutableHandle.from(executable, "executable").executable.reset() }
}

@_cdecl("mechanist_snapshot")
public func mechanist_snapshot(_ executable: OpaquePointer?,
                               _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(json, "json")
        let text = try handle.executable.snapshot().jsonText()
        guard let copy = strdup(text) else {
            throw APIError(status: MECHANIST_OUT_OF_MEMORY, message: "out of memory copying the snapshot")
        }
        out.pointee = copy
    }
}

@_cdecl("mechanist_restore")
public func mechanist_restore(_ executable: OpaquePointer?, _ json: UnsafePointer<CChar>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try handle.executable.restore(try ExecutableSnapshot(jsonText: try string(json, "json")))
    }
}

@_cdecl("mechanist_save_state")
public func mechanist_save_state(_ executable: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let path = try string(path, "path")
        let text: String
        do {
            text = try handle.executable.snapshot().jsonText()
        } catch let error as RunError {
            throw RunError("\(path): \(error.message)")
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw APIError.invalid("\(path): cannot write the file")
        }
    }
}

@_cdecl("mechanist_load_state")
public func mechanist_load_state(_ executable: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let path = try string(path, "path")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw APIError.invalid("\(path): cannot read the file")
        }
        do {
            try handle.executable.restore(try ExecutableSnapshot(jsonText: text))
        } catch let error as RunError {
            throw RunError("\(path): \(error.message) (a state file fits the model that wrote it)")
        }
    }
}
