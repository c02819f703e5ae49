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
        let lowered = try lower(model)
        let program = lowered.program
        let inputNodes = Set(lowered.inputs.map(\.node))
        let outputNodes = Set(lowered.outputNodes)
        name = model.name
        nodes = model.nodes.map { node in
            let value = lowered.states.first { $0.node == node.name }?.buffers.first
            var roles: [String] = []
            if inputNodes.contains(node.name) { roles.append("INPUT") }
            if outputNodes.contains(node.name) { roles.append("OUTPUT") }
            if roles.isEmpty { roles.append("INTERNAL") }
            return NodeInfo(name: node.name, type: node.type.rawValue, size: value.map { program[$0].count } ?? 0,
                            function: node.function.map { "\($0)" } ?? "default", roles: roles)
        }
        edges = model.projections.map { projection in
            let weight = lowered.weight(named: projection.resolvedName)
            let matrix = projection.matrix.map { $0.keyword ?? "explicit" } ?? "default"
            return Edge(name: projection.resolvedName, sender: projection.sender.description,
                        receiver: projection.receiver.description, rows: weight?.rows ?? 0,
                        columns: weight?.columns ?? 0, matrix: matrix)
        }
        // A recurrent mechanism's own projection (its weight is named after the node).
        for node in model.nodes where node.type == .recurrentTransferMechanism || node.type == .lcaMechanism {
            guard let weight = lowered.weight(named: node.name) else { continue }
            edges.append(Edge(name: "\(node.name) (recurrent)", sender: node.name, receiver: node.name,
                              rows: weight.rows, columns: weight.columns, matrix: "recurrent"))
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
        var lines = ["model \(name): \(nodes.count) nodes, \(edges.count) projections", "nodes:"]
        for n in nodes {
            lines.append("  \(n.name): \(n.type), size \(n.size), \(n.roles.joined(separator: "+"))")
        }
        if !edges.isEmpty { lines.append("projections:") }
        for e in edges {
            let shape = e.rows > 0 ? ", \(e.rows)x\(e.columns) matrix (\(e.matrix))" : " (\(e.matrix))"
            lines.append("  \(e.name): \(e.sender) -> \(e.receiver)\(shape)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Graphviz DOT: INPUT nodes as boxes at the top, OUTPUT nodes as double octagons.
    package func dot() -> String {
        func quote(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var lines = ["digraph \(quote(name)) {", "  rankdir=TB;", "  node [fontname=\"Helvetica\"];"]
        for n in nodes {
            let shape = n.roles.contains("INPUT") ? "box" : n.roles.contains("OUTPUT") ? "doubleoctagon" : "ellipse"
            lines.append("  \(quote(n.name)) [shape=\(shape), label=\(quote("\(n.name)\n\(n.type) (\(n.size))"))];")
        }
        for e in edges {
            let sender = e.sender.split(separator: ".").first.map(String.init) ?? e.sender
            let receiver = e.receiver.split(separator: ".").first.map(String.init) ?? e.receiver
            let label = e.rows > 0 ? "\(e.name)\n\(e.rows)x\(e.columns)" : e.name
            lines.append("  \(quote(sender)) -> \(quote(receiver)) [label=\(quote(label))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
