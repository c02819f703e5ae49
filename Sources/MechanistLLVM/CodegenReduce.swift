import CLLVM
import MechanistIR

extension OpEmitter {
    /// A reduction over `expr(i)` for i in 0..<count, accumulated in index order in
    /// loop-carried values, mirroring `Reduction.apply(count:_:)` step for step
    /// (including which side of `maximum` the running value is on, which decides ties
    /// between -0 and +0). Every count is >= 1 (the verifier runs before codegen).
    func reduce(_ reduction: Reduction, _ expr: Expr, count: Int) throws(LLVMError) -> LLVMValueRef {
        switch reduction {
        case .sum:
            return try fold(expr, count: count, from: try ir.constant(0.0)) { (s, x) throws(LLVMError) in
                try ir.fadd(s, x)
            }
        case .product:
            return try fold(expr, count: count, from: try ir.constant(1.0)) { (p, x) throws(LLVMError) in
                try ir.fmul(p, x)
            }
        case .max:
            return try foldFromFirst(expr, count: count) { (m, x) throws(LLVMError) in try maximum(x, m) }
        case .min:
            return try foldFromFirst(expr, count: count) { (m, x) throws(LLVMError) in try minimum(x, m) }
        case .argmax:
            return try argmax(expr, count: count)
        case .maxVsNext:
            return try maxVsNext(expr, count: count)
        }
    }

    private func fold(_ expr: Expr, count: Int, from initial: LLVMValueRef,
                      _ step: (LLVMValueRef, LLVMValueRef) throws(LLVMError) -> LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let result = try ir.loop(0..<count, carrying: [initial], name: "reduce") {
            (i, carried) throws(LLVMError) -> [LLVMValueRef] in
            [try step(carried[0], try value(expr, at: i))]
        }
        return result[0]
    }

    /// `m = expr(0)`, then `m = step(m, expr(i))` for i in 1..<count.
    private func foldFromFirst(_ expr: Expr, count: Int,
                               _ step: (LLVMValueRef, LLVMValueRef) throws(LLVMError) -> LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let first = try value(expr, at: try ir.constant(0))
        let result = try ir.loop(1..<max(count, 1), carrying: [first], name: "reduce") {
            (i, carried) throws(LLVMError) -> [LLVMValueRef] in
            [try step(carried[0], try value(expr, at: i))]
        }
        return result[0]
    }

    /// The first index of the largest value; a NaN wins at its first occurrence (numpy):
    /// `if !best.isNaN && (x > best || x.isNaN) { best = x; index = i }`.
    private func argmax(_ expr: Expr, count: Int) throws(LLVMError) -> LLVMValueRef {
        let first = try value(expr, at: try ir.constant(0))
        let result = try ir.loop(1..<max(count, 1), carrying: [first, try ir.constant(0)], name: "argmax") {
            (i, carried) throws(LLVMError) -> [LLVMValueRef] in
            let (best, index) = (carried[0], carried[1])
            let x = try value(expr, at: i)
            let bestIsNumber = try ir.fcmp(LLVMRealORD, best, best)
            let better = try ir.or(try ir.fcmp(LLVMRealOGT, x, best), try isNaN(x))
            let take = try ir.and(bestIsNumber, better)
            return [try ir.select(take, x, best), try ir.select(take, i, index)]
        }
        return try ir.signedToDouble(result[1])
    }

    /// Largest minus second largest (0 for a repeated largest, 0 below two elements, NaN if
    /// any value is NaN), scanning from `first = second = -inf` as the interpreter does.
    private func maxVsNext(_ expr: Expr, count: Int) throws(LLVMError) -> LLVMValueRef {
        if count < 2 { return try ir.constant(0.0) }
        let lowest = try ir.constant(-Double.infinity)
        let noNaN = try ir.made(LLVMConstInt(ir.i1, 0, 0), "false")
        let result = try ir.loop(0..<count, carrying: [lowest, lowest, noNaN], name: "maxvsnext") {
            (i, carried) throws(LLVMError) -> [LLVMValueRef] in
            let (first, second, sawNaN) = (carried[0], carried[1], carried[2])
            let x = try value(expr, at: i)
            let aboveFirst = try ir.fcmp(LLVMRealOGT, x, first)
            let aboveSecond = try ir.fcmp(LLVMRealOGT, x, second)
            return [
                try ir.select(aboveFirst, x, first),
                try ir.select(aboveFirst, first, try ir.select(aboveSecond, x, second)),
                try ir.or(sawNaN, try isNaN(x)),
            ]
        }
        let difference = try ir.fsub(result[0], result[1])
        return try ir.select(result[2], try ir.constant(Double.nan), difference)
    }
}
