/// A parsed JSON document: model and inputs files are read into this before decoding, so
/// that every decoding error can name the JSON path of the offending value.
///
/// Numbers are kept as the `Double` that `Double(String)` gives for their literal (correctly
/// rounded, so `0.1` is the same double Python and numpy read). Objects keep their members
/// in file order (node lists and condition maps are ordered), and duplicate keys are a
/// parse error.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One `"key": value` member of a JSON object.
package struct JSONMember: Sendable, Hashable {
    package var key: String
    package var value: JSONValue

    package init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// The member `key` of an object (nil for other values or a missing key).
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A short description of the value for error messages: `"abc"`, `3.5`, `a list`, ...
    package var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return JSONValue.format(x)
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(40)) + "..." : s
            return "\"\(shown)\""
        case .array(let items): return items.isEmpty ? "an empty list" : "a list"
        case .object: return "an object"
        }
    }

    /// Integral doubles print without a fraction (`3`, not `3.0`), as a user wrote them.
    static func format(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }
}
