import CLLVM
import MechanistIR

/// Text forms of a compiled Program, for `mechanist emit`: LLVM IR (as generated, or after
/// O2) and the host CPU's assembly. Symbols are named after the program alone
/// (`<name>_run`, `<name>_initialize`, ...), so the output is the same from run to run.
package enum LLVMText {
    /// The LLVM IR of the program's module, verified, and optimized with `default<O2>` when
    /// `optimized` is true.
    package static func ir(program: Program, layout: BufferLayout, optimized: Bool) throws(LLVMError) -> String {
        let machine = try TargetMachine()
        let module = try build(program, layout, machine: machine, optimized: optimized)
        return module.text()
    }

    /// The host assembly of the optimized module.
    package static func assembly(program: Program, layout: BufferLayout) throws(LLVMError) -> String {
        let machine = try TargetMachine()
        let module = try build(program, layout, machine: machine, optimized: true)
        guard let llvmModule = module.module else {
            throw LLVMError(stage: .emit, message: "no module")
        }
        return String(decoding: try machine.emit(llvmModule, as: LLVMAssemblyFile), as: UTF8.self)
    }

    private static func build(_ program: Program, _ layout: BufferLayout, machine: TargetMachine,
                              optimized: Bool) throws(LLVMError) -> ModuleOwner {
        let prefix = SymbolNames.sanitized(program.name)
        let module = ModuleOwner(name: prefix, in: ContextOwner(threadSafe: false))
        try buildModule(program, layout: layout, symbols: SymbolNames(prefix: prefix), into: module,
                        machine: machine, optimize: optimized)
        return module
    }
}
