// Re-exported so that Swift code calling these functions (the tests) sees their C types
// (mechanist_status, ...) and calls the Swift functions, not the header's declarations of them.
@_exported import CMechanist
import Glibc
import Mechanist
import MechanistModel

/// A failure the C API itself detects (a NULL pointer, a negative count, a short buffer), with
/// the status it returns.
struct APIError: Error {
    var status: mechanist_status
    var message: String

    static func invalid(_ message: String) -> APIError { APIError(status: MECHANIST_INVALID_ARGUMENT, message: message) }
}

/// Each thread's last error message: a malloc'd C string behind a pthread key (freed when the
/// thread ends or the next call on it starts). `mechanist_last_error` hands it out as it is.
enum LastError {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        // A failure here leaves key 0, whose getspecific returns NULL: messages are lost, calls still work.
        _ = pthread_key_create(&key) { free($0) }
        return key
    }()

    static func clear() {
        guard let old = pthread_getspecific(key) else { return }
        free(old)
        pthread_setspecific(key, nil)
    }

    static func set(_ message: String) {
        clear()
        pthread_setspecific(key, strdup(message))
    }

    static var current: UnsafePointer<CChar>? {
        pthread_getspecific(key).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
    }
}

/// What kind of call failed, to tell a compile failure from a fault of the library.
enum CallKind {
    case general, compile
}

/// Runs one C API call: clears this thread's last error, maps what `body` throws to a status
/// and keeps its message (the text the CLI prints after `Error:`).
func withStatus(_ kind: CallKind = .general, _ body: () throws -> Void) -> mechanist_status {
    LastError.clear()
    do {
        try body()
        return MECHANIST_OK
    } catch {
        let (status, message) = classify(error, kind)
        LastError.set(message)
        return status
    }
}

func classify(_ error: any Error, _ kind: CallKind) -> (mechanist_status, String) {
    switch error {
    case let error as APIError: return (error.status, error.message)
    case let error as ModelError: return (MECHANIST_MODEL_ERROR, error.description)
    case let error as ParameterError: return (MECHANIST_PARAMETER_ERROR, error.description)
    case let error as Divergence: return (MECHANIST_DIVERGENCE, error.description)
    // Compiling throws a RunError only for a lowering that does not fit its Program.
    case let error as RunError: return (kind == .compile ? MECHANIST_COMPILE_ERROR : MECHANIST_INPUT_ERROR,
                                        error.description)
    default:
        // LLVM's and the IR verifier's errors are package types of other modules: anything
        // else thrown while compiling is a compile error, anywhere else the library's fault.
        return (kind == .compile ? MECHANIST_COMPILE_ERROR : MECHANIST_INTERNAL, String(describing: error))
    }
}

/// A C string argument, or an invalid-argument error naming it.
/// (`what` and the other helpers' words are made only for an error: a call's cost counts.)
func string(_ pointer: UnsafePointer<CChar>?, _ what: @autoclosure () -> String) throws -> String {
    guard let pointer else { throw APIError.invalid("\(what()): NULL where a string was expected") }
    return String(cString: pointer)
}

/// An output pointer, or an invalid-argument error naming it.
func output<T>(_ pointer: UnsafeMutablePointer<T>?, _ what: @autoclosure () -> String) throws
    -> UnsafeMutablePointer<T> {
    guard let pointer else { throw APIError.invalid("\(what()): NULL where a pointer to the result was expected") }
    return pointer
}

/// A count argument: non-negative.
func count(_ value: Int64, _ what: @autoclosure () -> String) throws -> Int {
    guard value >= 0, let n = Int(exactly: value) else {
        throw APIError.invalid("\(what()): expected a non-negative count, got \(value)")
    }
    return n
}

/// An index into `n` items.
func index(_ value: Int64, _ n: Int, _ what: @autoclosure () -> String) throws -> Int {
    guard value >= 0, value < Int64(n) else {
        throw APIError.invalid("\(what()): index \(value) out of range (there are \(n))")
    }
    return Int(value)
}
