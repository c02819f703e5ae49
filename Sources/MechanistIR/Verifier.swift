/// A rule of the IR that a Program breaks: where, what, and which buffer.
package struct IRVerificationError: Error, CustomStringConvertible, Hashable {
    /// Where the fault is: `buffers[2]`, `trial[3].body[1]`, `trial[0].else[2]`,
    /// `inputs[0]`, `outputs[1]`, `memoryPlan`.
    package var location: String
    /// What is wrong, with buffer names and slices spelled as the printer does.
    package var message: String
    /// The name of the buffer the fault is about, when there is one.
    package var buffer: String?

    package init(location: String, message: String, buffer: String? = nil) {
        self.location = location
        self.message = message
        self.buffer = buffer
    }

    package var description: String { "\(location): \(message)" }
}

/// Checks every rule of the IR and throws the first fault found. Both executors run it
/// before running a Program (the interpreter when created, codegen before emitting
/// anything), so they accept exactly the same Programs.
///
/// Rules: buffer names are unique; non-temp buffers have shapes, temps too unless
/// `allowingUnknownShapes` (before shape inference); shapes have at most `Int.max` elements;
/// initial values are empty or exactly `count` long, and only parameter, weight and state
/// buffers have them; bodies of entry points that do not run per trial read no input
/// buffer; every slice lies within its buffer; elementwise `.element` reads have the
/// destination's count and `.scalar` reads count 1; an elementwise op reads its destination
/// only as `dst[i]`; an elementwise2D's destination has `rows * columns` elements, its
/// `.row` reads `rows` and its `.column` reads `columns`, and it reads its destination only
/// as `.element(dst)`; no other op reads `.row` or `.column`; reductions run over count > 0
/// with `.element` reads of that count into a 1-element destination; vecMat/matVec operand
/// counts match rows and columns and the destination overlaps neither operand; no op
/// writes a parameter or input buffer; a random draw's counter is a 1-element state slice
/// apart from its destination; until/branch flags are 1 element; loop counts are >= 0 and
/// until runs at most maxIterations >= 1 times; input slots name input buffers; output
/// slots are valid slices; a memory plan places every temp, and only temps, at offsets >= 0.
package func verify(_ program: Program, allowingUnknownShapes: Bool = false) throws(IRVerificationError) {
    if let first = verificationErrors(of: program, allowingUnknownShapes: allowingUnknownShapes).first {
        throw first
    }
}

/// `verify(_:allowingUnknownShapes:)` of a Program derived from `verified`, a Program that
/// verifies: when the buffer names are those of `verified` (a pass that keeps them, as
/// every pass does, shares their storage, so comparing them is cheap) they are unique
/// without hashing each again; every other rule is checked in full.
package func verify(_ program: Program, allowingUnknownShapes: Bool = false,
                    derivedFrom verified: Program) throws(IRVerificationError) {
    let namesKept = program.buffers.count == verified.buffers.count
        && zip(program.buffers, verified.buffers).allSatisfy { $0.name == $1.name }
    try verify(program, allowingUnknownShapes: allowingUnknownShapes, namesKnownUnique: namesKept)
}

/// `verify(_:allowingUnknownShapes:)` of a Program whose buffers were named through `names`
/// (lowering's table, which holds each name once, and also names it reserved for no buffer):
/// when the buffers' names appear in the table in the buffers' order (the same strings, so
/// comparing them is cheap), they are distinct entries of a table without duplicates, so
/// unique without hashing each again, about a third of verifying a large Program (issue 13).
/// Every other rule is checked in full, and the names too when they do not appear so.
package func verify(_ program: Program, allowingUnknownShapes: Bool = false,
                    namedBy names: NameTable) throws(IRVerificationError) {
    let table = names.names
    var next = 0  // the table's next entry not yet matched to a buffer
    let namesKept = program.buffers.indices.allSatisfy { i in
        while next < table.count && table[next] != program.buffers[i].name { next += 1 }
        guard next < table.count else { return false }
        next += 1
        return true
    }
    try verify(program, allowingUnknownShapes: allowingUnknownShapes, namesKnownUnique: namesKept)
}

private func verify(_ program: Program, allowingUnknownShapes: Bool,
                    namesKnownUnique: Bool) throws(IRVerificationError) {
    var verifier = Verifier(program: program, allowingUnknownShapes: allowingUnknownShapes)
    verifier.namesKnownUnique = namesKnownUnique
    verifier.run()
    if let first = verifier.errors.first { throw first }
}

/// Every fault the verifier finds, in program order (empty when the Program is valid).
package func verificationErrors(of program: Program, allowingUnknownShapes: Bool = false)
    -> [IRVerificationError] {
    var verifier = Verifier(program: program, allowingUnknownShapes: allowingUnknownShapes)
    verifier.run()
    return verifier.errors
}

extension Program {
    /// Throws the first rule this Program breaks (see `verify(_:allowingUnknownShapes:)`).
    package func verify(allowingUnknownShapes: Bool = false) throws(IRVerificationError) {
        try MechanistIR.verify(self, allowingUnknownShapes: allowingUnknownShapes)
    }
}

/// Walks a Program collecting faults; one method per kind of thing checked.
struct Verifier {
    let program: Program
    let allowingUnknownShapes: Bool
    let printer: ProgramPrinter
    var errors: [IRVerificationError] = []
    /// Set when the buffer names are known to be unique (`verify(_:derivedFrom:)`).
    var namesKnownUnique = false
    /// The entry point whose body is being checked: only per-trial ones have an input row.
    private var entryPoint = EntryPoint.trial

    init(program: Program, allowingUnknownShapes: Bool) {
        self.program = program
        self.allowingUnknownShapes = allowingUnknownShapes
        self.printer = ProgramPrinter(program: program)
    }

    mutating func run() {
        let total = EntryPoint.allCases.reduce(0) { $0 + program[$1].count }
        // Every later check counts elements, so declarations whose counts overflow stop here.
        guard program.buffers.count + total >= largeProgramSize, program.buffers.allSatisfy(\.isCountable)
        else {
            guard buffers() else { return }
            ops(0..<total)
            slots()
            memoryPlan()
            return
        }
        // A large Program is checked on two threads (issue 13): the declarations and the first
        // ops on one, the other ops, the slots and the memory plan on the other, split so
        // that each has about half the work (hashing every name is about a third of it).
        // Faults are listed in the same order as on one thread.
        let split = namesKnownUnique ? total / 2 : total / 4
        let start = self  // no faults yet: each half collects its own
        let (first, second) = concurrently({ var v = start; _ = v.buffers(); v.ops(0..<split); return v.errors },
                                           { var v = start; v.ops(split..<total); v.slots(); v.memoryPlan()
                                             return v.errors })
        errors = first + second
    }

    /// The top-level ops at `range` of every entry point's list placed one after the other
    /// (their bodies included).
    private mutating func ops(_ range: Range<Int>) {
        var offset = 0
        for entryPoint in EntryPoint.allCases {
            let list = program[entryPoint]
            defer { offset += list.count }
            let mine = range.clamped(to: offset..<(offset + list.count))
            guard !mine.isEmpty else { continue }
            self.entryPoint = entryPoint
            for index in (mine.lowerBound - offset)..<(mine.upperBound - offset) {
                op(list[index], at: { "\(entryPoint.rawValue)[\(index)]" })
            }
        }
    }

    private mutating func fail(_ location: String, _ message: String, _ buffer: BufferID? = nil) {
        let name = buffer.flatMap { program.buffers.indices.contains($0.index) ? program[$0].name : nil }
        errors.append(IRVerificationError(location: location, message: message, buffer: name))
    }

    /// A location is spelled only when something fails there: building `trial[3].body[1]` for
    /// every op and buffer was much of the verifier's time on a large Program (issue 13).
    private typealias Location = () -> String

    private mutating func fail(_ location: Location, _ message: String, _ buffer: BufferID? = nil) {
        fail(location(), message, buffer)
    }

    // MARK: Buffers and slots

    /// Checks every declaration; false when some shape's element count overflows, which
    /// leaves nothing else checkable (every slice check counts elements).
    private mutating func buffers() -> Bool {
        var countable = true
        var seen = NameTable(minimumCapacity: namesKnownUnique ? 0 : program.buffers.count)
        // Each buffer's fields are read in place, not bound as a whole: a copy retained its
        // name and values, for every buffer of a large Program (issue 13).
        let program = program
        for index in program.buffers.indices {
            let at = { "buffers[\(index)]" }, id = BufferID(index)
            let role = program.buffers[index].role, shape = program.buffers[index].shape
            let initialCount = program.buffers[index].initial.count
            let name = { program.buffers[index].name }   // spelled only in a fault
            if !namesKnownUnique && !seen.insert(program.buffers[index].name).inserted {
                // The first buffer of that name, looked for only when there is a fault.
                let first = program.buffers.firstIndex { $0.name == name() } ?? index
                fail(at, "buffer name '\(name())' is also the name of %\(first)", id)
            }
            switch shape {
            case nil:
                if role != .temp {
                    fail(at, "\(role.rawValue) buffer '\(name())' has no shape", id)
                } else if !allowingUnknownShapes {
                    fail(at, "temp '\(name())' has no shape (shape inference has not run)", id)
                }
            case .scalar?:
                break
            case .vector(let n)?:
                if n < 0 { fail(at, "'\(name())' has negative length \(n)", id) }
            case .matrix(let rows, let columns)?:
                if rows < 0 || columns < 0 {
                    fail(at, "'\(name())' has negative dimensions \(rows)x\(columns)", id)
                } else if rows.multipliedReportingOverflow(by: columns).overflow {
                    fail(at, "'\(name())' has more than Int.max elements (\(rows)x\(columns))", id)
                    countable = false
                    continue
                }
            }
            if initialCount > 0 {
                switch role {
                case .parameter, .weight, .state:
                    if shape == nil || initialCount != program.buffers[index].count {
                        fail(at, "'\(name())' has \(initialCount) initial values for "
                             + "\(program.buffers[index].count) elements", id)
                    }
                case .input, .temp:
                    fail(at, "\(role.rawValue) buffer '\(name())' has initial values, "
                         + "which no executor reads", id)
                }
            }
        }
        return countable
    }

    private mutating func slots() {
        for (index, slot) in program.inputs.enumerated() {
            let at = "inputs[\(index)]"
            guard program.buffers.indices.contains(slot.buffer.index) else {
                fail(at, "input \(slot.node).\(slot.port) refers to no buffer \(slot.buffer)")
                continue
            }
            let decl = program[slot.buffer]
            if decl.role != .input {
                fail(at, "input \(slot.node).\(slot.port) is bound to \(decl.role.rawValue) buffer "
                     + "'\(decl.name)', not an input buffer", slot.buffer)
            }
        }
        for (index, slot) in program.outputs.enumerated() {
            slice(slot.source, at: { "outputs[\(index)]" }, as: "output \(slot.label)")
        }
    }

    private mutating func memoryPlan() {
        guard let plan = program.memoryPlan else { return }
        for (id, offset) in plan {  // in id order
            guard program.buffers.indices.contains(id.index) else {
                fail("memoryPlan", "places \(id), which is no buffer"); continue
            }
            if program[id].role != .temp {
                fail("memoryPlan", "places \(program[id].role.rawValue) buffer '\(program[id].name)' "
                     + "in the scratch arena", id)
            }
            if offset < 0 { fail("memoryPlan", "places '\(program[id].name)' at offset \(offset)", id) }
        }
        for (index, decl) in program.buffers.enumerated()
        where decl.role == .temp && plan[BufferID(index)] == nil {
            fail("memoryPlan", "does not place temp '\(decl.name)'", BufferID(index))
        }
    }

    // MARK: Ops

    private mutating func ops(_ list: [Op], at path: Location) {
        for (index, op) in list.enumerated() { self.op(op, at: { "\(path())[\(index)]" }) }
    }

    private mutating func op(_ op: Op, at: Location) {
        op.forEachWrite { w in
            guard program.buffers.indices.contains(w.buffer.index) else { return }
            switch program.role(of: w.buffer) {
            case .parameter, .input:
                let decl = program[w.buffer]
                fail(at, "writes \(printer.slice(w)) of \(decl.role.rawValue) buffer '\(decl.name)'",
                     w.buffer)
            case .weight, .state, .temp:
                break
            }
        }
        if !entryPoint.isPerTrial {
            let entryPoint = entryPoint
            op.forEachRead { read in
                guard program.buffers.indices.contains(read.buffer.index) && program.role(of: read.buffer) == .input
                else { return }
                fail(at, "\(entryPoint) reads input buffer '\(program[read.buffer].name)', which has "
                     + "no value outside a trial", read.buffer)
            }
        }
        switch op {
        case .elementwise(let dst, let e):
            slice(dst, at: at, as: "destination")
            expr(e, count: dst.count, grid: nil, at: at)
            let printer = self.printer   // the spelling is built only on a fault, while self is mutated
            ownDestination(dst, in: e, at: at, as: "\(printer.name(dst.buffer))[i]")
        case .elementwise2D(let dst, let rows, let columns, let e):
            slice(dst, at: at, as: "destination")
            if rows < 0 || columns < 0 { fail(at, "elementwise2D has negative dimensions \(rows)x\(columns)") }
            let (elements, overflow) = rows.multipliedReportingOverflow(by: columns)
            if overflow || dst.count != elements {
                fail(at, "elementwise2D destination \(printer.slice(dst)) has \(dst.count) elements, "
                     + "not \(rows)x\(columns)" + (overflow ? "" : " = \(elements)"), dst.buffer)
            }
            expr(e, count: dst.count, grid: (rows, columns), at: at)
            let printer = self.printer
            ownDestination(dst, in: e, at: at, as: "\(printer.name(dst.buffer))[i * \(columns) + j]")
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            matrixProduct(at, "vecMat", dst: dst, matrix: matrix, rows: rows, columns: columns,
                          vector: vector, vectorCount: rows, dstCount: columns)
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            matrixProduct(at, "matVec", dst: dst, matrix: matrix, rows: rows, columns: columns,
                          vector: vector, vectorCount: columns, dstCount: rows)
        case .reduce(let dst, let reduction, let e, let count):
            slice(dst, at: at, as: "destination")
            if dst.count != 1 {
                fail(at, "\(reduction.rawValue) writes \(dst.count) elements to \(printer.slice(dst)), "
                     + "not 1", dst.buffer)
            }
            if count <= 0 { fail(at, "\(reduction.rawValue) runs over \(count) elements; needs > 0") }
            expr(e, count: count, grid: nil, at: at)
        case .random(let dst, _, let key, let counter):
            slice(dst, at: at, as: "destination")
            slice(counter, at: at, as: "counter")
            if case .stream(let seed, _) = key {
                slice(seed, at: at, as: "seed")
                if seed.count != 1 {
                    fail(at, "random seed \(printer.slice(seed)) has \(seed.count) elements, not 1", seed.buffer)
                }
                if dst.overlaps(seed) {
                    fail(at, "random destination \(printer.slice(dst)) overlaps its seed", dst.buffer)
                }
            }
            if counter.count != 1 {
                fail(at, "random counter \(printer.slice(counter)) has \(counter.count) elements, not 1",
                     counter.buffer)
            }
            if program.buffers.indices.contains(counter.buffer.index), program[counter.buffer].role != .state {
                fail(at, "random counter lives in \(program[counter.buffer].role.rawValue) buffer "
                     + "'\(program[counter.buffer].name)', not a state buffer", counter.buffer)
            }
            if dst.overlaps(counter) {
                fail(at, "random destination \(printer.slice(dst)) overlaps its counter", dst.buffer)
            }
        case .append(let dst, let source, let counter):
            slice(dst, at: at, as: "destination")
            slice(source, at: at, as: "source")
            slice(counter, at: at, as: "counter")
            if counter.count != 1 {
                fail(at, "append counter \(printer.slice(counter)) has \(counter.count) elements, not 1", counter.buffer)
            }
            if source.count < 1 || dst.count % max(source.count, 1) != 0 {
                fail(at, "append destination \(printer.slice(dst)) of \(dst.count) elements is no list of rows of "
                     + "\(source.count) (the source \(printer.slice(source)))", dst.buffer)
            }
            for (a, b, what) in [(dst, source, "destination and source"), (dst, counter, "destination and counter"),
                                 (source, counter, "source and counter")] where a.overlaps(b) {
                fail(at, "append \(what) overlap (\(printer.slice(a)), \(printer.slice(b)))", a.buffer)
            }
        case .loop(let count, let body):
            if count < 0 { fail(at, "loop count \(count) is negative") }
            ops(body, at: { at() + ".body" })
        case .until(let flag, let maxIterations, let body):
            flagSlice(flag, at: at)
            if maxIterations < 1 { fail(at, "until runs at most \(maxIterations) times; needs >= 1") }
            ops(body, at: { at() + ".body" })
        case .branch(let flag, let then, let otherwise):
            flagSlice(flag, at: at)
            ops(then, at: { at() + ".then" })
            ops(otherwise, at: { at() + ".else" })
        }
    }

    private mutating func matrixProduct(_ at: Location, _ kind: String, dst: Slice, matrix: Slice,
                                        rows: Int, columns: Int, vector: Slice,
                                        vectorCount: Int, dstCount: Int) {
        slice(dst, at: at, as: "destination")
        slice(vector, at: at, as: "vector")
        slice(matrix, at: at, as: "matrix")
        if rows < 0 || columns < 0 { fail(at, "\(kind) has negative dimensions \(rows)x\(columns)") }
        let (elements, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow || matrix.count != elements {
            fail(at, "\(kind) matrix \(printer.slice(matrix)) has \(matrix.count) elements, "
                 + "not \(rows)x\(columns)" + (overflow ? "" : " = \(elements)"), matrix.buffer)
        }
        if vector.count != vectorCount {
            fail(at, "\(kind) vector \(printer.slice(vector)) has \(vector.count) elements, "
                 + "not \(vectorCount) for a \(rows)x\(columns) matrix", vector.buffer)
        }
        if dst.count != dstCount {
            fail(at, "\(kind) destination \(printer.slice(dst)) has \(dst.count) elements, "
                 + "not \(dstCount) for a \(rows)x\(columns) matrix", dst.buffer)
        }
        // The sums accumulate while reading the operands, so writing them in place is undefined.
        for (operand, slice) in [("vector", vector), ("matrix", matrix)] where dst.overlaps(slice) {
            fail(at, "\(kind) destination \(printer.slice(dst)) overlaps its \(operand) "
                 + "\(printer.slice(slice))", dst.buffer)
        }
    }

    private mutating func flagSlice(_ flag: Slice, at: Location) {
        slice(flag, at: at, as: "flag")
        if flag.count != 1 {
            fail(at, "flag \(printer.slice(flag)) has \(flag.count) elements, not 1", flag.buffer)
        }
    }

    /// Checks an expression's reads against the iteration count `count`, and its `.row` and
    /// `.column` reads against the `grid` of an elementwise2D (nil in a 1-D op, which has
    /// neither).
    private mutating func expr(_ e: Expr, count: Int, grid: (rows: Int, columns: Int)?, at: Location) {
        switch e {
        case .constant, .index:
            break
        case .element(let s):
            slice(s, at: at, as: "read")
            if s.count != count {
                fail(at, "element read \(printer.slice(s)) has \(s.count) elements; the op runs over "
                     + "\(count)", s.buffer)
            }
        case .scalar(let s):
            slice(s, at: at, as: "read")
            if s.count != 1 {
                fail(at, "scalar read \(printer.slice(s)) has \(s.count) elements, not 1", s.buffer)
            }
        case .row(let s):
            lineRead(s, "row", along: grid?.rows, at: at)
        case .column(let s):
            lineRead(s, "column", along: grid?.columns, at: at)
        case .unary(_, let a):
            expr(a, count: count, grid: grid, at: at)
        case .binary(_, let a, let b):
            expr(a, count: count, grid: grid, at: at)
            expr(b, count: count, grid: grid, at: at)
        case .select(_, let a, let b, let then, let otherwise):
            for operand in [a, b, then, otherwise] { expr(operand, count: count, grid: grid, at: at) }
        }
    }

    /// A `.row` (`kind` "row", `count` the rows) or `.column` read, which only 2-D ops have.
    private mutating func lineRead(_ s: Slice, _ kind: String, along count: Int?, at: Location) {
        slice(s, at: at, as: "read")
        guard let count else {
            fail(at, "\(kind) read \(printer.slice(s)) in a 1-D op; only elementwise2D has rows and columns",
                 s.buffer)
            return
        }
        if s.count != count {
            fail(at, "\(kind) read \(printer.slice(s)) has \(s.count) elements; the op has \(count) \(kind)s",
                 s.buffer)
        }
    }

    /// An elementwise op stores as it goes, so it may read its destination only at its own
    /// index (`spelled` as the printer would), where the old value is still there.
    private mutating func ownDestination(_ dst: Slice, in e: Expr, at: Location, as spelled: @autoclosure () -> String) {
        // Most ops read nothing of their destination: find out without collecting the reads.
        guard e.containsRead(where: { $0.overlaps(dst) }) else { return }
        for read in e.reads where read.overlaps(dst) && !isElement(read, of: dst, in: e) {
            fail(at, "reads \(printer.slice(read)) of its own destination \(printer.slice(dst)) "
                 + "other than as \(spelled())", dst.buffer)
        }
    }

    /// Whether every read of `read` in `e` is `.element(dst)` itself (the same index); a
    /// 1-element destination has one index, so any read of it is.
    private func isElement(_ read: Slice, of dst: Slice, in e: Expr) -> Bool {
        read == dst && (dst.count == 1 || !e.broadcasts(read))
    }

    private mutating func slice(_ s: Slice, at: Location, as role: @autoclosure () -> String) {
        guard program.buffers.indices.contains(s.buffer.index) else {
            fail(at, "\(role()) refers to no buffer \(s.buffer)"); return
        }
        let decl = program[s.buffer]
        if s.offset < 0 || s.count < 0 {
            fail(at, "\(role()) \(printer.slice(s)) has a negative offset or count", s.buffer)
        } else if decl.shape != nil, s.count > decl.count || s.offset > decl.count - s.count {
            fail(at, "\(role()) \(printer.slice(s)) runs past the end of '\(decl.name)' "
                 + "(\(decl.count) elements)", s.buffer)
        }
    }
}

extension BufferDecl {
    /// False when the shape's element count overflows `Int` (`buffers()` reports it).
    fileprivate var isCountable: Bool {
        guard case .matrix(let rows, let columns)? = shape, rows >= 0, columns >= 0 else { return true }
        return !rows.multipliedReportingOverflow(by: columns).overflow
    }
}
