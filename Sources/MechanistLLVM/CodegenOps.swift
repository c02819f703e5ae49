import CLLVM
import MechanistIR

/// Emits ops into the function being built, over that function's arena pointers.
///
/// Loop orders and operand orders follow the interpreter (Sources/MechanistInterpreter),
/// which defines the semantics; where the generated order differs (vecMat) the comment says
/// why the bits cannot change.
struct OpEmitter {
    let program: Program
    let layout: BufferLayout
    let ir: IRBuilder
    let arenas: Arenas

    /// `&slice[index]`: the arena base plus the slice's offset in it (in range: the verifier
    /// puts the slice inside its buffer, `CodegenChecks` the buffer inside its arena).
    func address(_ slice: Slice, _ index: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        let arena = BufferLayout.arena(of: program.buffers[slice.buffer.index].role)
        return try ir.element(try arenas.base(arena), try ir.add(index, layout.offset(of: slice)))
    }

    func load(_ slice: Slice, _ index: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try ir.load(try address(slice, index))
    }

    func store(_ value: LLVMValueRef, _ slice: Slice, _ index: LLVMValueRef) throws(LLVMError) {
        try ir.store(value, try address(slice, index))
    }

    func op(_ op: Op) throws(LLVMError) {
        switch op {
        case .elementwise(let dst, let expr):
            // Index order, storing as we go: a read of dst sees the old value at the same index.
            try ir.loop(0..<dst.count, name: "elementwise") { (i) throws(LLVMError) in
                try store(try value(expr, at: i), dst, i)
            }
        case .elementwise2D(let dst, let rows, let columns, let expr):
            // Rows outer, columns inner, storing as we go, as the interpreter does. Scalars
            // are loaded before the loops and row values before each row (see Position.hoisted).
            // Only columns vectorize: across rows, dst and every column read are strided, and
            // once LLVM unrolls a short column loop (a 128 x 10 weight update) it would
            // vectorize the rows with gathers and scatters, several times slower. (With one
            // column the rows are contiguous and do vectorize.)
            var scalars: [Expr: LLVMValueRef] = [:]
            for leaf in expr.leaves where leaf.isScalarRead { scalars[leaf] = try value(leaf, at: try ir.constant(0)) }
            try ir.loop(0..<rows, name: "elementwise2d.row", vectorize: columns == 1) { (i) throws(LLVMError) in
                let rowStart = try ir.mul(i, try ir.constant(columns))
                var hoisted = scalars
                let start = Position(flat: rowStart, row: i, column: try ir.constant(0))
                for leaf in expr.leaves where leaf.isRowRead { hoisted[leaf] = try value(leaf, at: start) }
                try ir.loop(0..<columns, name: "elementwise2d.column") { (j) throws(LLVMError) in
                    let k = try ir.add(rowStart, j)
                    try store(try value(expr, at: Position(flat: k, row: i, column: j, hoisted: hoisted)), dst, k)
                }
            }
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            try vecMat(dst: dst, vector: vector, matrix: matrix, rows: rows, columns: columns)
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            try matVec(dst: dst, matrix: matrix, vector: vector, rows: rows, columns: columns)
        case .reduce(let dst, let reduction, let expr, let count):
            try store(try reduce(reduction, expr, count: count), dst, try ir.constant(0))
        case .random(let dst, let distribution, let key, let counter):
            try random(dst: dst, distribution: distribution, key: key, counter: counter)
        case .append(let dst, let source, let counter):
            try append(dst: dst, source: source, counter: counter)
        case .loop(let count, let body):
            // Bodies have side effects only through memory, so nothing is carried.
            // An IR loop's body may be large: never copy it.
            try ir.loop(0..<max(count, 0), name: "loop", unroll: false) { (_) throws(LLVMError) in try ops(body) }
        case .until(let flag, let maxIterations, let body):
            try until(flag: flag, maxIterations: maxIterations, body: body)
        case .branch(let flag, let then, let otherwise):
            try branch(flag: flag, then: then, otherwise: otherwise)
        }
    }

    /// `dst[j] = sum_i vector[i] * matrix[i * columns + j]`, generated i-outer / j-inner:
    /// zero dst, then for each i add `vector[i] * row i` into dst. The inner loop runs over
    /// contiguous memory and vectorizes across j, and each dst[j] still accumulates
    /// `((0 + v0*M0j) + v1*M1j) + ...` in i order, so the bits equal the interpreter's
    /// j-outer loop: the verifier (run before codegen) guarantees that dst overlaps neither
    /// operand, so accumulating in dst changes nothing the sums read.
    private func vecMat(dst: Slice, vector: Slice, matrix: Slice, rows: Int, columns: Int) throws(LLVMError) {
        let zero = try ir.constant(0.0)
        try ir.loop(0..<columns, name: "vecmat.zero") { (j) throws(LLVMError) in try store(zero, dst, j) }
        try ir.loop(0..<rows, name: "vecmat.row") { (i) throws(LLVMError) in
            let v = try load(vector, i)
            let rowStart = try ir.mul(i, try ir.constant(columns))
            try ir.loop(0..<columns, name: "vecmat.col") { (j) throws(LLVMError) in
                let product = try ir.fmul(v, try load(matrix, try ir.add(rowStart, j)))
                try store(try ir.fadd(try load(dst, j), product), dst, j)
            }
        }
    }

    /// Rows of a matVec summed together: independent sums the CPU overlaps.
    static let matVecRowBlock = 8

    /// `dst[i] = sum_j matrix[i * columns + j] * vector[j]`, rows in blocks of
    /// `matVecRowBlock`: one pass over j carries a block's sums side by side. Each row is one
    /// chain of dependent adds (`((0 + M_i0*v0) + M_i1*v1) + ...`, the interpreter's order, so
    /// the same bits); one row at a time, the adds' latency bounds the loop (a backward pass's
    /// `W @ error` with few columns), while a block runs its chains in parallel.
    private func matVec(dst: Slice, matrix: Slice, vector: Slice, rows: Int, columns: Int) throws(LLVMError) {
        let block = Self.matVecRowBlock
        /// Rows `first + k`, k in 0..<count, with `first` a value (a block loop's index times
        /// the block size, or a constant for the last, partial block).
        func rowBlock(first: LLVMValueRef, count: Int) throws(LLVMError) {
            let zeros = try [LLVMValueRef](repeating: ir.constant(0.0), count: count)
            let starts = try (0..<count).map { (k) throws(LLVMError) in
                try ir.mul(try ir.add(first, try ir.constant(k)), try ir.constant(columns))
            }
            let sums = try ir.loop(0..<columns, carrying: zeros, name: "matvec.col") {
                (j, s) throws(LLVMError) -> [LLVMValueRef] in
                let v = try load(vector, j)
                return try (0..<count).map { (k) throws(LLVMError) in
                    try ir.fadd(s[k], try ir.fmul(try load(matrix, try ir.add(starts[k], j)), v))
                }
            }
            for k in 0..<count { try store(sums[k], dst, try ir.add(first, try ir.constant(k))) }
        }
        let full = rows / block
        try ir.loop(0..<full, name: "matvec.rows", unroll: false) { (b) throws(LLVMError) in
            try rowBlock(first: try ir.mul(b, try ir.constant(block)), count: block)
        }
        if rows % block > 0 { try rowBlock(first: try ir.constant(full * block), count: rows % block) }
    }

    /// `dst[i] = draw(key, counter + i)`, then `counter += dst.count`, as the interpreter does.
    private func random(dst: Slice, distribution: RandomDistribution, key: RandomKey, counter: Slice) throws(LLVMError) {
        let zero = try ir.constant(0)
        // Saturating conversion: a corrupt (negative, NaN) counter gives a defined value
        // instead of LLVM poison; the interpreter traps on one.
        let start = try RuntimeCalls(ir).counter(try load(counter, zero))
        let keyValue: LLVMValueRef
        switch key {
        case .constant(let k):
            keyValue = try ir.constant(k)
        case .stream(let seed, let name):
            // The runtime derives the key from the seed read now, as the interpreter does.
            keyValue = try RuntimeCalls(ir).streamKey(try load(seed, zero), name: name)
        }
        try ir.loop(0..<dst.count, name: "random") { (i) throws(LLVMError) in
            let n = try ir.add(start, i)
            let value: LLVMValueRef
            switch distribution {
            case .uniform(let low, let high):
                let u = try RuntimeCalls(ir).uniform(keyValue, n)
                value = try ir.fadd(try ir.constant(low), try ir.fmul(try ir.constant(high - low), u))
            case .normal(let mean, let standardDeviation):
                let z = try RuntimeCalls(ir).normal(keyValue, n)
                value = try ir.fadd(try ir.constant(mean), try ir.fmul(try ir.constant(standardDeviation), z))
            }
            try store(value, dst, i)
        }
        let advanced = try ir.fadd(try load(counter, zero), try ir.constant(Double(dst.count)))
        try store(advanced, counter, zero)
    }

    /// `if 0 <= n < rows { dst[n * w ..< (n + 1) * w] = source }`, then `counter = n + 1`, n =
    /// `counter[0]`, as the interpreter does: the range test on the double (false for NaN),
    /// so the conversion to an index only happens in range.
    private func append(dst: Slice, source: Slice, counter: Slice) throws(LLVMError) {
        let zero = try ir.constant(0)
        let n = try load(counter, zero)
        let rows = dst.count / source.count
        let inRange = try ir.and(try ir.fcmp(LLVMRealOGE, n, try ir.constant(0.0)),
                                 try ir.fcmp(LLVMRealOLT, n, try ir.constant(Double(rows))))
        let storeBlock = try ir.block("append.store")
        let done = try ir.block("append.end")
        try ir.branch(if: inRange, then: storeBlock, else: done)
        ir.position(at: storeBlock)
        let base = try ir.mul(try RuntimeCalls(ir).counter(n), try ir.constant(source.count))
        try ir.loop(0..<source.count, name: "append") { (k) throws(LLVMError) in
            try store(try load(source, k), dst, try ir.add(base, k))
        }
        try ir.branch(to: done)
        LLVMMoveBasicBlockAfter(done, try ir.made(ir.currentBlock, "the append block"))
        ir.position(at: done)
        try store(try ir.fadd(n, try ir.constant(1.0)), counter, zero)
    }

    /// `do { body; iterations += 1 } while flag[0] == 0 && iterations < maxIterations`.
    private func until(flag: Slice, maxIterations: Int, body: [Op]) throws(LLVMError) {
        let entry = try ir.made(ir.currentBlock, "a loop outside a block")
        let header = try ir.block("until.body")
        try ir.branch(to: header)
        ir.position(at: header)
        let iterations = try ir.phi(ir.i64, try ir.constant(0), from: entry)
        try ops(body)
        let next = try ir.add(iterations, try ir.constant(1))
        let flagIsZero = try ir.fcmp(LLVMRealOEQ, try load(flag, try ir.constant(0)), try ir.constant(0.0))
        let underLimit = try ir.icmp(LLVMIntSLT, next, try ir.constant(maxIterations))
        let latch = try ir.made(ir.currentBlock, "the loop latch")
        ir.addIncoming(iterations, next, from: latch)
        let exit = try ir.block("until.exit")
        try ir.branch(if: try ir.and(flagIsZero, underLimit), then: header, else: exit)
        ir.position(at: exit)
    }

    /// `flag[0] != 0 ? then : otherwise` (NaN counts as true, as `!=` does in Swift).
    private func branch(flag: Slice, then: [Op], otherwise: [Op]) throws(LLVMError) {
        let condition = try ir.fcmp(LLVMRealUNE, try load(flag, try ir.constant(0)), try ir.constant(0.0))
        let thenBlock = try ir.block("branch.then")
        let elseBlock = try ir.block("branch.else")
        let merge = try ir.block("branch.end")
        try ir.branch(if: condition, then: thenBlock, else: elseBlock)
        ir.position(at: thenBlock)
        try ops(then)
        try ir.branch(to: merge)
        ir.position(at: elseBlock)
        try ops(otherwise)
        try ir.branch(to: merge)
        LLVMMoveBasicBlockAfter(merge, try ir.made(ir.currentBlock, "the else block"))
        ir.position(at: merge)
    }
}

extension Expr {
    /// Every leaf (reads, constants, the index), in order, duplicates included.
    var leaves: [Expr] {
        switch self {
        case .constant, .element, .scalar, .row, .column, .index: return [self]
        case .unary(_, let a): return a.leaves
        case .binary(_, let a, let b): return a.leaves + b.leaves
        case .select(_, let a, let b, let t, let e): return a.leaves + b.leaves + t.leaves + e.leaves
        }
    }

    var isScalarRead: Bool { if case .scalar = self { return true } else { return false } }
    var isRowRead: Bool { if case .row = self { return true } else { return false } }
}
