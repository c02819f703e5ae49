import MechanistIR

/// Where a function emits its ops: the program builder, and names unique in the program for
/// the temps and parameters it declares. The lowering context is one; a test can make one
/// around a bare builder.
protocol FunctionEmitter {
    var builder: ProgramBuilder { get set }

    /// `base`, or `base#2`, `base#3`, ... if taken; the name is taken from then on.
    mutating func uniqueName(_ base: String) -> String

    /// The runtime parameter `name` (`hidden.function.gain`): a `parameter` buffer holding
    /// `values`, declared once and read by every emission that asks for the same name, so
    /// that the host can set it by name (`Executable.setParameter`). The lowering context
    /// records it; the default declares a fresh buffer (a test's bare emitter).
    mutating func parameter(_ name: String, _ values: [Double]) -> Slice

    /// The runtime parameters `<node>.function.<field>` of a function with these fields (the
    /// lowering context remembers them per node: a mechanism's function is emitted for its
    /// initialization and again for its execution).
    mutating func functionParameters(_ fields: [(name: String, value: Double)], node: String) -> FunctionParameters
}

/// A function's numeric parameters as expressions, by the field names of the model file
/// (`gain`, `x_0`): reads of runtime parameter buffers when lowered, or constants where a
/// formula is evaluated on its own. A formula written over them computes, at run time, the
/// same operations in the same order as PsyNeuLink's Python does with the numbers.
struct FunctionParameters {
    /// A function's few fields, looked up by a scan (a dictionary per node emitted was a
    /// good part of lowering a large model); the first of a repeated name counts.
    private var values: [(name: String, expr: Expr)]

    init(_ values: [(name: String, expr: Expr)]) { self.values = values }

    /// Each field as a constant.
    static func constants(_ fields: [(name: String, value: Double)]) -> FunctionParameters {
        FunctionParameters(fields.map { ($0.name, Expr.constant($0.value)) })
    }

    /// The same fields reading the mapped buffers (`LoweredParts`).
    func renumbered(_ map: (BufferID) -> BufferID) -> FunctionParameters {
        FunctionParameters(values.map { ($0.name, $0.expr.renumbered(map)) })
    }

    /// Whether these are the parameters of exactly these fields, in this order.
    func hasFields(_ fields: [(name: String, value: Double)]) -> Bool {
        values.lazy.map(\.name).elementsEqual(fields.lazy.map(\.name))
    }

    /// The field's expression. Every field a function reads is in its `parameterFields`; a
    /// missing one reads NaN, which no test can miss.
    subscript(_ field: String) -> Expr { values.first { $0.name == field }?.expr ?? .constant(.nan) }
}

extension FunctionEmitter {
    mutating func parameter(_ name: String, _ values: [Double]) -> Slice {
        buffer(name, .parameter, values.count == 1 ? .scalar : .vector(values.count), initial: values)
    }

    mutating func functionParameters(_ fields: [(name: String, value: Double)], node: String) -> FunctionParameters {
        declareFunctionParameters(fields, node: node)
    }

    /// The runtime parameters `<node>.function.<field>` of a function with these fields.
    mutating func declareFunctionParameters(_ fields: [(name: String, value: Double)], node: String)
        -> FunctionParameters {
        // A repeated field reads the same buffer (`parameter` declares a name once).
        FunctionParameters(fields.map { field in
            (field.name, .scalar(parameter(BufferNames.joined(node, ".function.", field.name), [field.value])))
        })
    }

    /// Declares a buffer under a unique name derived from `base`.
    mutating func buffer(_ base: String, _ role: BufferRole, _ shape: Shape, initial: [Double] = []) -> Slice {
        let name = uniqueName(base)
        return builder.buffer(name, role, shape, initial: initial)
    }

    /// A slice holding `expr` over `count` elements: the expression's own slice when it is a
    /// plain read, else a temp named from `base`.
    mutating func materialize(_ expr: Expr, count: Int, named base: String) -> Slice {
        if case .element(let s) = expr { return s }
        let temp = buffer(base, .temp, .vector(count))
        builder.assign(temp, expr)
        return temp
    }

    /// A coefficient (weight, exponent, scale, offset) as an expression: a constant when it
    /// is one number or all its numbers are equal, else a read of a parameter buffer `name`
    /// holding them (one per element); nil when not given.
    mutating func coefficient(_ value: ParameterValue?, named name: String) -> Expr? {
        guard let value else { return nil }
        if let x = value.scalarValue { return .constant(x) }
        let values = value.flattened
        if let first = values.first, values.allSatisfy({ $0 == first }) { return .constant(first) }
        return .element(buffer(name, .parameter, .vector(values.count), initial: values))
    }
}
