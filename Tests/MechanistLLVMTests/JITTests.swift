import CLLVM
@testable import MechanistLLVM
import Testing

/// The failure paths below codegen: a module LLVM rejects, and a symbol the JIT cannot
/// resolve. Both must come back as LLVMError values with the stage named, not as output on
/// stderr or a crash.
@Suite struct JITTests {
    /// A module whose only function calls an external that nothing defines.
    func moduleCallingUndefined(_ callee: String, terminated: Bool = true) throws -> ModuleOwner {
        let module = ModuleOwner(name: "broken", in: ContextOwner(threadSafe: true))
        let builder = BuilderOwner(in: module.owner.context)
        let ir = try IRBuilder(context: module.owner.context, module: module.module!, builder: builder.builder)
        let type = try ir.functionType(ir.void, [])
        let function = LLVMAddFunction(ir.module, "broken_run", type)!
        ir.position(at: LLVMAppendBasicBlockInContext(ir.context, function, "entry")!)
        _ = try ir.call(type, try ir.declaration(callee, type), [])
        if terminated { try ir.returnVoid() }
        return module
    }

    @Test func unresolvedSymbolIsALookupError() throws {
        let module = try moduleCallingUndefined("mechanist_no_such_function")
        try verifyModule(module.module!)
        let jit = try JIT()
        try jit.add(module)
        do {
            _ = try jit.address(of: "broken_run")
            Issue.record("lookup succeeded")
        } catch {
            #expect(error.stage == .lookup)
            #expect(error.message.contains("mechanist_no_such_function"), "\(error)")
        }
    }

    @Test func invalidModuleIsAVerifyError() throws {
        let module = try moduleCallingUndefined("f", terminated: false)  // a block without terminator
        do {
            try verifyModule(module.module!)
            Issue.record("verification passed")
        } catch {
            #expect(error.stage == .verify)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func runtimeSymbolsResolveByAddress() throws {
        // mechanist_uniform is not exported from the test binary, so only the absolute
        // symbol registered by JIT can satisfy it.
        let jit = try JIT()
        let address = try jit.address(of: RuntimeCalls.uniformSymbol)
        let uniform = unsafeBitCast(address, to: (@convention(c) (UInt64, UInt64) -> Double).self)
        #expect(uniform(3, 4) >= 0 && uniform(3, 4) < 1)
    }
}
