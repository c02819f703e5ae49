/// What this version lowers, checked before lowering starts: anything a file can say but
/// lowering cannot do yet is a `notSupported` error naming its field, never ignored.
enum Support {
    /// Output ports lowered per node type (the others are known and rejected).
    static let loweredPorts: Set<String> = ["RESULT", "MEAN", "VARIANCE", "STANDARD_DEVIATION", "OUTCOME",
                                            "SUM", "SSE", "MSE", "ENERGY", "ENTROPY", "LEARNED_ENERGY", "MAX_VS_NEXT", "MAX_VS_AVG",
                                            "DECISION_INDEX", "DECISION_STEPS", "DECISION_TIME",
                                            "LEARNING_SIGNAL", "ERROR_SIGNAL"]

    static func check(_ model: Model, _ graph: ModelGraph) throws(ModelError) {
        for (i, node) in model.nodes.enumerated() {
            try check(node, graph.shapes[i], at: GraphResolver.nodePath(i))
        }
        if model.scheduler?.passTermination != nil {
            // graph_scheduler 0.21 checks only the trial and run termination conditions; a
            // pass condition would silently do nothing there.
            throw ModelError(.notSupported, at: JSONPath() / "scheduler" / "termination" / "pass",
                             "a pass termination condition cannot be compiled: PsyNeuLink 0.21's scheduler "
                                 + "never checks it", hint: "remove it, or end the trial with termination.trial")
        }
    }

    /// `path`, where an error points, is built only for an error (per node it was a part of
    /// lowering a large model, issue 13).
    static func check(_ node: Node, _ shape: ModelGraph.Shape, at path: @autoclosure () -> JSONPath) throws(ModelError) {
        switch node.type {
        case .recurrentTransferMechanism, .lcaMechanism:
            try checkRecurrent(node, shape, at: path())
        case .processingMechanism, .transferMechanism, .objectiveMechanism, .comparatorMechanism,
             .learningMechanism, .autoAssociativeLearningMechanism:
            break
        }
        for (k, port) in (node.outputPorts ?? []).enumerated() where !loweredPorts.contains(port) {
            throw ModelError(.notSupported, at: path() / "output_ports" / k, "output port \(port) is not supported yet",
                             hint: "supported: " + loweredPorts.sorted().joined(separator: ", "))
        }
        if case .softMax(let s)? = node.function, !s.perItem, shape.inputPorts.count > 1 {
            throw ModelError(.notSupported, at: path() / "function" / "per_item",
                             "SoftMax with per_item false over several input ports is not supported yet")
        }
    }

    /// What recurrent nodes cannot do yet: several input ports, a RANDOM
    /// matrix combined with auto/hetero.
    static func checkRecurrent(_ node: Node, _ shape: ModelGraph.Shape, at path: JSONPath) throws(ModelError) {
        if shape.inputPorts.count > 1 {
            throw ModelError(.notSupported, at: path / "default_variable",
                             "\(node.type.rawValue) with several input ports is not supported yet",
                             hint: "give one row (the recurrent projection maps the value onto itself)")
        }
        let r = node.recurrent ?? RecurrentParameters()
        if case .random? = r.matrix, r.auto != nil || r.hetero != nil {
            throw ModelError(.notSupported, at: path / "matrix",
                             "a RANDOM recurrent matrix with auto or hetero is not supported yet",
                             hint: "give an explicit matrix")
        }
    }
}
