import CMechanist
import Mechanist
import MechanistIR

// Weights by name: row-major matrices, as `Executable.weight` gives them.

/// A weight's shape: a matrix's rows and columns, else one row of its values.
func weightShape(_ executable: Executable, _ name: String) throws -> (rows: Int, columns: Int) {
    let rows = try executable.weight(name)
    return (rows.count, rows.first?.count ?? 0)
}

/// A caller's buffer of `capacity` doubles, which must hold `needed`.
func buffer(_ values: UnsafeMutablePointer<Double>?, capacity: Int64, needed: Int, _ what: String) throws
    -> UnsafeMutablePointer<Double> {
    guard let values else { throw APIError.invalid("\(what): NULL buffer") }
    guard capacity >= Int64(needed) else {
        throw APIError.invalid("\(what): the buffer holds \(capacity) doubles, \(needed) are needed")
    }
    return values
}

@_cdecl("mechanist_weight_count")
public func mechanist_weight_count(_ executable: OpaquePointer?, _ count: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.weights)
        try output(count, "count").pointee = Int64(names.count)
    }
}

@_cdecl("mechanist_weight_name")
public func mechanist_weight_name(_ executable: OpaquePointer?, _ i: Int64,
                                  _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status {
    withStatus {
        let names = try ExecutableHandle.from(executable, "executable").names(.weights)
        let out = try output(name, "name")
        out.pointee = names[try index(i, names.count, "weight")]
    }
}

@_cdecl("mechanist_weight_shape")
public func mechanist_weight_shape(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                   _ rows: UnsafeMutablePointer<Int64>?,
                                   _ columns: UnsafeMutablePointer<Int64>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let outs = (try output(rows, "rows"), try output(columns, "columns"))
        let shape = try weightShape(handle.executable, try string(name, "name"))
        outs.0.pointee = Int64(shape.rows)
        outs.1.pointee = Int64(shape.columns)
    }
}

@_cdecl("mechanist_weight_get")
public func mechanist_weight_get(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                 _ values: UnsafeMutablePointer<Double>?, _ capacity: Int64) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let name = try string(name, "name")
        let flat = try handle.executable.weight(name).flatMap { $0 }
        let out = try buffer(values, capacity: capacity, needed: flat.count, "weight '\(name)'")
        for (i, v) in flat.enumerated() { out[i] = v }
    }
}

@_cdecl("mechanist_weight_set")
public func mechanist_weight_set(_ executable: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                 _ values: UnsafePointer<Double>?, _ n: Int64) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let name = try string(name, "name")
        let n = try count(n, "count")
        let shape = try weightShape(handle.executable, name)
        guard n == shape.rows * shape.columns else {
            throw RunError("weight '\(name)': expected \(shape.rows)x\(shape.columns) = \(shape.rows * shape.columns) "
                + "values, got \(n)")
        }
        guard let values else { throw APIError.invalid("weight '\(name)': NULL values") }
        let rows = (0..<shape.rows).map { r in Array(UnsafeBufferPointer(start: values + r * shape.columns,
                                                                        count: shape.columns)) }
        try handle.executable.setWeight(name, rows)
    }
}
