import CLLVM

/// Verifies a module; LLVM's report becomes the error message. Run before optimizing and
/// before the JIT sees the module, so a codegen bug is an error, not a crash inside LLVM.
func verify(_ module: LLVMModuleRef) throws(LLVMError) {
    var message: UnsafeMutablePointer<CChar>?
    let failed = LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0
    let text = LLVMError.takeMessage(message)
    if failed { throw LLVMError(stage: "verify", message: text) }
}

/// Runs the new pass manager's `default<O2>` pipeline with the host machine's cost model.
///
/// No fast-math flags exist in the IR and FP contraction is left at the target default
/// (fuse only `llvm.fmuladd`, which codegen never emits), so optimization cannot change a
/// result's bits: vectorization only applies where lanes are independent.
func optimize(_ module: LLVMModuleRef, machine: HostTargetMachine) throws(LLVMError) {
    let options = PassOptionsOwner()
    LLVMPassBuilderOptionsSetLoopVectorization(options.options, 1)
    LLVMPassBuilderOptionsSetSLPVectorization(options.options, 1)
    LLVMPassBuilderOptionsSetLoopInterleaving(options.options, 1)
    LLVMPassBuilderOptionsSetLoopUnrolling(options.options, 1)
    try LLVMError.check(LLVMRunPasses(module, "default<O2>", machine.machine, options.options), stage: "optimize")
}
