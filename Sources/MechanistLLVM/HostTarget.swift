import CLLVM

/// Registers the native target with LLVM. Swift runs a global's initializer exactly once,
/// thread-safely, on first use; `HostTargetMachine.registerNativeTarget()` touches it before
/// anything else asks LLVM for a target.
private let nativeTargetRegistered: Bool = {
    // The LLVMInitializeNative* functions are static inline in Target.h; Swift imports them.
    let target = LLVMInitializeNativeTarget() == 0
    let printer = LLVMInitializeNativeAsmPrinter() == 0
    let parser = LLVMInitializeNativeAsmParser() == 0
    return target && printer && parser
}()

/// A target machine for the host CPU (name and features detected at run time), used to
/// give modules their triple and data layout, to drive the O2 pipeline's cost model, and to
/// emit assembly text.
final class HostTargetMachine {
    let machine: LLVMTargetMachineRef
    let triple: String
    let cpu: String
    let features: String

    /// Registers the native target, asm printer and parser with LLVM, once per process.
    static func registerNativeTarget() throws(LLVMError) {
        guard nativeTargetRegistered else {
            throw LLVMError(stage: .target, message: "could not initialize the native target")
        }
    }

    init() throws(LLVMError) {
        try Self.registerNativeTarget()
        let triple = LLVMError.takeMessage(LLVMGetDefaultTargetTriple())
        let cpu = LLVMError.takeMessage(LLVMGetHostCPUName())
        let features = LLVMError.takeMessage(LLVMGetHostCPUFeatures())
        var target: LLVMTargetRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMGetTargetFromTriple(triple, &target, &message) != 0 {
            throw LLVMError(stage: .target, message: "\(triple): \(LLVMError.takeMessage(message))")
        }
        _ = LLVMError.takeMessage(message)
        guard let target,
              let machine = LLVMCreateTargetMachine(target, triple, cpu, features, LLVMCodeGenLevelDefault,
                                                    LLVMRelocDefault, LLVMCodeModelDefault)
        else {
            throw LLVMError(stage: .target, message: "could not create a target machine for \(triple) (\(cpu))")
        }
        self.machine = machine
        self.triple = triple
        self.cpu = cpu
        self.features = features
    }

    /// Sets the module's triple and data layout to this machine's, so optimization sees the
    /// real type sizes and the JIT accepts the module (it rejects a mismatched layout).
    func configure(_ module: LLVMModuleRef) {
        LLVMSetTarget(module, triple)
        let data = LLVMCreateTargetDataLayout(machine)
        LLVMSetModuleDataLayout(module, data)
        LLVMDisposeTargetData(data)
    }

    deinit { LLVMDisposeTargetMachine(machine) }
}
