/// The text form of a Program: what `mechanist emit --ir` and `--dump-after` print and what
/// snapshot tests compare. Stable and deterministic: the same Program always prints the same
/// text, whatever the platform, so a diff of two dumps shows what a pass changed.
///
/// ```
/// program m3
/// buffers:
///   %0  parameter  scalar  hidden.gain = [1.0]
///   %1  weight     [3x5]   W_ih.matrix = [-0.8, -0.5, 0.6, 0.1, -0.8, -0.1, ... (15 values)]
///   %2  input      [3]     input.InputPort-0
///   %3  temp       [5]     hidden.net
/// inputs:
///   input.InputPort-0 -> input.InputPort-0
/// outputs:
///   hidden.RESULT <- hidden.net[0..<5]
/// initialization {}
/// trial {
///   hidden.net[0..<5] = input.InputPort-0[0..<3] @ W_ih.matrix[0..<15] (3x5)
///   hidden.net[0..<5] = 1.0 / (1.0 + exp(-(hidden.gain[0] * hidden.net[i])))
/// }
/// ```
/// Each entry point's body is a section under its `title`, in `EntryPoint.allCases` order
/// (an empty one only when `printedWhenEmpty`).
/// Slices written by ops and read by matrix ops print as `name[start..<end]`; inside an
/// expression `name[i]` / `name[k + i]` reads the element at the iteration index and
/// `name[k]` broadcasts one element. A 2-D op prints as
/// `W[0..<6] = W[i * 3 + j] + a[i] * d[j] for i in 0..<2, j in 0..<3`: `.element` reads
/// at the flat index, `.row` reads `[i]`, `.column` reads `[j]`. Binary operators print infix with the fewest
/// parentheses that still spell the exact tree (operators associate to the left).
package func printProgram(_ program: Program) -> String {
    ProgramPrinter(program: program).text()
}

/// One op as text at the given indentation (nested bodies included), in `program`'s names.
package func printOp(_ op: Op, in program: Program, indent: Int = 0) -> String {
    var printer = ProgramPrinter(program: program)
    printer.op(op, depth: indent)
    return printer.lines.joined(separator: "\n")
}

/// An expression as text, with `program`'s buffer names.
package func printExpr(_ expr: Expr, in program: Program) -> String {
    ProgramPrinter(program: program).expr(expr).text
}

extension Program: CustomStringConvertible {
    /// The printer's text form (see `printProgram(_:)`).
    package var description: String { printProgram(self) }
}

/// Builds the text line by line; value type, no state beyond the output.
struct ProgramPrinter {
    let program: Program
    var lines: [String] = []

    init(program: Program) { self.program = program }

    /// Initial values shown before abbreviating.
    static let shownValues = 6

    func text() -> String {
        var printer = self
        printer.lines = ["program \(program.name)"]
        printer.buffers()
        printer.slots()
        for entryPoint in EntryPoint.allCases where entryPoint.printedWhenEmpty || !program[entryPoint].isEmpty {
            printer.block(entryPoint.title, program[entryPoint])
        }
        printer.memoryPlan()
        return printer.lines.joined(separator: "\n") + "\n"
    }

    // MARK: Header sections

    private mutating func buffers() {
        lines.append("buffers:")
        let ids = program.buffers.indices.map { "%\($0)" }
        let roles = program.buffers.map { $0.role.rawValue }
        let shapes = program.buffers.map { ProgramPrinter.shape($0.shape) }
        let idWidth = ids.map(\.count).max() ?? 0
        let roleWidth = roles.map(\.count).max() ?? 0
        let shapeWidth = shapes.map(\.count).max() ?? 0
        for (index, decl) in program.buffers.enumerated() {
            var line = "  " + pad(ids[index], idWidth) + "  " + pad(roles[index], roleWidth)
                + "  " + pad(shapes[index], shapeWidth) + "  " + decl.name
            if !decl.initial.isEmpty { line += " = " + ProgramPrinter.values(decl.initial) }
            lines.append(line)
        }
    }

    private mutating func slots() {
        lines.append("inputs:")
        for slot in program.inputs {
            lines.append("  \(slot.node).\(slot.port) -> \(name(slot.buffer))")
        }
        lines.append("outputs:")
        for slot in program.outputs {
            lines.append("  \(slot.label) <- \(slice(slot.source))")
        }
    }

    private mutating func memoryPlan() {
        guard let plan = program.memoryPlan else { return }
        lines.append("memory plan:")
        // Temps no op mentions any more (fused or dead) keep a placement; say so.
        var mentioned = Set(program.outputs.map(\.source.buffer))
        program.forEachOp { op in mentioned.formUnion((op.reads + op.writes).map(\.buffer)) }
        for (id, offset) in plan {  // in id order
            let count = program.buffers.indices.contains(id.index) ? program[id].count : 0
            let note = mentioned.contains(id) ? "" : " (unused)"
            lines.append("  \(name(id)) @ \(offset)..<\(offset + count)\(note)")
        }
    }

    private mutating func block(_ title: String, _ ops: [Op]) {
        if ops.isEmpty { lines.append("\(title) {}"); return }
        lines.append("\(title) {")
        for op in ops { self.op(op, depth: 1) }
        lines.append("}")
    }

    // MARK: Ops

    mutating func op(_ op: Op, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        switch op {
        case .elementwise(let dst, let e):
            lines.append(indent + "\(slice(dst)) = \(expr(e).text)")
        case .elementwise2D(let dst, let rows, let columns, let e):
            lines.append(indent + "\(slice(dst)) = \(expr(e, columns: columns).text) "
                         + "for i in 0..<\(rows), j in 0..<\(columns)")
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            lines.append(indent + "\(slice(dst)) = \(slice(vector)) @ \(slice(matrix)) (\(rows)x\(columns))")
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            lines.append(indent + "\(slice(dst)) = \(slice(matrix)) (\(rows)x\(columns)) @ \(slice(vector))")
        case .reduce(let dst, let reduction, let e, let count):
            lines.append(indent + "\(slice(dst)) = \(ProgramPrinter.reduction(reduction))"
                         + "(\(expr(e).text) for i in 0..<\(count))")
        case .random(let dst, let distribution, let key, let counter):
            let draw: String
            switch distribution {
            case .uniform(let low, let high):
                draw = "uniform(low: \(low), high: \(high)"
            case .normal(let mean, let standardDeviation):
                draw = "normal(mean: \(mean), sd: \(standardDeviation)"
            }
            let keyText: String
            switch key {
            case .constant(let k): keyText = "\(k)"
            case .stream(let seed, let name): keyText = "stream(seed: \(element(seed)), name: \"\(name)\")"
            }
            lines.append(indent + "\(slice(dst)) = \(draw), key: \(keyText), counter: \(element(counter)))")
        case .append(let dst, let source, let counter):
            lines.append(indent + "append \(slice(source)) to \(slice(dst)) at row \(element(counter)), "
                         + "\(element(counter)) += 1")
        case .loop(let count, let body):
            nested(indent + "loop \(count) {", body, close: indent + "}", depth: depth)
        case .until(let flag, let maxIterations, let body):
            nested(indent + "repeat max \(maxIterations) {", body,
                   close: indent + "} until \(element(flag)) != 0", depth: depth)
        case .branch(let flag, let then, let otherwise):
            let open = indent + "if \(element(flag)) != 0 {"
            if otherwise.isEmpty {
                nested(open, then, close: indent + "}", depth: depth)
            } else {
                nested(open, then, close: nil, depth: depth)
                nested(indent + "} else {", otherwise, close: indent + "}", depth: depth)
            }
        }
    }

    /// `open`, the body one level deeper, `close`; an empty body with a plain `}` close
    /// prints on one line.
    private mutating func nested(_ open: String, _ body: [Op], close: String?, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        if body.isEmpty, close == indent + "}" { lines.append(open + "}"); return }
        lines.append(open)
        for op in body { self.op(op, depth: depth + 1) }
        if let close { lines.append(close) }
    }

    // MARK: Expressions

    /// Binding strength of printed text: higher binds tighter.
    enum Level: Int, Comparable {
        case additive, multiplicative, prefix, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// `columns` is nil in a 1-D op and the column count in an `elementwise2D`, where the
    /// iteration index is `i * columns + j`.
    func expr(_ e: Expr, columns: Int? = nil) -> (text: String, level: Level) {
        let flatIndex = columns.map { "i * \($0) + j" } ?? "i"
        switch e {
        case .constant(let value):
            // The sign bit, not `< 0`, decides: -0.0 prints with its minus.
            return ("\(value)", value.sign == .minus ? .prefix : .atom)
        case .element(let s):
            return (indexed(s, flatIndex), .atom)
        case .row(let s):
            return (indexed(s, "i"), .atom)
        case .column(let s):
            return (indexed(s, "j"), .atom)
        case .scalar(let s):
            return (element(s), .atom)
        case .index:
            return (flatIndex, columns == nil ? .atom : .additive)
        case .unary(let op, let a):
            let operand = expr(a, columns: columns)
            switch op {
            case .negate:
                return ("-" + wrap(operand, unless: operand.level == .atom), .prefix)
            case .abs, .exp, .log, .tanh, .sqrt, .cos, .floor:
                return ("\(op.rawValue)(\(operand.text))", .atom)
            }
        case .binary(let op, let a, let b):
            let left = expr(a, columns: columns), right = expr(b, columns: columns)
            let symbol: String, level: Level
            switch op {
            case .add: (symbol, level) = ("+", .additive)
            case .subtract: (symbol, level) = ("-", .additive)
            case .multiply: (symbol, level) = ("*", .multiplicative)
            case .divide: (symbol, level) = ("/", .multiplicative)
            case .pow, .max, .min:
                return ("\(op.rawValue)(\(left.text), \(right.text))", .atom)
            }
            // Left associative: a right operand of equal strength keeps its parentheses. A
            // negated operand is always wrapped, so `a - (-b)` never reads as `a - -b`.
            let lhs = wrap(left, unless: left.level >= level && left.level != .prefix)
            let rhs = wrap(right, unless: right.level > level && right.level != .prefix)
            return ("\(lhs) \(symbol) \(rhs)", level)
        case .select(let comparison, let a, let b, let then, let otherwise):
            let (lhs, rhs) = (expr(a, columns: columns).text, expr(b, columns: columns).text)
            return ("select(\(lhs) \(ProgramPrinter.symbol(comparison)) \(rhs), "
                    + "\(expr(then, columns: columns).text), \(expr(otherwise, columns: columns).text))", .atom)
        }
    }

    private func wrap(_ operand: (text: String, level: Level), unless keep: Bool) -> String {
        keep ? operand.text : "(\(operand.text))"
    }

    // MARK: Names and literals

    func name(_ id: BufferID) -> String {
        guard program.buffers.indices.contains(id.index), !program[id].name.isEmpty else {
            return id.description
        }
        return program[id].name
    }

    func slice(_ s: Slice) -> String { "\(name(s.buffer))[\(s.offset)..<\(s.end)]" }

    func element(_ s: Slice) -> String { "\(name(s.buffer))[\(s.offset)]" }

    /// `name[index]`, or `name[offset + index]` past the buffer's start.
    func indexed(_ s: Slice, _ index: String) -> String {
        "\(name(s.buffer))[\(s.offset == 0 ? index : "\(s.offset) + \(index)")]"
    }

    static func shape(_ shape: Shape?) -> String {
        switch shape {
        case nil: return "?"
        case .scalar?: return "scalar"
        case .vector(let n)?: return "[\(n)]"
        case .matrix(let rows, let columns)?: return "[\(rows)x\(columns)]"
        }
    }

    static func values(_ values: [Double]) -> String {
        if values.count <= shownValues + 2 {
            return "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
        let head = values.prefix(shownValues).map { "\($0)" }.joined(separator: ", ")
        return "[\(head), ... (\(values.count) values)]"
    }

    static func reduction(_ r: Reduction) -> String {
        switch r {
        case .sum, .product, .max, .min, .argmax, .maxVsNext: return r.rawValue
        }
    }

    static func symbol(_ c: Comparison) -> String {
        switch c {
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .equal: return "=="
        case .notEqual: return "!="
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
}
