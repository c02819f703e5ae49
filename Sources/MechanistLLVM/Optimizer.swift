import CLLVM
import MechanistIR

/// Verifies a module; LLVM's report becomes the error message. Run before optimizing and
/// before the JIT sees the module, so a codegen bug is an error, not a crash inside LLVM.
func verifyModule(_ module: LLVMModuleRef) throws(LLVMError) {
    var message: UnsafeMutablePointer<CChar>?
    let failed = LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0
    let text = LLVMError.takeMessage(message)
    if failed { throw LLVMError(stage: .verify, message: text) }
}

/// Runs the new pass manager's `default<O2>` pipeline with the host machine's cost model.
///
/// No fast-math flags exist in the IR and FP contraction is left at the target default
/// (fuse only `llvm.fmuladd`, which codegen never emits), so optimization cannot change a
/// result's bits: vectorization only applies where lanes are independent.
func optimizeModule(_ module: LLVMModuleRef, machine: TargetMachine) throws(LLVMError) {
    let options = PassOptionsOwner()
    LLVMPassBuilderOptionsSetLoopVectorization(options.options, 1)
    LLVMPassBuilderOptionsSetSLPVectorization(options.options, 1)
    LLVMPassBuilderOptionsSetLoopInterleaving(options.options, 1)
    LLVMPassBuilderOptionsSetLoopUnrolling(options.options, 1)
    try LLVMError.check(LLVMRunPasses(module, "default<O2>", machine.machine, options.options), stage: .optimize)
}

/// The path every module takes: host triple and data layout, codegen, verification, and
/// (optionally) O2. Shared by the JIT and the text emitters so both see the same module.
func buildModule(_ program: Program, layout: BufferLayout, symbols: SymbolNames, into module: ModuleOwner,
                 machine: TargetMachine, optimize: Bool, entryPoints: Set<EntryPoint>? = nil,
                 parts: [EntryPoint: [[Op]]] = [:], checked: Bool = false) throws(LLVMError) {
    guard let llvmModule = module.module else {
        throw LLVMError(stage: .codegen, message: "the module was already handed over")
    }
    // Before codegen, so loads and stores take the target's alignments.
    machine.configure(llvmModule)
    try Codegen.emit(program, layout: layout, symbols: symbols, into: module, entryPoints: entryPoints, parts: parts,
                     checked: checked)
    try verifyModule(llvmModule)
    if optimize { try optimizeModule(llvmModule, machine: machine) }
}
