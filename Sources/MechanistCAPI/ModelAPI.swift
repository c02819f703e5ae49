import CMechanist
import Glibc
import Mechanist
import MechanistModel

// The version, errors and models. Every function is `public` only to be exported from the
// dynamic library under its C name; the declarations are in mechanist.h.

nonisolated(unsafe) private let version = strdup(MechanistVersion.string)
nonisolated(unsafe) private let empty = strdup("")

@_cdecl("mechanist_version")
public func mechanist_version() -> UnsafePointer<CChar>? { UnsafePointer(version) }

@_cdecl("mechanist_last_error")
public func mechanist_last_error() -> UnsafePointer<CChar>? { LastError.current ?? UnsafePointer(empty) }

@_cdecl("mechanist_string_free")
public func mechanist_string_free(_ text: UnsafeMutablePointer<CChar>?) { free(text) }

@_cdecl("mechanist_model_from_json")
public func mechanist_model_from_json(_ json: UnsafePointer<CChar>?,
                                      _ out: UnsafeMutablePointer<OpaquePointer?>?) -> mechanist_status {
    withStatus {
        let text = try string(json, "json")
        let out = try output(out, "out")
        out.pointee = ModelHandle(try Model.decode(json: text)).opaque
    }
}

@_cdecl("mechanist_model_load")
public func mechanist_model_load(_ path: UnsafePointer<CChar>?,
                                 _ out: UnsafeMutablePointer<OpaquePointer?>?) -> mechanist_status {
    withStatus {
        let path = try string(path, "path")
        let out = try output(out, "out")
        out.pointee = ModelHandle(try Model.load(path: path), path: path).opaque
    }
}

@_cdecl("mechanist_model_free")
public func mechanist_model_free(_ model: OpaquePointer?) { ModelHandle.release(model) }

@_cdecl("mechanist_model_set")
public func mechanist_model_set(_ model: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                _ value: Double) -> mechanist_status {
    withStatus {
        let handle = try ModelHandle.from(model, "model")
        handle.model = try handle.model.setting(try string(name, "name"), to: value)
    }
}

@_cdecl("mechanist_model_set_seed")
public func mechanist_model_set_seed(_ model: OpaquePointer?, _ seed: Int64) -> mechanist_status {
    withStatus {
        let handle = try ModelHandle.from(model, "model")
        // The seed is a parameter like any other (an integer; setting checks it is one).
        handle.model = try handle.model.setting("seed", to: Double(seed))
    }
}
