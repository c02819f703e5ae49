import MechanistIR

/// Where a function emits its ops: the program builder, and names unique in the program for
/// the temps and parameters it declares. The lowering context is one; a test can make one
/// around a bare builder.
protocol FunctionEmitter {
    var builder: ProgramBuilder { get set }

    /// `base`, or `base#2`, `base#3`, ... if taken; the name is taken from then on.
    mutating func uniqueName(_ base: String) -> String
}

extension FunctionEmitter {
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
