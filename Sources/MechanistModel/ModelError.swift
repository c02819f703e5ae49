/// An error in a model or inputs file (or a model built in Swift), naming where it is and
/// what is wrong: `model.json: nodes[2].function.gain: expected a number, got "abc"`.
///
/// `path` is the JSON path of the offending value (`nodes[2].function.gain`, or empty for the
/// whole document). Syntax errors carry a line and column instead:
/// `model.json:3:14: malformed JSON: ...`. `hint` says how to fix it, when that helps.
public struct ModelError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of fault this is (tests and the CLI may switch on it).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case unreadableFile
        case malformedJSON
        case unknownField
        case unknownType
        case missingField
        case wrongType
        case invalidValue
        case duplicateName
        case unknownReference
        case shapeMismatch
        case cycle
        /// Recognized, but not implemented yet (recurrence, learning, noise distributions, ...).
        case notSupported
    }

    public var kind: Kind
    /// The file, when the model came from one.
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// JSON path of the offending value; empty for the document as a whole.
    public var path: String
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, at path: JSONPath, _ message: String, hint: String? = nil, file: String? = nil) {
        self.kind = kind
        self.path = path.description
        self.message = message
        self.hint = hint
        self.file = file
    }

    public var description: String {
        var parts: [String] = []
        var location = file ?? ""
        if let line, let column { location += location.isEmpty ? "\(line):\(column)" : ":\(line):\(column)" }
        if !location.isEmpty { parts.append(location) }
        if !path.isEmpty { parts.append(path) }
        var text = message
        if let hint { text += " (\(hint))" }
        parts.append(text)
        return parts.joined(separator: ": ")
    }

    /// The same error, attributed to `file` (when it has none yet).
    func inFile(_ file: String?) -> ModelError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    static func malformed(_ error: JSONSyntaxError, file: String?) -> ModelError {
        var e = ModelError(.malformedJSON, at: JSONPath(), "malformed JSON: \(error.message)", file: file)
        e.line = error.line
        e.column = error.column
        return e
    }
}

/// A path into a JSON document: `nodes[2].function.gain`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// An object key or a list index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The first components are stored inline and only the rest in an array: decoding makes a
    /// path per node and field, over a million at 100,000 nodes, and an array per path was a
    /// good part of the allocations of `check` (issue 13). Almost every path has at most four
    /// components (`nodes[2].function.gain`), so most paths allocate nothing.
    /// Slots at `count` and beyond hold a placeholder.
    private var inline: (Component, Component, Component, Component) = (.index(0), .index(0), .index(0), .index(0))
    private var rest: [Component] = []
    private var count = 0

    public init(_ components: [Component] = []) {
        for component in components { append(component) }
    }

    /// The components, outermost first.
    public var components: [Component] {
        get {
            var all: [Component] = []
            all.reserveCapacity(count)
            for k in 0..<count { all.append(self[k]) }
            return all
        }
        set { self = JSONPath(newValue) }
    }

    private subscript(k: Int) -> Component {
        switch k {
        case 0: return inline.0
        case 1: return inline.1
        case 2: return inline.2
        case 3: return inline.3
        default: return rest[k - 4]
        }
    }

    private mutating func append(_ component: Component) {
        switch count {
        case 0: inline.0 = component
        case 1: inline.1 = component
        case 2: inline.2 = component
        case 3: inline.3 = component
        default: rest.append(component)
        }
        count += 1
    }

    public func appending(_ key: String) -> JSONPath { appending(.key(key)) }
    public func appending(_ index: Int) -> JSONPath { appending(.index(index)) }

    private func appending(_ component: Component) -> JSONPath {
        var extended = self
        extended.append(component)
        return extended
    }

    public static func == (a: JSONPath, b: JSONPath) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for k in 0..<count { hasher.combine(self[k]) }
    }
    public static func / (path: JSONPath, key: String) -> JSONPath { path.appending(key) }
    public static func / (path: JSONPath, index: Int) -> JSONPath { path.appending(index) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let k):
                // Keys that are not plain identifiers (node names with spaces or dots, used as
                // keys in scheduler maps) are quoted so the path stays unambiguous.
                if k.isEmpty || k.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                    text += "[\"\(k)\"]"
                } else {
                    text += text.isEmpty ? k : ".\(k)"
                }
            }
        }
        return text
    }
}
