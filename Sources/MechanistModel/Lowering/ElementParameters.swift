import MechanistIR

extension LoweringContext {
    /// A per-element parameter as a function of (offset, count) giving the expression for
    /// that run of elements: a constant, or reads of a parameter buffer `base`; nil when not
    /// given.
    mutating func elementExpr(_ value: ParameterValue?, named base: String, count: Int) -> ((Int, Int) -> Expr)? {
        guard let value else { return nil }
        if let x = value.scalarValue { return { _, _ in .constant(x) } }
        let values = value.elements(count: count)
        if let first = values.first, values.allSatisfy({ $0 == first }) { return { _, _ in .constant(first) } }
        let buffer = buffer(base, .parameter, .vector(count), initial: values)
        return { offset, n in .element(Slice(buffer.buffer, offset: offset, count: n)) }
    }
}

extension ParameterValue {
    /// The values of `count` elements: a number repeated, or the values row by row.
    func elements(count: Int) -> [Double] {
        if let x = scalarValue { return [Double](repeating: x, count: count) }
        return flattened
    }
}
