/// A reference to a node, or to one of its ports: `"hidden"`, `"hidden.RESULT"`,
/// `"hidden.InputPort-1"`. Without a port it means the node's primary port.
///
/// Node names may contain dots: decoding resolves a reference against the model's node
/// names (longest matching node name first), and validation accepts a Swift-built
/// reference whose `node.port` spelled together is a node name.
public struct PortReference: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var node: String
    public var port: String?

    public init(node: String, port: String? = nil) {
        self.node = node
        self.port = port
    }

    /// Splits at the last dot: `"A.RESULT"` is node A, port RESULT (see the type's note on
    /// dotted node names).
    public init(stringLiteral value: String) {
        if let dot = value.lastIndex(of: "."), dot != value.startIndex {
            self.init(node: String(value[..<dot]), port: String(value[value.index(after: dot)...]))
        } else {
            self.init(node: value)
        }
    }

    /// Parses `text` against known node names: the longest node name that is `text` itself
    /// or a prefix followed by a dot wins. Nil when no node name fits.
    public init?(parsing text: String, nodeNames: [String]) {
        self.init(parsing: text, nodeNames: Set(nodeNames))
    }

    /// As `init(parsing:nodeNames:)` with the names in a set: tries `text`, then its prefixes
    /// before each dot from the last to the first, so the cost follows the reference's length,
    /// not the model's size (a model resolves one reference per projection and monitor entry).
    public init?(parsing text: String, nodeNames: Set<String>) {
        if nodeNames.contains(text) {
            self.init(node: text)
            return
        }
        var end = text.endIndex
        while let dot = text[..<end].lastIndex(of: ".") {
            let name = String(text[..<dot])
            if nodeNames.contains(name) {
                self.init(node: name, port: String(text[text.index(after: dot)...]))
                return
            }
            end = dot
        }
        return nil
    }

    /// As written in a model file: `node` or `node.PORT`.
    public var description: String { port.map { "\(node).\($0)" } ?? node }
}
