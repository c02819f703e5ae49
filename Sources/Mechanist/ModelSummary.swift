import Foundation
import MechanistIR
import MechanistModel

/// What `mechanist check` and `mechanist graph` show of a model: nodes with their type, size
/// and roles, and projections with their matrices' shapes — read off the lowered model, so
/// it shows what will run.
package struct ModelSummary: Sendable {
    package struct NodeInfo: Sendable {
        package var name: String
        package var type: String
        package var size: Int
        package var function: String
        package var roles: [String]
    }

    package struct Edge: Sendable {
        package var name: String
        package var sender: String
        package var receiver: String
        package var rows: Int
        package var columns: Int
        package var matrix: String
    }

    package var name: String
    package var nodes: [NodeInfo]
    package var edges: [Edge]

    package init(_ model: Model) throws {
        try self.init(model, lowered: try lower(model))
    }

    /// The summary of `model` read off `lowered`, its lowering with default options (`check`
    /// lowers once for the summary and the pipeline).
    package init(_ model: Model, lowered: LoweredModel) throws {
        // Learning pathways as the nodes they become (TARGET, Comparator, LearningMechanisms).
        let model = try model.expandingLearning()
        let program = lowered.program
        name = model.name
        // INPUT and OUTPUT nodes, lowering's lists in the model's order, matched by position
        // (a set of each list's names hashed them all, issue 13), by name where that fails.
        let inputs = lowered.inputs.map(\.node), outputs = lowered.outputNodes
        var isInput = [Bool](repeating: false, count: model.nodes.count)
        var isOutput = isInput
        var nextInput = 0, nextOutput = 0
        for (i, node) in model.nodes.enumerated() {
            if nextInput < inputs.count && inputs[nextInput] == node.name { isInput[i] = true; nextInput += 1 }
            if nextOutput < outputs.count && outputs[nextOutput] == node.name { isOutput[i] = true; nextOutput += 1 }
        }
        if nextInput < inputs.count || nextOutput < outputs.count {
            let inputNodes = Set(inputs), outputNodes = Set(outputs)
            isInput = model.nodes.map { inputNodes.contains($0.name) }
            isOutput = model.nodes.map { outputNodes.contains($0.name) }
        }
        // By position where it holds (lowering lists states in the model's node order, and
        // the projections' matrices first, in projection order), else by name: building two
        // dictionaries of every node and projection name was most of the summary (issue 13),
        // and one scan per node or projection was quadratic in the model.
        let states = lowered.states
        let statesInOrder = states.count == model.nodes.count
            && states.indices.allSatisfy { states[$0].node == model.nodes[$0].name }
        var valueBuffers: [String: BufferID] = [:]
        if !statesInOrder {
            for state in states where valueBuffers[state.node] == nil { valueBuffers[state.node] = state.buffers.first }
        }
        let weightList = lowered.weights
        var weightsByName: [String: WeightMatrix]?
        func weight(named name: String, position: Int?) -> WeightMatrix? {
            if let position, position < weightList.count, weightList[position].name == name { return weightList[position] }
            if weightsByName == nil {
                var table: [String: WeightMatrix] = [:]
                table.reserveCapacity(weightList.count)
                for weight in weightList where table[weight.name] == nil { table[weight.name] = weight }
                weightsByName = table
            }
            return weightsByName?[name]
        }
        nodes = model.nodes.indices.map { i in
            let node = model.nodes[i]
            let value = statesInOrder ? states[i].buffers.first : valueBuffers[node.name]
            var roles: [String] = []
            if isInput[i] { roles.append("INPUT") }
            if isOutput[i] { roles.append("OUTPUT") }
            let learningRoles = (node.roles ?? []).filter { !$0.isWritable }.map(\.rawValue)
            if roles.isEmpty && learningRoles.isEmpty { roles.append("INTERNAL") }
            roles += learningRoles
            return NodeInfo(name: node.name, type: node.type.rawValue, size: value.map { program[$0].count } ?? 0,
                            function: node.function.map { "\($0)" } ?? "default", roles: roles)
        }
        edges = model.projections.indices.map { p in
            let projection = model.projections[p]
            // Each spelled once (`resolvedName` spells both ends again when it has no name).
            let sender = projection.sender.description, receiver = projection.receiver.description
            let name = projection.name ?? sender + "->" + receiver
            let weight = weight(named: name, position: p)
            let matrix = projection.matrix.map { $0.keyword ?? "explicit" } ?? "default"
            return Edge(name: name, sender: sender,
                        receiver: receiver, rows: weight?.rows ?? 0,
                        columns: weight?.columns ?? 0, matrix: matrix)
        }
        // A recurrent mechanism's own projection (its weight is named after the node).
        for node in model.nodes where node.type == .recurrentTransferMechanism || node.type == .lcaMechanism {
            guard let weight = weight(named: node.name, position: nil) else { continue }
            edges.append(Edge(name: "\(node.name) (recurrent)", sender: node.name, receiver: node.name,
                              rows: weight.rows, columns: weight.columns, matrix: "recurrent"))
        }
        // A LearningMechanism reads its activations and errors and modulates its projection
        // (PsyNeuLink's show_graph(show_learning=True) draws these dashed).
        for node in model.nodes {
            guard let spec = node.learningMechanism else { continue }
            edges.append(Edge(name: "ACTIVATION_INPUT", sender: spec.activationInput.node, receiver: node.name,
                              rows: 0, columns: 0, matrix: "learning"))
            edges.append(Edge(name: "ACTIVATION_OUTPUT", sender: spec.activationOutput.node, receiver: node.name,
                              rows: 0, columns: 0, matrix: "learning"))
            for source in spec.errorSources {
                switch source {
                case .objective(let comparator, _):
                    edges.append(Edge(name: "ERROR_SIGNAL", sender: comparator, receiver: node.name,
                                      rows: 0, columns: 0, matrix: "learning"))
                case .learningMechanism(let next, _):
                    edges.append(Edge(name: "ERROR_SIGNAL", sender: next, receiver: node.name,
                                      rows: 0, columns: 0, matrix: "learning"))
                }
            }
            let projection = model.projections.first { $0.resolvedName == spec.projection }
            edges.append(Edge(name: "LEARNING_SIGNAL -> \(spec.projection)", sender: node.name,
                              receiver: projection?.receiver.node ?? spec.activationOutput.node,
                              rows: 0, columns: 0, matrix: "learning"))
        }
        // An AutoAssociativeLearningMechanism reads its mechanism's output and modulates its
        // recurrent matrix.
        for node in model.nodes {
            guard let spec = node.autoAssociative else { continue }
            edges.append(Edge(name: "ACTIVATION_INPUT", sender: spec.mechanism, receiver: node.name,
                              rows: 0, columns: 0, matrix: "learning"))
            edges.append(Edge(name: "LEARNING_SIGNAL -> \(spec.mechanism) (recurrent)", sender: node.name,
                              receiver: spec.mechanism, rows: 0, columns: 0, matrix: "learning"))
        }
        // ObjectiveMechanism monitors and ComparatorMechanism ports are projections too.
        for node in model.nodes {
            for spec in node.monitor ?? [] {
                edges.append(Edge(name: "monitor \(spec.port)", sender: spec.port.description, receiver: node.name,
                                  rows: 0, columns: 0, matrix: "monitor"))
            }
            for (port, ref) in [("SAMPLE", node.sample), ("TARGET", node.target)] {
                guard let ref else { continue }
                edges.append(Edge(name: "\(port) \(ref)", sender: ref.description, receiver: node.name,
                                  rows: 0, columns: 0, matrix: "identity"))
            }
        }
    }

    /// A plain-text summary.
    package func text() -> String {
        // UTF-8 bytes appended into one buffer, made a String once: a line built by
        // interpolation and a list of lines joined at the end cost several allocations per
        // node, and even `String +=` checks each join for a combining character (issue 13).
        var out: [UInt8] = []
        out.reserveCapacity(64 * (nodes.count + edges.count + 2))
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        put("model \(name): \(nodes.count) nodes, \(edges.count) projections\nnodes:\n")
        for n in nodes {
            put("  "); put(n.name); put(": "); put(n.type); put(", size "); put(String(n.size)); put(", ")
            for (i, role) in n.roles.enumerated() {
                if i > 0 { put("+") }
                put(role)
            }
            put("\n")
        }
        if !edges.isEmpty { put("projections:\n") }
        for e in edges {
            put("  "); put(e.name); put(": "); put(e.sender); put(" -> "); put(e.receiver)
            if e.rows > 0 {
                put(", "); put(String(e.rows)); put("x"); put(String(e.columns)); put(" matrix (")
            } else {
                put(" (")
            }
            put(e.matrix); put(")\n")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Graphviz DOT: INPUT nodes as boxes at the top, OUTPUT nodes as double octagons.
    package func dot() -> String {
        func quote(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var lines = ["digraph \(quote(name)) {", "  rankdir=TB;", "  node [fontname=\"Helvetica\"];"]
        // Learning components and their projections are dashed, as in PsyNeuLink's
        // show_graph(show_learning=True).
        let learning = Set(nodes.filter { $0.roles.contains(NodeRole.learning.rawValue) }.map(\.name))
        for n in nodes {
            let shape = n.roles.contains("INPUT") ? "box" : n.roles.contains("OUTPUT") ? "doubleoctagon" : "ellipse"
            let style = learning.contains(n.name) ? ", style=dashed" : ""
            lines.append("  \(quote(n.name)) [shape=\(shape)\(style), label=\(quote("\(n.name)\n\(n.type) (\(n.size))"))];")
        }
        let names = Set(nodes.map(\.name))
        func node(_ ref: String) -> String {
            PortReference(parsing: ref, nodeNames: names)?.node ?? ref
        }
        for e in edges {
            let sender = node(e.sender), receiver = node(e.receiver)
            let label = e.rows > 0 ? "\(e.name)\n\(e.rows)x\(e.columns)" : e.name
            let style = learning.contains(sender) || learning.contains(receiver) ? ", style=dashed" : ""
            lines.append("  \(quote(sender)) -> \(quote(receiver)) [label=\(quote(label))\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
