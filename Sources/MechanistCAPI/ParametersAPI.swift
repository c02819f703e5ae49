import CMechanist
import Mechanist

// Parameters by name, read and set without recompiling (Executable.parameter / setParameter).

@_cdecl("mechanist_parameter_count")
public func mechanist_parameter_count(_ executable: OpaquePointer?,
                                      _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.parameters)
        try output(count, "count").pointee = Int64(names.count)
    }
}

@_cdecl("mechanist_parameter_name")
public func mechanist_parameter_name(_ executable: OpaquePointer?, _ i: Int64,
                                     _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.parameters)
        let out = try output(name, "name")
        out.pointee = names[try index(i, names.count, "parameter")]
    }
}

@_cdecl("mechanist_parameter_get")
public func mechanist_parameter_get(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                    _ value: UnsafeMutablePointer<Double>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(value, "value")
        out.pointee = try handle.executable.parameter(try string(name, "name"))
    }
}

@_cdecl("mechanist_parameter_set")
public func mechanist_parameter_set(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                    _ value: Double) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        try handle.executable.setParameter(try string(name, "name"), to: value)
    }
}
