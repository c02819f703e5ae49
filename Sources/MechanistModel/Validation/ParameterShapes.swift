extension GraphResolver {
    /// Per-element parameters must match the shape they apply to.
    func checkParameterShapes(_ shapes: [ModelGraph.Shape]) throws(ModelError) {
        for (i, node) in model.nodes.enumerated() {
            let path = Self.nodePath(i)
            let shape = shapes[i]
            let rows = shape.inputPorts.map(\.size)
            if let v = node.integrationRate { try elementShape(v, rows: rows, at: path / "integration_rate") }
            if let v = node.initialValue { try elementShape(v, rows: rows, at: path / "initial_value") }
            if case .constant(let v)? = node.noise { try elementShape(v, rows: rows, at: path / "noise") }
            switch node.function {
            case .linearCombination(let c)?:
                try combinationShapes(c, ports: rows, at: path / "function")
            case .reduce(let r)?:
                for (field, value) in [("weights", r.weights), ("exponents", r.exponents)] {
                    if case .vector(let v)? = value, let bad = rows.first(where: { $0 != v.count }) {
                        throw ModelError(.shapeMismatch, at: path / "function" / field,
                                         "\(v.count) values for a row of \(bad) (give a number or one per element)")
                    }
                }
            case nil, .linear?, .logistic?, .tanh?, .relu?, .exponential?, .gaussian?, .softMax?:
                break
            }
            if let n = rows.first {
                try checkRecurrentShapes(node, size: n, at: path)
                if case .linearCombination(let c)? = node.recurrent?.combinationFunction {
                    // It combines the EXTERNAL and RECURRENT ports, both of the node's size.
                    try combinationShapes(c, ports: [n, n], at: path / "combination_function")
                }
            }
        }
    }

    /// A recurrent matrix is n x n (n = the node's size, PsyNeuLink's recurrent_size); `auto`
    /// is a number or one value per unit; `hetero` a number or an n x n matrix.
    func checkRecurrentShapes(_ node: Node, size n: Int, at path: JSONPath) throws(ModelError) {
        guard let r = node.recurrent else { return }
        // Ragged, of n rows: name the row of the wrong length.
        if case .explicit(let m)? = r.matrix, m.count == n, Set(m.map(\.count)).count > 1,
           let row = m.firstIndex(where: { $0.count != n }) {
            throw ModelError(.shapeMismatch, at: path / "matrix" / row,
                             "row \(row) of the recurrent matrix of \"\(node.name)\" has \(m[row].count) "
                             + "value\(m[row].count == 1 ? "" : "s"); every row needs \(n) (square, the node's size)")
        }
        if case .explicit(let m)? = r.matrix, m.count != n || m.contains(where: { $0.count != n }) {
            let columns = Set(m.map(\.count)).sorted().map(String.init).joined(separator: "/")
            throw ModelError(.shapeMismatch, at: path / "matrix",
                             "the recurrent matrix of \"\(node.name)\" is \(m.count)x\(columns) but must be \(n)x\(n) "
                             + "(square, the node's size)")
        }
        switch r.auto {
        case nil, .scalar?:
            break
        case .vector(let v)?:
            if v.count != 1 && v.count != n {
                throw ModelError(.shapeMismatch, at: path / "auto",
                                 "\(v.count) values for \(n) units (give a number or one value per unit)")
            }
        case .matrix?:
            throw ModelError(.invalidValue, at: path / "auto", "expected a number or one value per unit")
        }
        switch r.hetero {
        case nil, .scalar?:
            break
        case .vector(let v)?:
            if v.count != 1 {
                throw ModelError(.shapeMismatch, at: path / "hetero",
                                 "expected a number or an \(n)x\(n) matrix, got a list of \(v.count) values")
            }
        case .matrix(let m)?:
            if m.count != n || m.contains(where: { $0.count != n }) {
                throw ModelError(.shapeMismatch, at: path / "hetero",
                                 "the hetero matrix of \"\(node.name)\" must be \(n)x\(n)")
            }
        }
    }

    /// A number; one value per element (all rows flattened, or one row's worth when there is
    /// one row); or one row per input port.
    func elementShape(_ value: ParameterValue, rows: [Int], at path: JSONPath) throws(ModelError) {
        let total = rows.reduce(0, +)
        switch value {
        case .scalar:
            return
        case .vector(let v):
            if v.count != total {
                throw ModelError(.shapeMismatch, at: path,
                                 "\(v.count) values for \(total) elements (give a number or one value per element)")
            }
        case .matrix(let m):
            if m.count != rows.count || zip(m, rows).contains(where: { $0.0.count != $0.1 }) {
                throw ModelError(.shapeMismatch, at: path,
                                 "rows of sizes \(m.map { String($0.count) }.joined(separator: ", ")) "
                                 + "for input ports of sizes "
                                 + rows.map(String.init).joined(separator: ", "))
            }
        }
    }

    /// A LinearCombination over input ports of sizes `ports` (equal, as it combines them
    /// elementwise): its coefficients fit them.
    func combinationShapes(_ c: LinearCombination, ports: [Int], at path: JSONPath) throws(ModelError) {
        try portCoefficients(c.weights, ports: ports, at: path / "weights")
        try portCoefficients(c.exponents, ports: ports, at: path / "exponents")
        for (field, value) in [("scale", c.scale), ("offset", c.offset)] {
            if case .vector(let v) = value, let size = ports.first, v.count != 1 && v.count != size {
                throw ModelError(.shapeMismatch, at: path / field,
                                 "\(v.count) values for a result of \(size) (give a number or one value per element)")
            }
        }
    }

    /// LinearCombination weights/exponents: a number; a list of one number per port; or a
    /// list of one row per port, each a number or one value per element. A list with one
    /// entry (a number, or a row) applies to every port, as numpy broadcasts it.
    func portCoefficients(_ value: ParameterValue?, ports: [Int], at path: JSONPath) throws(ModelError) {
        switch value {
        case nil, .scalar?:
            return
        case .vector(let v)?:
            if v.count != 1 && v.count != ports.count {
                throw ModelError(.shapeMismatch, at: path,
                                 "\(v.count) values for \(ports.count) input ports (one per port, or one for all)")
            }
        case .matrix(let m)?:
            if m.count != 1 && m.count != ports.count {
                throw ModelError(.shapeMismatch, at: path,
                                 "\(m.count) rows for \(ports.count) input ports (one per port, or one for all)")
            }
            for (k, row) in m.enumerated() where row.count != 1 && row.count != ports[k] {
                throw ModelError(.shapeMismatch, at: path / k,
                                 "\(row.count) values for a port of \(ports[k]) (give one, or one per element)")
            }
        }
    }
}
