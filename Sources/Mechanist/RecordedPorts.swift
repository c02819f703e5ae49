import MechanistModel

extension Model {
    /// Parses the ports to record (`--record`, the C API's `record`), each `node.PORT`. The
    /// model's node names decide where the node ends (a name may itself contain dots); any other
    /// text splits at its last dot, so a node the file does not declare but lowering creates (a
    /// learning pathway's TARGET, Comparator or LearningMechanism) can be recorded: lowering
    /// rejects a node it lacks, suggesting the nearest name. `flag` names the option in errors.
    /// - Throws: `RunError` for text that is not `node.PORT`.
    package func portReferences(_ texts: [String], flag: String) throws -> [PortReference] {
        let names = nodes.map(\.name)
        return try texts.map { text in
            if let ref = PortReference(parsing: text, nodeNames: names) {
                guard ref.port != nil, ref.port?.isEmpty == false else {
                    throw RunError("\(flag) \(text): expected node.PORT, e.g. \(ref.node).RESULT")
                }
                return ref
            }
            guard let dot = text.lastIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
            else {
                var message = "\(flag) \(text): expected node.PORT"
                if let near = closestMatch(text, among: names) { message += ", e.g. \(near).RESULT" }
                throw RunError(message + " (nodes: \(names.joined(separator: ", ")))")
            }
            return PortReference(node: String(text[..<dot]), port: String(text[text.index(after: dot)...]))
        }
    }
}
