import CLLVM

/// Calls from generated code to outside functions: the C library (by name, resolved in the
/// process by the JIT), LLVM intrinsics, and the Mechanist runtime's generator (registered
/// with the JIT by address).
struct RuntimeCalls {
    static let uniformSymbol = "mechanist_uniform"
    static let normalSymbol = "mechanist_normal"

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

    /// A stream counter stored as a double, as an unsigned integer. Saturating, so a value
    /// outside 0..<2^64 gives a defined result rather than LLVM poison.
    func counter(_ value: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let type = try ir.functionType(ir.i64, [ir.f64])
        return try ir.call(type, try ir.declaration("llvm.fptoui.sat.i64.f64", type), [value])
    }
}
