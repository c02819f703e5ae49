import Mechanist

/// An error in what a command was asked to do (a `--record` that names no port, say), printed
/// as `Error: <message>` without the usage text that ArgumentParser's `ValidationError` adds:
/// the message says what to change.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` (lowering or compiling the model loaded from `path`), attributing any
/// `ModelError` that points into the model file (it has a JSON path, e.g. `learning` for a
/// learning pathway lowering cannot compile) to that file: a model loaded from a file is
/// lowered without it, so lowering's errors would name no file.
func attributingErrors<T>(to path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as ModelError where error.file == nil && !error.path.isEmpty {
        error.file = path
        throw error
    }
}
