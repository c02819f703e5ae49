/// Errors from running an Executable with the wrong inputs or names.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
