extension GraphResolver {
    /// The ports and value rows of node `i` (memoized). An ObjectiveMechanism's or
    /// ComparatorMechanism's ports take their sizes from the ports they read.
    mutating func shape(of i: Int) throws(ModelError) -> ModelGraph.Shape {
        if let known = shapes[i] { return known }
        let node = model.nodes[i]
        let path = Self.nodePath(i)
        if resolving.contains(i) {
            throw ModelError(.cycle, at: path, "node \"\(node.name)\" monitors itself through its monitored ports",
                             hint: "cycles need recurrence, which is not supported yet")
        }
        resolving.insert(i)
        defer { resolving.remove(i) }
        let shape: ModelGraph.Shape
        switch node.type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            shape = try transferShape(node, at: path)
        case .objectiveMechanism:
            shape = try objectiveShape(node, at: path)
        case .comparatorMechanism:
            shape = try comparatorShape(node, at: path)
        case .learningMechanism:
            shape = try learningMechanismShape(node, at: path)
        case .autoAssociativeLearningMechanism:
            shape = try autoAssociativeShape(node, at: path)
        }
        shapes[i] = shape
        return shape
    }

    func transferShape(_ node: Node, at path: JSONPath) throws(ModelError) -> ModelGraph.Shape {
        // PsyNeuLink's default variable is [[0]]: one port of one value.
        let rows = node.defaultVariable?.map(\.count) ?? [node.size ?? 1]
        let inputs = rows.enumerated().map { ModelGraph.InputPort(name: "InputPort-\($0.offset)", size: $0.element) }
        let valueRows: [Int]
        switch node.function {
        case .reduce?:
            // One number per input port, in one row: PsyNeuLink's `np.sum(variable, axis=1)`.
            valueRows = [rows.count]
        case .linearCombination?:
            guard rows.allSatisfy({ $0 == rows[0] }) else {
                throw ModelError(.shapeMismatch, at: path / "function",
                                 "LinearCombination combines the input ports elementwise, but they have sizes "
                                 + rows.map(String.init).joined(separator: ", "))
            }
            valueRows = [rows[0]]
        case nil, .linear?, .logistic?, .tanh?, .relu?, .exponential?, .gaussian?, .softMax?:
            valueRows = rows
        }
        let outputs: [ModelGraph.OutputPort]
        if let names = node.outputPorts {
            outputs = names.map { Self.standardPort($0, valueRows: valueRows) }
        } else if node.type == .processingMechanism || valueRows.count == 1 {
            // A ProcessingMechanism reports its first value row only (PsyNeuLink's OutputPort-0).
            outputs = [ModelGraph.OutputPort(name: "RESULT", size: valueRows[0], row: 0)]
        } else {
            // A TransferMechanism has one RESULT port per value row.
            outputs = valueRows.enumerated().map {
                ModelGraph.OutputPort(name: "RESULT-\($0.offset)", size: $0.element, row: $0.offset)
            }
        }
        return ModelGraph.Shape(inputPorts: inputs, valueRows: valueRows, outputPorts: outputs)
    }

    /// A standard output port by keyword: RESULT reports value row 0; statistics are one
    /// number; one-hot style ports have row 0's size.
    static func standardPort(_ name: String, valueRows: [Int]) -> ModelGraph.OutputPort {
        switch name {
        case "RESULT", "OUTCOME":
            return ModelGraph.OutputPort(name: name, size: valueRows[0], row: 0)
        case "MAX_VAL", "MAX_ABS_VAL", "MAX_INDICATOR", "MAX_ABS_INDICATOR", "PROB":
            return ModelGraph.OutputPort(name: name, size: valueRows[0], row: nil)
        default:
            return ModelGraph.OutputPort(name: name, size: 1, row: nil)
        }
    }

    mutating func objectiveShape(_ node: Node, at path: JSONPath) throws(ModelError) -> ModelGraph.Shape {
        let monitor = node.monitor ?? []
        if let rows = node.defaultVariable, rows.count != monitor.count {
            throw ModelError(.shapeMismatch, at: path / "default_variable",
                             "\(rows.count) rows for \(monitor.count) monitored ports (one row per monitored port)")
        }
        var inputs: [ModelGraph.InputPort] = []
        for (k, m) in monitor.enumerated() {
            let p = path / "monitor" / k
            let (j, q) = try outputPort(m.port, at: m.weight == nil && m.exponent == nil && m.matrix == nil
                                        && m.variable == nil ? p : p / "port")
            let senderSize = try shape(of: j).outputPorts[q].size
            // An explicit matrix shapes the port as PsyNeuLink does: its columns are the port's size.
            var matrixColumns: Int?
            if case .explicit(let rows)? = m.matrix { matrixColumns = rows.first?.count }
            let size = m.variable?.count ?? node.defaultVariable?[k].count ?? matrixColumns ?? node.size ?? senderSize
            inputs.append(ModelGraph.InputPort(name: "InputPort-\(k)", size: size))
        }
        guard let first = inputs.first else {
            throw ModelError(.invalidValue, at: path / "monitor", "expected a non-empty list")
        }
        if let other = inputs.first(where: { $0.size != first.size }) {
            throw ModelError(.shapeMismatch, at: path / "monitor",
                             "the monitored ports have sizes \(first.size) and \(other.size); "
                             + "LinearCombination combines them elementwise",
                             hint: "give a monitor entry a \"variable\" (and \"matrix\") to reshape its port")
        }
        let outputs = (node.outputPorts ?? ["OUTCOME"]).map { Self.standardPort($0, valueRows: [first.size]) }
        return ModelGraph.Shape(inputPorts: inputs, valueRows: [first.size], outputPorts: outputs)
    }

    mutating func comparatorShape(_ node: Node, at path: JSONPath) throws(ModelError) -> ModelGraph.Shape {
        guard let sample = node.sample, let target = node.target else {
            throw ModelError(.missingField, at: path, "missing required field \"sample\" or \"target\"")
        }
        let (js, qs) = try outputPort(sample, at: path / "sample")
        let (jt, qt) = try outputPort(target, at: path / "target")
        let sampleSize = try shape(of: js).outputPorts[qs].size
        let targetSize = try shape(of: jt).outputPorts[qt].size
        if sampleSize != targetSize {
            throw ModelError(.shapeMismatch, at: path / "target",
                             "TARGET \"\(target)\" has \(targetSize) values but SAMPLE \"\(sample)\" has \(sampleSize)",
                             hint: "a ComparatorMechanism compares equal sizes")
        }
        let inputs = [ModelGraph.InputPort(name: "SAMPLE", size: sampleSize),
                      ModelGraph.InputPort(name: "TARGET", size: targetSize)]
        let outputs = (node.outputPorts ?? ["OUTCOME"]).map { Self.standardPort($0, valueRows: [sampleSize]) }
        return ModelGraph.Shape(inputPorts: inputs, valueRows: [sampleSize], outputPorts: outputs)
    }
}
