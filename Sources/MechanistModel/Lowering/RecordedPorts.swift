/// The ports the host records (`--record node.PORT`), resolved against the model.
///
/// A node may be recorded at any output port its type has (`NodeType.standardOutputPorts`
/// that lowering computes), not only those its `output_ports` list: such a port is added to
/// the node's shape after the listed ones, so lowering computes it as if it were listed, while
/// the listed ports keep their indices and the node's results (an OUTPUT node's ports) stay
/// the listed ones.
struct RecordedPorts {
    /// Per reference, in order: (node index, output port index, the port's name as the user
    /// wrote it, so `obj.RESULT` is recorded under RESULT as PsyNeuLink's runner does).
    var resolved: [(node: Int, port: Int, label: String)] = []
    /// Per node, how many output ports its file lists (or its defaults): the ports that are
    /// its results when it is an OUTPUT node.
    let declaredPortCounts: [Int]

    /// Resolves `refs`, adding to `graph` the ports they need that the nodes do not list;
    /// errors name the option the references came from (`flag`).
    init(_ refs: [PortReference], model: Model, graph: inout ModelGraph, flag: String = "--record")
        throws(ModelError) {
        declaredPortCounts = graph.shapes.map { $0.outputPorts.count }  // a closure: this two-step key path copied every shape
        for ref in refs {
            let (node, port) = try Self.node(of: ref, model: model, graph: graph, flag: flag)
            let shape = graph.shapes[node]
            if let k = ModelGraph.outputPortIndex(port, in: shape) {
                resolved.append((node, k, port ?? shape.outputPorts[k].name))
                continue
            }
            let name = port ?? ""
            let type = model.nodes[node].type
            let recordable = Self.recordablePorts(of: type, shape: shape)
            guard type.standardOutputPorts.contains(name) else {
                throw ModelError(.unknownReference, at: JSONPath(),
                                 "\(flag) \(ref): node \"\(model.nodes[node].name)\" has no output port \"\(name)\"",
                                 hint: "\(type.rawValue)'s ports: " + recordable.joined(separator: ", "))
            }
            guard Support.loweredPorts.contains(name) else {
                throw ModelError(.notSupported, at: JSONPath(),
                                 "\(flag) \(ref): output port \(name) is not supported yet",
                                 hint: "\(type.rawValue)'s ports: " + recordable.joined(separator: ", "))
            }
            graph.shapes[node].outputPorts.append(GraphResolver.standardPort(name, valueRows: shape.valueRows))
            resolved.append((node, shape.outputPorts.count, name))
        }
    }

    /// The node a reference names, and the port: a node name may itself contain dots, so a
    /// Swift-built `PortReference(node: "a", port: "b")` may mean the node "a.b".
    private static func node(of ref: PortReference, model: Model, graph: ModelGraph, flag: String)
        throws(ModelError) -> (Int, String?) {
        if let i = graph.indexByName[ref.node] { return (i, ref.port) }
        if let p = ref.port, let i = graph.indexByName["\(ref.node).\(p)"] { return (i, nil) }
        let names = model.nodes.map(\.name)
        var hint = "nodes: " + names.joined(separator: ", ")
        if let near = closestMatch(ref.node, among: names) { hint = "did you mean \"\(near)\"? " + hint }
        throw ModelError(.unknownReference, at: JSONPath(), "\(flag) \(ref): no node named \"\(ref.node)\"",
                         hint: hint)
    }

    /// The ports a node of `type` can record: those it has, then the others its type has that
    /// lowering computes.
    static func recordablePorts(of type: NodeType, shape: ModelGraph.Shape) -> [String] {
        let listed = shape.outputPorts.map(\.name)
        return listed + type.standardOutputPorts.filter { Support.loweredPorts.contains($0) && !listed.contains($0) }
    }
}
