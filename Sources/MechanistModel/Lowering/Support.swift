/// What this version lowers, checked before lowering starts: anything a file can say but
/// lowering cannot do yet is a `notSupported` error naming its field, never ignored.
enum Support {
    /// Output ports lowered per node type (the others are known and rejected).
    static let loweredPorts: Set<String> = ["RESULT", "MEAN", "VARIANCE", "STANDARD_DEVIATION", "OUTCOME",
                                            "SUM", "SSE", "MSE"]

    static func check(_ model: Model, _ graph: ModelGraph) throws(ModelError) {
        for (i, node) in model.nodes.enumerated() {
            try check(node, graph.shapes[i], at: GraphResolver.nodePath(i))
        }
        if let scheduler = model.scheduler, !scheduler.isEmpty {
            let (field, what) = !scheduler.conditions.isEmpty ? ("conditions", "scheduler conditions are")
                : !scheduler.resetStatefulFunctionWhen.isEmpty
                ? ("reset_stateful_function_when", "resetting stateful functions is")
                : ("termination", "scheduler termination conditions are")
            throw ModelError(.notSupported, at: JSONPath() / "scheduler" / field, "\(what) not supported yet",
                             hint: "every node runs once per trial, in topological order")
        }
        if !model.learning.isEmpty {
            throw ModelError(.notSupported, at: JSONPath() / "learning", "learning is not supported yet",
                             hint: "remove \"learning\" to run the model without it")
        }
    }

    static func check(_ node: Node, _ shape: ModelGraph.Shape, at path: JSONPath) throws(ModelError) {
        switch node.type {
        case .recurrentTransferMechanism, .lcaMechanism:
            throw ModelError(.notSupported, at: path / "type", "\(node.type.rawValue) is not supported yet",
                             hint: "it needs recurrence, which comes in a later version")
        case .processingMechanism, .transferMechanism, .objectiveMechanism, .comparatorMechanism:
            break
        }
        switch node.noise {
        case .normal?, .uniform?:
            throw ModelError(.notSupported, at: path / "noise", "noise distributions are not supported yet",
                             hint: "give a number or one number per element")
        case .constant?, nil:
            break
        }
        if node.terminationThreshold != nil {
            throw ModelError(.notSupported, at: path / "termination_threshold",
                             "executing until finished (termination_threshold) is not supported yet")
        }
        for (k, port) in (node.outputPorts ?? []).enumerated() where !loweredPorts.contains(port) {
            throw ModelError(.notSupported, at: path / "output_ports" / k, "output port \(port) is not supported yet",
                             hint: "supported: " + loweredPorts.sorted().joined(separator: ", "))
        }
        if case .softMax(let s)? = node.function, !s.perItem, shape.inputPorts.count > 1 {
            throw ModelError(.notSupported, at: path / "function" / "per_item",
                             "SoftMax with per_item false over several input ports is not supported yet")
        }
    }
}
