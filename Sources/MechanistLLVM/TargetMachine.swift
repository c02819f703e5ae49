import CLLVM
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Registers the native target with LLVM. Swift runs a global's initializer exactly once,
/// thread-safely, on first use; `TargetMachine.registerNativeTarget()` touches it before
/// anything else asks LLVM for a target.
private let nativeTargetRegistered: Bool = {
    // The LLVMInitializeNative* functions are static inline in Target.h; Swift imports them.
    let target = LLVMInitializeNativeTarget() == 0
    let printer = LLVMInitializeNativeAsmPrinter() == 0
    let parser = LLVMInitializeNativeAsmParser() == 0
    return target && printer && parser
}()

/// Registers every target this LLVM was built with (X86 and AArch64 among them in the
/// distributions' builds), for ahead-of-time compilation to another triple. Only done when a
/// non-host triple is asked for: the JIT never needs it.
private let allTargetsRegistered: Bool = {
    // Static inline in Target.h, expanded over llvm/Config/Targets.def: exactly the targets
    // this libLLVM holds, so it links whatever LLVM is chosen.
    LLVMInitializeAllTargetInfos()
    LLVMInitializeAllTargets()
    LLVMInitializeAllTargetMCs()
    LLVMInitializeAllAsmPrinters()
    return true
}()

/// What to generate code for: a target triple, a CPU and its features.
package struct TargetDescription: Sendable, Hashable, CustomStringConvertible {
    package var triple: String
    package var cpu: String
    package var features: String

    package init(triple: String, cpu: String, features: String) {
        self.triple = triple
        self.cpu = cpu
        self.features = features
    }

    /// The host, as the JIT sees it: LLVM's default triple, the host CPU's name and the
    /// features it detects at run time (what ORC's `DetectHost` also chooses), so that code
    /// compiled ahead of time for the host is the JIT's code.
    package static var host: TargetDescription {
        get throws(LLVMError) {
            try TargetMachine.registerNativeTarget()
            return TargetDescription(triple: LLVMError.takeMessage(LLVMGetDefaultTargetTriple()),
                                     cpu: LLVMError.takeMessage(LLVMGetHostCPUName()),
                                     features: LLVMError.takeMessage(LLVMGetHostCPUFeatures()))
        }
    }

    /// The normalized form of a triple (`x86_64-linux-gnu` → `x86_64-unknown-linux-gnu`).
    package static func normalized(_ triple: String) -> String {
        LLVMError.takeMessage(LLVMNormalizeTargetTriple(triple))
    }

    package var description: String { "\(triple) (cpu \(cpu.isEmpty ? "generic" : cpu))" }
}

/// An LLVM target machine: by default for the host CPU (name and features detected at run
/// time), which gives modules their triple and data layout, drives the O2 pipeline's cost
/// model and emits assembly text; for ahead-of-time compilation, for any triple, CPU and
/// features LLVM knows, with position-independent code when the object goes into a shared
/// library.
final class TargetMachine {
    let machine: LLVMTargetMachineRef
    let target: TargetDescription
    var triple: String { target.triple }

    /// Registers the native target, asm printer and parser with LLVM, once per process.
    static func registerNativeTarget() throws(LLVMError) {
        guard nativeTargetRegistered else {
            throw LLVMError(stage: .target, message: "could not initialize the native target")
        }
    }

    /// Whether a triple names the host's architecture, whose target `registerNativeTarget`
    /// registers (the rest of the triple does not choose the LLVM target).
    static func isNative(_ triple: String) -> Bool {
        func architecture(_ triple: String) -> Substring { triple.prefix { $0 != "-" } }
        return architecture(triple) == architecture(LLVMError.takeMessage(LLVMGetDefaultTargetTriple()))
    }

    /// The host's machine: what the JIT and the text emitters use. `forJIT` generates code
    /// as ORC's own compiler does (the JIT code model: absolute addresses, as the JIT's
    /// memory may lie anywhere), for objects that are handed to the JIT already compiled.
    convenience init(forJIT: Bool = false) throws(LLVMError) {
        try self.init(try TargetDescription.host, forJIT: forJIT)
    }

    /// A machine for `target`; `positionIndependent` for code that goes into a shared library
    /// (the relocation model changes how addresses are formed, never an arithmetic result);
    /// `optimization`: the code generator's level (O0 only for code that does no arithmetic).
    init(_ target: TargetDescription, positionIndependent: Bool = false,
         optimization: LLVMCodeGenOptLevel = LLVMCodeGenLevelDefault, forJIT: Bool = false) throws(LLVMError) {
        try Self.registerNativeTarget()
        // Another architecture's target is looked up only after every target is registered,
        // never before: while one thread registers them, another thread's lookup could find
        // a target whose code generator is not registered yet (a null machine, or a crash).
        if !Self.isNative(target.triple) { _ = allTargetsRegistered }
        var llvmTarget: LLVMTargetRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMGetTargetFromTriple(target.triple, &llvmTarget, &message) != 0 {
            throw LLVMError(stage: .target, message: "\(target.triple): \(LLVMError.takeMessage(message))")
        }
        _ = LLVMError.takeMessage(message)
        let relocation = positionIndependent ? LLVMRelocPIC : LLVMRelocDefault
        guard let llvmTarget else { throw LLVMError(stage: .target, message: "no LLVM target for \(target)") }
        // LLVM only warns about a CPU it does not know (on standard error, as the machine is
        // created), then aborts while generating code: a CPU other than the host's is checked
        // by that warning first, so an unknown one is an error instead of a crash.
        let create = {
            LLVMCreateTargetMachine(llvmTarget, target.triple, target.cpu, target.features, optimization,
                                    relocation, forJIT ? LLVMCodeModelJITDefault : LLVMCodeModelDefault)
        }
        let checkCPU = !target.cpu.isEmpty && target.cpu != LLVMError.takeMessage(LLVMGetHostCPUName())
        let (created, warnings) = checkCPU ? StandardError.capturing(create) : (create(), "")
        guard let machine = created else {
            throw LLVMError(stage: .target, message: "could not create a target machine for \(target)")
        }
        if warnings.contains("is not a recognized processor") {
            LLVMDisposeTargetMachine(machine)
            throw LLVMError(stage: .target, message: "LLVM does not know the CPU '\(target.cpu)' for \(target.triple) "
                + "(`clang --target=\(target.triple) --print-supported-cpus` lists the names)")
        }
        self.machine = machine
        self.target = target
    }

    /// Sets the module's triple and data layout to this machine's, so optimization sees the
    /// real type sizes and the JIT accepts the module (it rejects a mismatched layout).
    func configure(_ module: LLVMModuleRef) {
        LLVMSetTarget(module, triple)
        let data = LLVMCreateTargetDataLayout(machine)
        LLVMSetModuleDataLayout(module, data)
        LLVMDisposeTargetData(data)
    }

    /// Emits a module as an object file (or assembly text), returning its bytes.
    func emit(_ module: LLVMModuleRef, as kind: LLVMCodeGenFileType) throws(LLVMError) -> [UInt8] {
        var message: UnsafeMutablePointer<CChar>?
        var buffer: LLVMMemoryBufferRef?
        let failed = LLVMTargetMachineEmitToMemoryBuffer(machine, module, kind, &message, &buffer) != 0
        let text = LLVMError.takeMessage(message)
        guard !failed, let buffer else {
            if let buffer { LLVMDisposeMemoryBuffer(buffer) }
            throw LLVMError(stage: .emit, message: text.isEmpty ? "LLVM emitted nothing" : text)
        }
        defer { LLVMDisposeMemoryBuffer(buffer) }
        guard let start = LLVMGetBufferStart(buffer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: LLVMGetBufferSize(buffer)))
    }

    deinit { LLVMDisposeTargetMachine(machine) }
}

/// What LLVM writes to standard error while a body runs (it reports some problems only there).
/// The process's standard error is redirected meanwhile, so it is used only around the few
/// calls that need it. (LLVM writes to the file descriptor unbuffered: no C stream to flush.)
private enum StandardError {
    /// One capture at a time: two threads redirecting the one standard error would each
    /// restore the other's redirection (`mechanist compile` creates two machines at once).
    private static let lock = NSLock()

    static func capturing<T>(_ body: () -> T) -> (T, String) {
        lock.lock()
        defer { lock.unlock() }
        guard let file = tmpfile() else { return (body(), "") }
        defer { fclose(file) }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(fileno(file), STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            return (body(), "")
        }
        let result = body()
        dup2(saved, STDERR_FILENO)
        close(saved)
        rewind(file)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer.prefix(count)
        }
        return (result, String(decoding: bytes, as: UTF8.self))
    }
}
