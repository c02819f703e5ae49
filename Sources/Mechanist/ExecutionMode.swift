/// How an `Executable` runs its Program.
public enum ExecutionMode: String, Sendable, CaseIterable {
    /// JIT-compiled native code through LLVM (the default).
    case compiled
    /// The interpreter alone: the reference semantics.
    case interpreted
    /// Both, on the same inputs, comparing every output and state value after every trial.
    case verify
}
