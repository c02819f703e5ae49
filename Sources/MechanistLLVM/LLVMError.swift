import CLLVM

/// A failure anywhere in the LLVM path (codegen checks, module verification, optimization,
/// JIT linking, symbol lookup, text emission), named by stage so the user knows which step
/// rejected the program.
///
/// Every `LLVMErrorRef` and every LLVM-owned message string is consumed where it is turned
/// into this value, so creating one never leaks.
public struct LLVMError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The step that failed: "codegen", "verify", "optimize", "target", "jit", "lookup", "emit".
    public var stage: String
    /// LLVM's message (or ours, for codegen checks).
    public var message: String

    public init(stage: String, message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "LLVM \(stage) failed: \(message)" }
}

extension LLVMError {
    /// Consumes `error` (which must be non-nil) and returns it as an `LLVMError`.
    static func consuming(_ error: LLVMErrorRef, stage: String) -> LLVMError {
        // LLVMGetErrorMessage consumes the error; the message is then ours to dispose.
        guard let cMessage = LLVMGetErrorMessage(error) else {
            return LLVMError(stage: stage, message: "unknown error")
        }
        defer { LLVMDisposeErrorMessage(cMessage) }
        return LLVMError(stage: stage, message: String(cString: cMessage))
    }

    /// Throws when `error` is non-nil, consuming it; returns normally on success.
    static func check(_ error: LLVMErrorRef?, stage: String) throws(LLVMError) {
        if let error { throw LLVMError.consuming(error, stage: stage) }
    }

    /// Takes an LLVM message string (allocated by LLVM, freed with LLVMDisposeMessage).
    static func takeMessage(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "" }
        defer { LLVMDisposeMessage(message) }
        return String(cString: message)
    }
}
