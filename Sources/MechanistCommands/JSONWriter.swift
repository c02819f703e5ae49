import MechanistModel

/// Writes JSON text with keys in the order given, numbers in shortest round-trip form.
/// Non-finite numbers are written as `NaN`, `Infinity` and `-Infinity`, as Python's json
/// module does (plain JSON has no spelling for them).
struct JSONWriter {
    private(set) var text = ""

    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
        return x.description
    }

    static func string(_ s: String) -> String { JSONValue.quoted(s) }

    static func vector(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }

    static func matrix(_ m: [[Double]]) -> String { "[" + m.map(vector).joined(separator: ", ") + "]" }

    /// An object from already-encoded values, keys in order; one member per line.
    static func object(_ members: [(String, String)], indent: String = "") -> String {
        if members.isEmpty { return "{}" }
        let inner = indent + "  "
        return "{\n" + members.map { inner + string($0.0) + ": " + $0.1 }.joined(separator: ",\n")
            + "\n" + indent + "}"
    }
}
