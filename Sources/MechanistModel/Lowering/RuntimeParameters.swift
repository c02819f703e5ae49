import MechanistIR

extension LoweringContext {
    /// A node's numeric field as a runtime parameter `name`, as a function of (offset, count)
    /// giving the expression for that run of elements: one number is read (broadcast) from a
    /// scalar buffer, a vector element by element; nil when not given.
    mutating func parameterExpr(_ value: ParameterValue?, named name: String, count: Int) -> ((Int, Int) -> Expr)? {
        guard let value else { return nil }
        if let x = value.scalarValue {
            let slice = parameter(name, [x])
            return { _, _ in .scalar(slice) }
        }
        let values = value.elements(count: count)
        let slice = parameter(name, values)
        return { offset, n in .element(Slice(slice.buffer, offset: slice.offset + offset, count: n)) }
    }

    /// A scalar runtime parameter `name` holding `value`, read as a broadcast scalar.
    mutating func scalarParameter(_ name: String, _ value: Double) -> Expr { .scalar(parameter(name, [value])) }
}

/// The recurrent matrix of the RecurrentTransferMechanism or LCAMechanism `node`, as lowering
/// builds it from the model's fields (row-major); nil for a RANDOM one, an unknown node or a
/// model that does not validate. The host writes it when `competition`, `self_excitation`,
/// `auto` or `hetero` change, so the matrix is bitwise the one a model file would give.
package func recurrentMatrixValues(of name: String, in model: Model) -> [Double]? {
    guard let i = model.nodes.firstIndex(where: { $0.name == name }), LoweringContext.isRecurrent(model.nodes[i].type),
          let graph = try? model.expandingLearning().graph(),
          let j = graph.indexByName[name] else { return nil }
    return RecurrentMatrix(model.nodes[i], size: graph.shapes[j].inputPorts[0].size).values
}
