import CLLVM
import Foundation
import MechanistRuntime

/// Owns one ORC LLJIT instance (and with it the JITDylib, the compiled code and the modules
/// added to it), targeting the host CPU. Each compiled program gets its own, so programs are
/// freed independently and their symbols can never clash.
///
/// The main JITDylib resolves the C library through a search of the process, and the
/// Mechanist runtime through absolute symbols: the runtime is linked statically and not
/// exported, so a process search would not find it.
final class JIT {
    private let jit: LLVMOrcLLJITRef
    /// Errors the execution session reports (for example unresolved symbols while
    /// materializing); captured instead of printed, and added to the failing lookup's error.
    private let sessionErrors = SessionErrors()

    init() throws(LLVMError) {
        try TargetMachine.registerNativeTarget()
        var machineBuilder: LLVMOrcJITTargetMachineBuilderRef?
        try LLVMError.check(LLVMOrcJITTargetMachineBuilderDetectHost(&machineBuilder), stage: .jit)
        let builder = LLVMOrcCreateLLJITBuilder()
        // Both calls take ownership: of the machine builder, then of the LLJIT builder.
        LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, machineBuilder)
        var created: LLVMOrcLLJITRef?
        try LLVMError.check(LLVMOrcCreateLLJIT(&created, builder), stage: .jit)
        guard let created else { throw LLVMError(stage: .jit, message: "LLJIT creation returned nothing") }
        jit = created
        // From here on deinit disposes the LLJIT if a later step throws.
        LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(jit), { context, error in
            guard let context, let error else { return }
            let sink = Unmanaged<SessionErrors>.fromOpaque(context).takeUnretainedValue()
            sink.append(LLVMError.consuming(error, stage: .jit).message)
        }, Unmanaged.passUnretained(sessionErrors).toOpaque())
        try addProcessSymbols()
        try defineRuntimeSymbols()
    }

    private var mainDylib: LLVMOrcJITDylibRef { LLVMOrcLLJITGetMainJITDylib(jit) }

    /// Makes libm (and the rest of the process) visible to compiled code.
    private func addProcessSymbols() throws(LLVMError) {
        var generator: LLVMOrcDefinitionGeneratorRef?
        try LLVMError.check(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
            &generator, LLVMOrcLLJITGetGlobalPrefix(jit), nil, nil), stage: .jit)
        guard let generator else { throw LLVMError(stage: .jit, message: "no process symbol generator") }
        LLVMOrcJITDylibAddGenerator(mainDylib, generator)  // the dylib takes ownership
    }

    /// Registers the runtime's generator functions by address.
    private func defineRuntimeSymbols() throws(LLVMError) {
        let uniform: @convention(c) (UInt64, UInt64) -> Double = mechanist_uniform
        let normal: @convention(c) (UInt64, UInt64) -> Double = mechanist_normal
        let streamKey: @convention(c) (Double, UnsafePointer<UInt8>?, UInt64) -> UInt64 = mechanist_stream_key
        let flags = LLVMJITSymbolFlags(
            GenericFlags: UInt8(LLVMJITSymbolGenericFlagsExported.rawValue | LLVMJITSymbolGenericFlagsCallable.rawValue),
            TargetFlags: 0)
        var pairs = [
            (RuntimeCalls.uniformSymbol, unsafeBitCast(uniform, to: UnsafeRawPointer.self)),
            (RuntimeCalls.normalSymbol, unsafeBitCast(normal, to: UnsafeRawPointer.self)),
            (RuntimeCalls.streamKeySymbol, unsafeBitCast(streamKey, to: UnsafeRawPointer.self)),
        ].map { name, pointer in
            // The interned names' references pass to the materialization unit.
            SymbolMapPair(
                Name: LLVMOrcLLJITMangleAndIntern(jit, name),
                Sym: LLVMJITEvaluatedSymbol(Address: UInt64(UInt(bitPattern: pointer)), Flags: flags))
        }
        guard let unit = LLVMOrcAbsoluteSymbols(&pairs, pairs.count) else {
            throw LLVMError(stage: .jit, message: "could not create the runtime symbols")
        }
        if let error = LLVMOrcJITDylibDefine(mainDylib, unit) {
            LLVMOrcDisposeMaterializationUnit(unit)  // still ours when the definition fails
            throw LLVMError.consuming(error, stage: .jit)
        }
    }

    /// Hands a module built in a thread-safe context to the JIT (which compiles it on the
    /// first lookup).
    func add(_ module: ModuleOwner) throws(LLVMError) {
        guard let context = module.owner.threadSafeContext else {
            throw LLVMError(stage: .jit, message: "the module was not built in a thread-safe context")
        }
        guard let llvmModule = module.release() else {
            throw LLVMError(stage: .jit, message: "the module was already handed over")
        }
        let threadSafeModule = LLVMOrcCreateNewThreadSafeModule(llvmModule, context)
        // Takes ownership of the thread-safe module, on failure too.
        try LLVMError.check(LLVMOrcLLJITAddLLVMIRModule(jit, mainDylib, threadSafeModule), stage: .jit)
    }

    /// Hands the JIT an object file compiled for it (`TargetMachine(forJIT: true)`); it is
    /// linked on the first lookup of one of its symbols.
    func addObject(_ bytes: [UInt8], name: String) throws(LLVMError) {
        let buffer = bytes.withUnsafeBufferPointer { bytes in
            bytes.baseAddress.flatMap { start in
                LLVMCreateMemoryBufferWithMemoryRangeCopy(
                    UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), bytes.count, name)
            }
        }
        guard let buffer else { throw LLVMError(stage: .jit, message: "\(name): an empty object file") }
        // Takes ownership of the buffer, on failure too.
        try LLVMError.check(LLVMOrcLLJITAddObjectFile(jit, mainDylib, buffer), stage: .jit)
    }

    /// The address of a compiled function (compiling its module now if needed).
    func address(of symbol: String) throws(LLVMError) -> UnsafeRawPointer {
        var address: LLVMOrcExecutorAddress = 0
        if let error = LLVMOrcLLJITLookup(jit, &address, symbol) {
            var failure = LLVMError.consuming(error, stage: .lookup)
            let reported = sessionErrors.drain()
            if !reported.isEmpty { failure.message += " (" + reported.joined(separator: "; ") + ")" }
            failure.message = "\(symbol): " + failure.message
            throw failure
        }
        guard let pointer = UnsafeRawPointer(bitPattern: UInt(address)) else {
            throw LLVMError(stage: .lookup, message: "\(symbol) has address 0")
        }
        return pointer
    }

    deinit {
        // Frees the compiled code and everything the JIT owns. An error here has nowhere to
        // go; consume it so it does not leak (or abort, in a debug LLVM).
        if let error = LLVMOrcDisposeLLJIT(jit) { LLVMConsumeError(error) }
    }
}

/// One (name, address) pair for LLVMOrcAbsoluteSymbols. Named through the array typedef:
/// the struct itself is `LLVMJITCSymbolMapPair` in LLVM 14 and `LLVMOrcCSymbolMapPair` later.
private typealias SymbolMapPair = LLVMOrcCSymbolMapPairs.Pointee

/// Messages the execution session reports from inside LLVM (possibly on another thread).
private final class SessionErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func append(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        messages.append(message)
    }

    func drain() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { messages = [] }
        return messages
    }
}
