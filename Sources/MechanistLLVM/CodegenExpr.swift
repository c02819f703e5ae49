import CLLVM
import MechanistIR

/// Where an expression is evaluated (i64 values): the flat index (`.element`, `.index`) and
/// the row i and column j (`.row`, `.column`) of an elementwise2D, as in the interpreter.
struct Position {
    let flat: LLVMValueRef
    let row: LLVMValueRef
    let column: LLVMValueRef
    /// Values already loaded outside the loop, by leaf (`.scalar` and `.row` reads of an
    /// elementwise2D): the verifier guarantees that no read but `.element(dst)` overlaps the
    /// destination, so they cannot change within the loop — and loading them once lets LLVM
    /// vectorize a loop whose scalars live in the same arena as the matrix it writes.
    var hoisted: [Expr: LLVMValueRef] = [:]
}

extension OpEmitter {
    /// The value of `expr` at iteration index `i` (an i64) of a 1-D op: n rows of one column,
    /// as the interpreter has it.
    func value(_ expr: Expr, at i: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try value(expr, at: Position(flat: i, row: i, column: try ir.constant(0)))
    }

    /// The value of `expr` at `position`.
    func value(_ expr: Expr, at position: Position) throws(LLVMError) -> LLVMValueRef {
        switch expr {
        case .constant(let c):
            return try ir.constant(c)
        case .element(let slice):
            return try load(slice, position.flat)
        case .scalar(let slice):
            if let value = position.hoisted[expr] { return value }
            return try load(slice, try ir.constant(0))
        case .row(let slice):
            if let value = position.hoisted[expr] { return value }
            return try load(slice, position.row)
        case .column(let slice):
            return try load(slice, position.column)
        case .index:
            return try ir.signedToDouble(position.flat)
        case .unary(let op, let a):
            return try unary(op, try value(a, at: position))
        case .binary(let op, let a, let b):
            return try binary(op, try value(a, at: position), try value(b, at: position))
        case .select(let comparison, let a, let b, let then, let otherwise):
            let condition = try compare(comparison, try value(a, at: position), try value(b, at: position))
            if then.isCheap() && otherwise.isCheap() {
                // Both arms are cheap to compute: a select keeps the loop vectorizable.
                return try ir.select(condition, try value(then, at: position), try value(otherwise, at: position))
            }
            return try branchSelect(condition, then, otherwise, at: position)
        }
    }

    /// A select whose arms call the C library: branch so only the chosen arm is computed,
    /// as in the interpreter (the result is the same either way; this only saves the call).
    private func branchSelect(_ condition: LLVMValueRef, _ then: Expr, _ otherwise: Expr,
                              at position: Position) throws(LLVMError) -> LLVMValueRef {
        let thenBlock = try ir.block("select.then")
        let elseBlock = try ir.block("select.else")
        let merge = try ir.block("select.end")
        try ir.branch(if: condition, then: thenBlock, else: elseBlock)
        ir.position(at: thenBlock)
        let thenValue = try value(then, at: position)
        let thenEnd = try ir.made(ir.currentBlock, "the select's then block")
        try ir.branch(to: merge)
        ir.position(at: elseBlock)
        let elseValue = try value(otherwise, at: position)
        let elseEnd = try ir.made(ir.currentBlock, "the select's else block")
        try ir.branch(to: merge)
        LLVMMoveBasicBlockAfter(merge, elseEnd)
        ir.position(at: merge)
        let phi = try ir.phi(ir.f64, thenValue, from: thenEnd)
        ir.addIncoming(phi, elseValue, from: elseEnd)
        return phi
    }

    func unary(_ op: UnaryOp, _ x: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let calls = RuntimeCalls(ir)
        if let name = op.cLibraryName { return try calls.libm(name, x) }
        switch op {
        case .negate: return try ir.fneg(x)
        // Exact ops: the intrinsics give the C library's bits and let LLVM vectorize them.
        case .abs: return try calls.intrinsic("llvm.fabs.f64", x)
        case .sqrt: return try calls.intrinsic("llvm.sqrt.f64", x)
        case .floor: return try calls.intrinsic("llvm.floor.f64", x)
        case .exp, .log, .tanh, .cos:  // called above, by their cLibraryName
            throw LLVMError(stage: .codegen, message: "\(op) has a C library name and no inline form")
        }
    }

    func binary(_ op: BinaryOp, _ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        if let name = op.cLibraryName { return try RuntimeCalls(ir).libm(name, a, b) }
        switch op {
        case .add: return try ir.fadd(a, b)
        case .subtract: return try ir.fsub(a, b)
        case .multiply: return try ir.fmul(a, b)
        case .divide: return try ir.fdiv(a, b)
        case .max: return try maximum(a, b)
        case .min: return try minimum(a, b)
        case .pow:  // called above, by its cLibraryName
            throw LLVMError(stage: .codegen, message: "\(op) has a C library name and no inline form")
        }
    }

    /// numpy's maximum, exactly as the interpreter writes it: `(a > b || a.isNaN) ? a : b`.
    func maximum(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try ir.select(try ir.or(try ir.fcmp(LLVMRealOGT, a, b), try isNaN(a)), a, b)
    }

    /// `(a < b || a.isNaN) ? a : b`.
    func minimum(_ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try ir.select(try ir.or(try ir.fcmp(LLVMRealOLT, a, b), try isNaN(a)), a, b)
    }

    func isNaN(_ x: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try ir.fcmp(LLVMRealUNO, x, x)
    }

    /// Swift's comparison operators: ordered (false on NaN) except `!=` (true on NaN).
    func compare(_ comparison: Comparison, _ a: LLVMValueRef, _ b: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let predicate: LLVMRealPredicate
        switch comparison {
        case .less: predicate = LLVMRealOLT
        case .lessEqual: predicate = LLVMRealOLE
        case .greater: predicate = LLVMRealOGT
        case .greaterEqual: predicate = LLVMRealOGE
        case .equal: predicate = LLVMRealOEQ
        case .notEqual: predicate = LLVMRealUNE
        }
        return try ir.fcmp(predicate, a, b)
    }
}
