import CLLVM

/// Calls from generated code to outside functions: the C library (by name, resolved in the
/// process by the JIT), LLVM intrinsics, and the Mechanist runtime's generator (registered
/// with the JIT by address).
struct RuntimeCalls {
    static let uniformSymbol = "mechanist_uniform"
    static let normalSymbol = "mechanist_normal"
    static let streamKeySymbol = "mechanist_stream_key"

    let ir: IRBuilder
    init(_ ir: IRBuilder) { self.ir = ir }

    /// A `double f(double...)` C library function such as `exp` or `pow` (the ops' own
    /// `cLibraryName`, the function the interpreter calls too), called with
    /// `nobuiltin` so that LLVM neither folds nor rewrites it: the compiled code makes the
    /// very call the interpreter makes.
    func libm(_ name: String, _ arguments: LLVMValueRef...) throws(LLVMError) -> LLVMValueRef {
        let type = try ir.functionType(ir.f64, arguments.map { _ in ir.f64 })
        // Pure functions of their arguments, so LLVM may hoist a call on a loop-invariant
        // value. (The C library may set errno, which compiled code never reads; clang marks
        // these the same way under -fno-math-errno.)
        let function = try ir.declaration(name, type, pure: true)
        return try ir.call(type, function, arguments, noBuiltin: true)
    }

    /// A `double (double)` intrinsic such as `llvm.sqrt.f64` (LLVM gives it its attributes).
    func intrinsic(_ name: String, _ x: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let type = try ir.functionType(ir.f64, [ir.f64])
        return try ir.call(type, try ir.declaration(name, type), [x])
    }

    func uniform(_ key: LLVMValueRef, _ counter: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try draw(Self.uniformSymbol, key, counter)
    }

    func normal(_ key: LLVMValueRef, _ counter: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try draw(Self.normalSymbol, key, counter)
    }

    /// `double mechanist_*(uint64_t key, uint64_t counter)`.
    private func draw(_ name: String, _ key: LLVMValueRef, _ counter: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let type = try ir.functionType(ir.f64, [ir.i64, ir.i64])
        return try ir.call(type, try ir.declaration(name, type, pure: true), [key, counter])
    }

    /// `uint64_t mechanist_stream_key(double seed, const uint8_t *name, uint64_t length)`, the
    /// name a private constant of the module (its UTF-8 bytes, no terminator). Not marked
    /// pure: it reads memory through the pointer.
    func streamKey(_ seed: LLVMValueRef, name: String) throws(LLVMError) -> LLVMValueRef {
        let bytes = Array(name.utf8)
        let i8 = try ir.made(LLVMInt8TypeInContext(ir.context), "the i8 type")
        let pointer = try ir.made(LLVMPointerType(i8, 0), "the i8 pointer type")
        let text = bytes.map { CChar(bitPattern: $0) }
        let initial = try ir.made(text.withUnsafeBufferPointer {
            LLVMConstStringInContext(ir.context, $0.baseAddress, UInt32($0.count), 1)
        }, "the stream name \(name)")
        let global = try ir.made(LLVMAddGlobal(ir.module, LLVMTypeOf(initial), "stream.name"), "the stream name global")
        LLVMSetInitializer(global, initial)
        LLVMSetGlobalConstant(global, 1)
        LLVMSetLinkage(global, LLVMPrivateLinkage)
        LLVMSetUnnamedAddress(global, LLVMGlobalUnnamedAddr)
        let address = try ir.made(LLVMConstPointerCast(global, pointer), "the stream name's address")
        let type = try ir.functionType(ir.i64, [ir.f64, pointer, ir.i64])
        let function = try ir.declaration(Self.streamKeySymbol, type)
        return try ir.call(type, function, [seed, address, try ir.constant(UInt64(bytes.count))])
    }

    /// A stream counter stored as a double, as an unsigned integer. Saturating, so a value
    /// outside 0..<2^64 gives a defined result rather than LLVM poison.
    func counter(_ value: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let type = try ir.functionType(ir.i64, [ir.f64])
        return try ir.call(type, try ir.declaration("llvm.fptoui.sat.i64.f64", type), [value])
    }
}
