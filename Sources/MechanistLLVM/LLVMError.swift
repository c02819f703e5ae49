import CLLVM

/// A failure anywhere in the LLVM path (IR verification, codegen checks, module
/// verification, optimization, JIT linking, symbol lookup, text emission), named by stage so
/// the user knows which step rejected the program.
///
/// Every `LLVMErrorRef` and every LLVM-owned message string is consumed where it is turned
/// into this value, so creating one never leaks.
package struct LLVMError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The step that failed.
    package enum Stage: String, Sendable, Hashable, CaseIterable {
        /// The IR verifier rejected the Program (its first fault is the message); nothing was
        /// emitted. Not LLVM's doing: the interpreter refuses the same Programs.
        case program
        /// The BufferLayout does not fit the Program or its arenas, or LLVM could not build
        /// a value (Mechanist's codegen).
        case codegen
        /// LLVM's verifier rejected the generated module (a codegen bug).
        case verify
        /// The `default<O2>` pipeline failed.
        case optimize
        /// No target machine for the host.
        case target
        /// Creating the JIT or adding the module to it failed.
        case jit
        /// An entry point's symbol did not resolve (the module failed to materialize).
        case lookup
        /// Emitting assembly text failed.
        case emit
    }

    package var stage: Stage
    /// LLVM's message (or ours, for the program and codegen checks).
    package var message: String

    package init(stage: Stage, message: String) {
        self.stage = stage
        self.message = message
    }

    package var description: String {
        switch stage {
        case .program:
            return "invalid IR: \(message)"
        case .codegen, .verify, .optimize, .target, .jit, .lookup, .emit:
            return "LLVM \(stage.rawValue) failed: \(message)"
        }
    }
}

extension LLVMError {
    /// Consumes `error` (which must be non-nil) and returns it as an `LLVMError`.
    static func consuming(_ error: LLVMErrorRef, stage: Stage) -> LLVMError {
        // LLVMGetErrorMessage consumes the error; the message is then ours to dispose.
        guard let cMessage = LLVMGetErrorMessage(error) else {
            return LLVMError(stage: stage, message: "unknown error")
        }
        defer { LLVMDisposeErrorMessage(cMessage) }
        return LLVMError(stage: stage, message: String(cString: cMessage))
    }

    /// Throws when `error` is non-nil, consuming it; returns normally on success.
    static func check(_ error: LLVMErrorRef?, stage: Stage) throws(LLVMError) {
        if let error { throw LLVMError.consuming(error, stage: stage) }
    }

    /// Takes an LLVM message string (allocated by LLVM, freed with LLVMDisposeMessage).
    static func takeMessage(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "" }
        defer { LLVMDisposeMessage(message) }
        return String(cString: message)
    }
}
