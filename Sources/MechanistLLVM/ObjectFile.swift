import CLLVM
import MechanistIR

/// A Program's entry points compiled ahead of time into one relocatable object file, for a
/// library that runs without LLVM (`mechanist compile`).
///
/// The module is the JIT's (`buildModule`: the same codegen, verification and `default<O2>`
/// pipeline, with the same CPU and features for the host), so the machine code computes the
/// JIT's bits. The functions are named `<symbolPrefix>_<suffix>` (`BufferLayout`'s C ABI) and
/// get hidden visibility: the library's tables point at them (`emitLibrary`, a second object),
/// but a shared library does not export them and a static object localizes them, so two
/// models never clash. The two objects and the cached runtime object are all a library is.
package enum ObjectFile {
    /// The object's bytes. `positionIndependent` for a shared library.
    /// - Throws: `LLVMError` (stage `target` for a triple or CPU LLVM does not know, `emit`
    ///   when code generation fails, or any stage of `buildModule`).
    package static func emit(program: Program, layout: BufferLayout, symbolPrefix: String,
                             target: TargetDescription, positionIndependent: Bool,
                             optimize: Bool = true) throws(LLVMError) -> [UInt8] {
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
        return try machine.emit(llvmModule, as: LLVMObjectFile)
    }

    /// The library's tables and exported functions (`LibraryTables`) as an object of their own,
    /// which points at the entry points of `emit`'s object (`symbolPrefix`, `program`'s). Code
    /// generation at LLVM's O0 level: the 23 functions are each one call, and through the
    /// optimizing back end they cost as much as a small model's code. Its own context, so it
    /// may run on another thread while `emit` runs.
    /// - Throws: `LLVMError` (stage `target`, `codegen`, `verify` or `emit`).
    package static func emitLibrary(_ tables: LibraryTables, program: Program, symbolPrefix: String,
                                    target: TargetDescription) throws(LLVMError) -> [UInt8] {
        let machine = try TargetMachine(target, positionIndependent: true, optimization: LLVMCodeGenLevelNone)
        let module = ModuleOwner(name: "\(symbolPrefix)_library", in: ContextOwner(threadSafe: false))
        guard let llvmModule = module.module else { throw LLVMError(stage: .emit, message: "no module") }
        machine.configure(llvmModule)
        let symbols = SymbolNames(prefix: symbolPrefix)
        let learn = program.compiledEntryPoints.contains(.learnTrial) ? symbols.name(of: .learnTrial) : nil
        try LibraryTablesEmitter(tables, module: llvmModule).emit(entryPoints: (
            initialize: symbols.name(of: .initialization), startRun: symbols.name(of: .runStart),
            run: symbols.name(of: .trial), learn: learn))
        try verifyModule(llvmModule)
        return try machine.emit(llvmModule, as: LLVMObjectFile)
    }

    /// The C identifier `name` becomes (letters, digits and `_`), as entry point symbols use it.
    package static func cIdentifier(_ name: String) -> String { SymbolNames.sanitized(name) }
}
