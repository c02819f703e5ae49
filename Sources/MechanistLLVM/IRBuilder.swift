import CLLVM

/// A thin, typed facade over `LLVMBuilderRef` for codegen.
///
/// Element types stay on the Swift side (every load, store and GEP names `f64` or `i64`), so
/// the emitted IR is the same with typed pointers (LLVM 14) and opaque ones (15+). The C API
/// returns nullable handles; any null becomes an `LLVMError` instead of a crash.
struct IRBuilder {
    let context: LLVMContextRef
    let module: LLVMModuleRef
    let builder: LLVMBuilderRef
    let f64: LLVMTypeRef
    let i64: LLVMTypeRef
    let i1: LLVMTypeRef
    let ptr: LLVMTypeRef
    let void: LLVMTypeRef

    init(context: LLVMContextRef, module: LLVMModuleRef, builder: LLVMBuilderRef) throws(LLVMError) {
        self.context = context
        self.module = module
        self.builder = builder
        guard let f64 = LLVMDoubleTypeInContext(context), let i64 = LLVMInt64TypeInContext(context),
              let i1 = LLVMInt1TypeInContext(context), let void = LLVMVoidTypeInContext(context),
              let ptr = LLVMPointerType(f64, 0)
        else { throw LLVMError(stage: .codegen, message: "could not create basic types") }
        self.f64 = f64
        self.i64 = i64
        self.i1 = i1
        self.ptr = ptr
        self.void = void
    }

    /// Null from the C API becomes an error naming what was being built.
    func made<T>(_ value: T?, _ what: String) throws(LLVMError) -> T {
        guard let value else { throw LLVMError(stage: .codegen, message: "LLVM could not build \(what)") }
        return value
    }

    // MARK: Constants

    func constant(_ value: Double) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMConstReal(f64, value), "a double constant")
    }

    func constant(_ value: Int) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMConstInt(i64, UInt64(bitPattern: Int64(value)), 1), "an integer constant")
    }

    func constant(_ value: UInt64) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMConstInt(i64, value, 0), "an integer constant")
    }

    // MARK: Memory

    /// `&base[index]` for a double array (inbounds: codegen checked every slice's range).
    func element(_ base: LLVMValueRef, _ index: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        var indices: [LLVMValueRef?] = [index]
        return try made(LLVMBuildInBoundsGEP2(builder, f64, base, &indices, 1, ""), "an address")
    }

    func load(_ address: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildLoad2(builder, f64, address, ""), "a load")
    }

    func store(_ value: LLVMValueRef, _ address: LLVMValueRef) throws(LLVMError) {
        _ = try made(LLVMBuildStore(builder, value, address), "a store")
    }

    /// Copies `count` doubles (count > 0).
    func copy(to destination: LLVMValueRef, from source: LLVMValueRef, count: Int) throws(LLVMError) {
        _ = try made(LLVMBuildMemCpy(builder, destination, 8, source, 8, try constant(count * 8)), "a copy")
    }

    // MARK: Arithmetic

    func fadd(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFAdd(builder, a, b, ""), "fadd")
    }
    func fsub(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFSub(builder, a, b, ""), "fsub")
    }
    func fmul(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFMul(builder, a, b, ""), "fmul")
    }
    func fdiv(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFDiv(builder, a, b, ""), "fdiv")
    }
    func fneg(_ a: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFNeg(builder, a, ""), "fneg")
    }
    func fcmp(_ predicate: LLVMRealPredicate, _ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildFCmp(builder, predicate, a, b, ""), "fcmp")
    }
    func select(_ condition: LLVMValueRef, _ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildSelect(builder, condition, a, b, ""), "select")
    }
    func or(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildOr(builder, a, b, ""), "or")
    }
    func and(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildAnd(builder, a, b, ""), "and")
    }
    func add(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildAdd(builder, a, b, ""), "add")
    }
    /// `index + offset`, without an instruction when the offset is 0 (tidier unoptimized IR).
    func add(_ index: LLVMValueRef, _ offset: Int) throws(LLVMError) -> LLVMValueRef {
        offset == 0 ? index : try add(try constant(offset), index)
    }
    func mul(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildMul(builder, a, b, ""), "mul")
    }
    func urem(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildURem(builder, a, b, ""), "urem")
    }
    func icmp(_ predicate: LLVMIntPredicate, _ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildICmp(builder, predicate, a, b, ""), "icmp")
    }
    func signedToDouble(_ a: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildSIToFP(builder, a, f64, ""), "sitofp")
    }

    /// Calls `function` of type `type`. `noBuiltin` stops LLVM from recognising a C library
    /// call by name (no constant folding, no `pow(x, 2) -> x*x`, no `exp2` rewrites), so the
    /// compiled code makes exactly the libm call the interpreter makes.
    func call(_ type: LLVMTypeRef, _ function: LLVMValueRef, _ arguments: [LLVMValueRef],
              noBuiltin: Bool = false) throws(LLVMError) -> LLVMValueRef {
        var args: [LLVMValueRef?] = arguments
        let result = try made(LLVMBuildCall2(builder, type, function, &args, UInt32(args.count), ""), "a call")
        if noBuiltin, let attribute = enumAttribute("nobuiltin") {
            LLVMAddCallSiteAttribute(result, functionIndex, attribute)
        }
        return result
    }

    // MARK: Functions and attributes

    /// The attribute index that means "the function itself" (~0U in the C header).
    var functionIndex: LLVMAttributeIndex { LLVMAttributeIndex.max }

    /// An enum attribute by name, or nil where this LLVM does not know the name.
    func enumAttribute(_ name: String, value: UInt64 = 0) -> LLVMAttributeRef? {
        let kind = LLVMGetEnumAttributeKindForName(name, name.utf8.count)
        guard kind != 0 else { return nil }
        return LLVMCreateEnumAttribute(context, kind, value)
    }

    /// Marks a declaration as neither reading nor writing memory: `readnone` up to LLVM 15,
    /// `memory(none)` (the `memory` attribute with the value 0) from LLVM 16, where
    /// `readnone` only applies to parameters and the verifier rejects it on a function.
    func addNoMemoryAccess(to function: LLVMValueRef) {
        if let memoryNone = enumAttribute("memory", value: 0) {
            LLVMAddAttributeAtIndex(function, functionIndex, memoryNone)
        } else if let readNone = enumAttribute("readnone") {
            LLVMAddAttributeAtIndex(function, functionIndex, readNone)
        }
    }

    func addAttributes(_ names: [String], to function: LLVMValueRef, at index: LLVMAttributeIndex) {
        for name in names {
            if let attribute = enumAttribute(name) { LLVMAddAttributeAtIndex(function, index, attribute) }
        }
    }

    func functionType(_ result: LLVMTypeRef, _ parameters: [LLVMTypeRef]) throws(LLVMError) -> LLVMTypeRef {
        var params: [LLVMTypeRef?] = parameters
        return try made(LLVMFunctionType(result, &params, UInt32(params.count), 0), "a function type")
    }

    /// The module's function `name`, declared the first time it is asked for; `pure` ones
    /// are marked `nounwind willreturn` and free of memory effects.
    func declaration(_ name: String, _ type: LLVMTypeRef, pure: Bool = false) throws(LLVMError) -> LLVMValueRef {
        if let existing = LLVMGetNamedFunction(module, name) { return existing }
        let function = try made(LLVMAddFunction(module, name, type), "the declaration of \(name)")
        if pure {
            addAttributes(["nounwind", "willreturn"], to: function, at: functionIndex)
            addNoMemoryAccess(to: function)
        }
        return function
    }

    // MARK: Control flow

    var currentBlock: LLVMBasicBlockRef? { LLVMGetInsertBlock(builder) }

    /// A new block at the end of the function being emitted.
    func block(_ name: String) throws(LLVMError) -> LLVMBasicBlockRef {
        let function = try made(currentBlock.flatMap { LLVMGetBasicBlockParent($0) }, "a block outside a function")
        return try made(LLVMAppendBasicBlockInContext(context, function, name), "block \(name)")
    }

    func position(at block: LLVMBasicBlockRef) { LLVMPositionBuilderAtEnd(builder, block) }

    func branch(to block: LLVMBasicBlockRef) throws(LLVMError) {
        _ = try made(LLVMBuildBr(builder, block), "a branch")
    }

    @discardableResult
    func branch(if condition: LLVMValueRef, then a: LLVMBasicBlockRef, else b: LLVMBasicBlockRef)
        throws(LLVMError) -> LLVMValueRef {
        try made(LLVMBuildCondBr(builder, condition, a, b), "a conditional branch")
    }

    func phi(_ type: LLVMTypeRef, _ incoming: LLVMValueRef, from block: LLVMBasicBlockRef) throws(LLVMError) -> LLVMValueRef {
        let phi = try made(LLVMBuildPhi(builder, type, ""), "a phi")
        addIncoming(phi, incoming, from: block)
        return phi
    }

    func addIncoming(_ phi: LLVMValueRef, _ value: LLVMValueRef, from block: LLVMBasicBlockRef) {
        var values: [LLVMValueRef?] = [value]
        var blocks: [LLVMBasicBlockRef?] = [block]
        LLVMAddIncoming(phi, &values, &blocks, 1)
    }

    func returnVoid() throws(LLVMError) {
        _ = try made(LLVMBuildRetVoid(builder), "a return")
    }
}
