extension GraphResolver {
    /// An AutoAssociativeLearningMechanism's one port LEARNING_SIGNAL: the change of its
    /// mechanism's n x n recurrent matrix, row by row. No input ports (it reads the
    /// mechanism's output directly, as HebbianLowering does).
    mutating func autoAssociativeShape(_ node: Node, at path: JSONPath) throws(ModelError) -> ModelGraph.Shape {
        guard let spec = node.autoAssociative else {
            throw ModelError(.invalidValue, at: path / "type", "AutoAssociativeLearningMechanism nodes are created by "
                             + "enable_learning, not written in a model",
                             hint: "set \"enable_learning\": true on the RecurrentTransferMechanism")
        }
        guard let r = lookup(PortReference(node: spec.mechanism))?.0 else {
            throw unknownNode(PortReference(node: spec.mechanism), at: path)
        }
        let n = try shape(of: r).inputPorts.first?.size ?? 0
        let count = spec.learningRate.flattened.count
        let valid: Bool
        switch spec.learningRate {
        case .scalar: valid = true
        case .vector: valid = count == n
        case .matrix(let m): valid = m.count == n && m.allSatisfy { $0.count == n }
        }
        guard valid, spec.learningRate.flattened.allSatisfy(\.isFinite) else {
            throw ModelError(.invalidValue, at: GraphResolver.nodePath(model.nodes.firstIndex { $0.name == spec.mechanism } ?? 0)
                             / "learning_rate",
                             "expected a number, \(n) numbers or a \(n) x \(n) matrix for the Hebbian learning rate")
        }
        let names = node.outputPorts ?? ["LEARNING_SIGNAL"]
        return ModelGraph.Shape(inputPorts: [], valueRows: [n * n],
                                outputPorts: names.map { ModelGraph.OutputPort(name: $0, size: n * n, row: 0) })
    }


    /// A LearningMechanism's ports: LEARNING_SIGNAL (the weight change of its projection,
    /// rows x columns flattened row by row) and ERROR_SIGNAL (the delta of the projection's
    /// receiver, one value per receiving unit). Its value holds both, in that order, as
    /// PsyNeuLink's `[learning_signal, error_signal]`; it has no input ports of its own.
    mutating func learningMechanismShape(_ node: Node, at path: JSONPath) throws(ModelError) -> ModelGraph.Shape {
        guard let spec = node.learningMechanism else {
            throw ModelError(.invalidValue, at: path / "type", "LearningMechanism nodes are created by learning "
                             + "pathways, not written in a model", hint: "list the pathway under \"learning\"")
        }
        guard let (p, projection) = model.projections.enumerated().first(where: { $0.element.resolvedName == spec.projection })
        else {
            throw ModelError(.unknownReference, at: path, "LearningMechanism \"\(node.name)\" learns projection "
                             + "\"\(spec.projection)\", which the model does not have")
        }
        let at = JSONPath() / "projections" / p
        let (sender, senderPort) = try outputPort(projection.sender, at: at / "sender")
        let rows = try shape(of: sender).outputPorts[senderPort].size
        guard let (receiver, port) = lookup(projection.receiver) else { throw unknownNode(projection.receiver, at: at / "receiver") }
        let receiverShape = try shape(of: receiver)
        let columns = ModelGraph.inputPortIndex(port, in: receiverShape).map { receiverShape.inputPorts[$0].size } ?? 0
        let errorSize = receiverShape.outputPorts.first?.size ?? columns
        let names = node.outputPorts ?? ["LEARNING_SIGNAL", "ERROR_SIGNAL"]
        let outputs = names.map { name in
            name == "ERROR_SIGNAL" ? ModelGraph.OutputPort(name: name, size: errorSize, row: 1)
                : ModelGraph.OutputPort(name: name, size: rows * columns, row: 0)
        }
        return ModelGraph.Shape(inputPorts: [], valueRows: [rows * columns, errorSize], outputPorts: outputs)
    }
}
