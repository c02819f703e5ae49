import CLLVM

// Owners of LLVM C handles. Each disposes its handle in deinit; an owner that hands its
// handle to LLVM (which then owns it) gives it up through `release()`, so it is disposed
// exactly once.

/// An `LLVMContextRef`: either a plain context or the context of an ORC thread-safe context
/// (the form the JIT takes). Modules keep their context owner alive.
final class ContextOwner {
    let context: LLVMContextRef
    private let threadSafe: LLVMOrcThreadSafeContextRef?

    /// A plain context (text emission) or, with `threadSafe`, one wrapped for ORC so that
    /// the module built in it can be handed to LLJIT.
    init(threadSafe: Bool) {
        if threadSafe {
            let tsc = LLVMOrcCreateNewThreadSafeContext()
            self.threadSafe = tsc
            context = LLVMOrcThreadSafeContextGetContext(tsc)
        } else {
            self.threadSafe = nil
            context = LLVMContextCreate()
        }
    }

    /// The ORC handle, nil for a plain context.
    var threadSafeContext: LLVMOrcThreadSafeContextRef? { threadSafe }

    deinit {
        // A thread-safe context is shared with the modules handed to the JIT: disposing our
        // reference only drops a count.
        if let threadSafe { LLVMOrcDisposeThreadSafeContext(threadSafe) } else { LLVMContextDispose(context) }
    }
}

/// An `LLVMModuleRef` until it is given to the JIT.
final class ModuleOwner {
    /// Kept so the context outlives the module (properties are released after deinit runs).
    let owner: ContextOwner
    private(set) var module: LLVMModuleRef?

    init(name: String, in owner: ContextOwner) {
        self.owner = owner
        module = LLVMModuleCreateWithNameInContext(name, owner.context)
    }

    /// Gives up ownership (the caller hands the module to LLVM, which will dispose it).
    func release() -> LLVMModuleRef? {
        defer { module = nil }
        return module
    }

    /// The module's textual IR.
    func text() -> String {
        guard let module else { return "" }
        return LLVMError.takeMessage(LLVMPrintModuleToString(module))
    }

    deinit { if let module { LLVMDisposeModule(module) } }
}

/// An `LLVMBuilderRef`.
final class BuilderOwner {
    let builder: LLVMBuilderRef
    init(in context: LLVMContextRef) { builder = LLVMCreateBuilderInContext(context) }
    deinit { LLVMDisposeBuilder(builder) }
}

/// An `LLVMPassBuilderOptionsRef`.
final class PassOptionsOwner {
    let options: LLVMPassBuilderOptionsRef
    init() { options = LLVMCreatePassBuilderOptions() }
    deinit { LLVMDisposePassBuilderOptions(options) }
}
