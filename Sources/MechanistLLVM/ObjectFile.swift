import CLLVM
import MechanistIR

/// A Program's entry points compiled ahead of time into one relocatable object file, for a
/// library that runs without LLVM (`mechanist compile`).
///
/// The module is the JIT's (`buildModule`: the same codegen, verification and `default<O2>`
/// pipeline, with the same CPU and features for the host), so the machine code computes the
/// JIT's bits. The functions are named `<symbolPrefix>_<suffix>` (`BufferLayout`'s C ABI) and
/// get hidden visibility: the library's tables point at them, but a shared library does not
/// export them and a static object localizes them, so two models never clash. With `library`,
/// the object also holds the library's tables and exported functions (`LibraryTables`): with
/// the cached runtime object, all a library is made of.
package enum ObjectFile {
    /// The object's bytes. `positionIndependent` for a shared library.
    /// - Throws: `LLVMError` (stage `target` for a triple or CPU LLVM does not know, `emit`
    ///   when code generation fails, or any stage of `buildModule`).
    package static func emit(program: Program, layout: BufferLayout, symbolPrefix: String,
                             target: TargetDescription, positionIndependent: Bool,
                             optimize: Bool = true, library: LibraryTables? = nil) throws(LLVMError) -> [UInt8] {
        let machine = try TargetMachine(target, positionIndependent: positionIndependent)
        let module = ModuleOwner(name: symbolPrefix, in: ContextOwner(threadSafe: false))
        let symbols = SymbolNames(prefix: symbolPrefix)
        try buildModule(program, layout: layout, symbols: symbols, into: module, machine: machine, optimize: optimize)
        guard let llvmModule = module.module else { throw LLVMError(stage: .emit, message: "no module") }
        for entryPoint in program.compiledEntryPoints {
            if let function = LLVMGetNamedFunction(llvmModule, symbols.name(of: entryPoint)) {
                LLVMSetVisibility(function, LLVMHiddenVisibility)
            }
        }
        if let library {
            func function(_ entryPoint: EntryPoint) throws(LLVMError) -> LLVMValueRef {
                guard let function = LLVMGetNamedFunction(llvmModule, symbols.name(of: entryPoint)) else {
                    throw LLVMError(stage: .codegen, message: "the library needs the \(entryPoint) entry point")
                }
                return function
            }
            let learn = program.compiledEntryPoints.contains(.learnTrial) ? try function(.learnTrial) : nil
            // After optimization: the tables are constants and the API tail calls, nothing to optimize.
            try LibraryTablesEmitter(library, module: llvmModule).emit(
                initialize: try function(.initialization), startRun: try function(.runStart),
                run: try function(.trial), learn: learn)
            try verifyModule(llvmModule)
        }
        return try machine.emit(llvmModule, as: LLVMObjectFile)
    }

    /// The C identifier `name` becomes (letters, digits and `_`), as entry point symbols use it.
    package static func cIdentifier(_ name: String) -> String { SymbolNames.sanitized(name) }
}
