import MechanistIR

/// Checks what codegen relies on for memory safety before any IR is emitted: every slice
/// lies inside its buffer and its arena, op operands have the sizes the op documents, inputs
/// are never written (the compiled code reads the host's rows in place) and initialization
/// does not read inputs (it has none).
///
/// The IR verifier checks more; this is the part without which generated code could read or
/// write outside the arenas, so a malformed program becomes an `LLVMError`, never a crash.
struct CodegenChecks {
    let program: Program
    let layout: BufferLayout

    static func check(_ program: Program, _ layout: BufferLayout) throws(LLVMError) {
        guard layout.offsets.count == program.buffers.count else {
            throw failure("layout has \(layout.offsets.count) buffers, program has \(program.buffers.count)")
        }
        // Byte offsets (elements * 8) must not overflow while codegen computes them.
        for arena in Arena.allCases where layout.size(arena) > maxElements || layout.size(arena) < 0 {
            throw failure("the \(arena) arena has \(layout.size(arena)) elements")
        }
        guard layout.outputWidth <= maxElements else {
            throw failure("a recorded row has \(layout.outputWidth) values")
        }
        let checks = CodegenChecks(program: program, layout: layout)
        try checks.ops(program.initialization, at: "initialization", hasInputs: false)
        try checks.ops(program.runStart, at: "runStart", hasInputs: false)
        try checks.ops(program.trial, at: "trial", hasInputs: true)
        for (k, slot) in program.outputs.enumerated() {
            try checks.read(slot.source, at: "outputs[\(k)] (\(slot.label))", hasInputs: true)
        }
        guard layout.outputColumns.count == program.outputs.count else {
            throw failure("layout has \(layout.outputColumns.count) output columns for \(program.outputs.count) outputs")
        }
    }

    /// More doubles than any address space holds.
    static let maxElements = Int.max / 16

    static func failure(_ message: String) -> LLVMError { LLVMError(stage: "codegen", message: message) }

    func ops(_ ops: [Op], at path: String, hasInputs: Bool) throws(LLVMError) {
        for (k, op) in ops.enumerated() { try self.op(op, at: "\(path)[\(k)]", hasInputs: hasInputs) }
    }

    func op(_ op: Op, at path: String, hasInputs: Bool) throws(LLVMError) {
        switch op {
        case .elementwise(let dst, let expr):
            try write(dst, at: "\(path) elementwise dst")
            try self.expr(expr, count: dst.count, at: "\(path) elementwise", hasInputs: hasInputs)
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            let at = "\(path) vecMat"
            try write(dst, at: "\(at) dst")
            try read(vector, at: "\(at) vector", hasInputs: hasInputs)
            try read(matrix, at: "\(at) matrix", hasInputs: hasInputs)
            try sizes(rows: rows, columns: columns, matrix: matrix, at: at)
            try expect(vector.count == rows && dst.count == columns,
                       "\(at): vector has \(vector.count) elements and dst \(dst.count) for a \(rows)x\(columns) matrix")
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            let at = "\(path) matVec"
            try write(dst, at: "\(at) dst")
            try read(matrix, at: "\(at) matrix", hasInputs: hasInputs)
            try read(vector, at: "\(at) vector", hasInputs: hasInputs)
            try sizes(rows: rows, columns: columns, matrix: matrix, at: at)
            try expect(vector.count == columns && dst.count == rows,
                       "\(at): vector has \(vector.count) elements and dst \(dst.count) for a \(rows)x\(columns) matrix")
        case .reduce(let dst, let reduction, let expr, let count):
            let at = "\(path) reduce \(reduction)"
            try write(dst, at: "\(at) dst")
            try expect(dst.count == 1, "\(at): dst has \(dst.count) elements, expected 1")
            try expect(count >= 0, "\(at): negative count \(count)")
            try self.expr(expr, count: count, at: at, hasInputs: hasInputs)
            switch reduction {
            case .max, .min, .argmax:
                // These start from element 0, which must exist.
                try expect(count >= 1, "\(at): needs at least one element")
            case .sum, .product, .maxVsNext:
                break
            }
        case .random(let dst, _, _, let counter):
            try write(dst, at: "\(path) random dst")
            try write(counter, at: "\(path) random counter")
            try expect(counter.count == 1, "\(path) random: counter has \(counter.count) elements, expected 1")
        case .loop(_, let body):
            try ops(body, at: "\(path).body", hasInputs: hasInputs)
        case .until(let flag, _, let body):
            try read(flag, at: "\(path) until flag", hasInputs: hasInputs)
            try expect(flag.count == 1, "\(path) until: flag has \(flag.count) elements, expected 1")
            try ops(body, at: "\(path).body", hasInputs: hasInputs)
        case .branch(let flag, let then, let otherwise):
            try read(flag, at: "\(path) branch flag", hasInputs: hasInputs)
            try expect(flag.count == 1, "\(path) branch: flag has \(flag.count) elements, expected 1")
            try ops(then, at: "\(path).then", hasInputs: hasInputs)
            try ops(otherwise, at: "\(path).otherwise", hasInputs: hasInputs)
        }
    }

    /// An expression evaluated at i in 0..<count.
    func expr(_ expr: Expr, count: Int, at path: String, hasInputs: Bool) throws(LLVMError) {
        switch expr {
        case .constant, .index:
            break
        case .element(let slice):
            try read(slice, at: path, hasInputs: hasInputs)
            try expect(slice.count == count, "\(path): element read of \(slice) has \(slice.count) elements for \(count) iterations")
        case .scalar(let slice):
            try read(slice, at: path, hasInputs: hasInputs)
            try expect(slice.count == 1, "\(path): scalar read of \(slice) has \(slice.count) elements, expected 1")
        case .unary(_, let a):
            try self.expr(a, count: count, at: path, hasInputs: hasInputs)
        case .binary(_, let a, let b):
            try self.expr(a, count: count, at: path, hasInputs: hasInputs)
            try self.expr(b, count: count, at: path, hasInputs: hasInputs)
        case .select(_, let a, let b, let then, let otherwise):
            for e in [a, b, then, otherwise] { try self.expr(e, count: count, at: path, hasInputs: hasInputs) }
        }
    }

    func sizes(rows: Int, columns: Int, matrix: Slice, at path: String) throws(LLVMError) {
        let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
        try expect(rows >= 0 && columns >= 0 && !overflow && matrix.count == product,
                   "\(path): matrix has \(matrix.count) elements for \(rows)x\(columns)")
    }

    func read(_ slice: Slice, at path: String, hasInputs: Bool) throws(LLVMError) {
        let decl = try inRange(slice, at: path)
        if decl.role == .input && !hasInputs {
            throw Self.failure("\(path): reads input buffer '\(decl.name)' where there are no inputs")
        }
    }

    func write(_ slice: Slice, at path: String) throws(LLVMError) {
        let decl = try inRange(slice, at: path)
        if decl.role == .input {
            throw Self.failure("\(path): writes input buffer '\(decl.name)', which is read only")
        }
    }

    /// The slice lies inside its buffer, and the buffer inside its arena.
    func inRange(_ slice: Slice, at path: String) throws(LLVMError) -> BufferDecl {
        guard program.buffers.indices.contains(slice.buffer.index) else {
            throw Self.failure("\(path): \(slice) names no buffer (the program has \(program.buffers.count))")
        }
        let decl = program.buffers[slice.buffer.index]
        guard slice.offset >= 0, slice.count >= 0, slice.count <= decl.count,
              slice.offset <= decl.count - slice.count
        else {
            throw Self.failure("\(path): \(slice) is outside buffer '\(decl.name)' of \(decl.count) elements")
        }
        let base = layout.offsets[slice.buffer.index]
        let size = layout.size(BufferLayout.arena(of: decl.role))
        guard base >= 0, decl.count <= size, base <= size - decl.count else {
            throw Self.failure("\(path): buffer '\(decl.name)' at \(base) is outside its arena of \(size) elements")
        }
        return decl
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(LLVMError) {
        if !condition { throw Self.failure(message()) }
    }
}
