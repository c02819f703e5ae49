/// Reads the members of one JSON object, with errors that name the member's path.
struct ObjectReader {
    let members: [JSONMember]
    let path: JSONPath

    /// `what` names the expected thing in the error ("a node", "a projection").
    init(_ value: JSONValue, at path: JSONPath, what: String = "an object") throws(ModelError) {
        guard case .object(let members) = value else {
            throw ModelError(.wrongType, at: path, "expected \(what) (a JSON object), got \(value.brief)")
        }
        self.members = members
        self.path = path
    }

    subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func has(_ key: String) -> Bool { self[key] != nil }

    /// `hint` and `owner` below are autoclosures: they are built only for the error, not for
    /// every node of a large model (issue 13).
    func required(_ key: String, hint: @autoclosure () -> String? = nil) throws(ModelError) -> JSONValue {
        guard let value = self[key] else {
            throw ModelError(.missingField, at: path, "missing required field \"\(key)\"", hint: hint())
        }
        return value
    }

    /// Throws for the first member not in `allowed`, naming it and listing the allowed ones.
    func checkFields(allowed: [String], of owner: @autoclosure () -> String) throws(ModelError) {
        for member in members where !allowed.contains(member.key) {
            var hint = "allowed: " + allowed.sorted().joined(separator: ", ")
            if let near = closestMatch(member.key, among: allowed) { hint = "did you mean \"\(near)\"? " + hint }
            throw ModelError(.unknownField, at: path / member.key,
                             "unknown field \"\(member.key)\" in \(owner())", hint: hint)
        }
    }

    /// Decodes an optional member with `decode`.
    func optional<T>(_ key: String, _ decode: (JSONValue, JSONPath) throws(ModelError) -> T)
        throws(ModelError) -> T? {
        guard let value = self[key] else { return nil }
        return try decode(value, path / key)
    }
}

// MARK: Scalar and array readers

enum Read {
    static func number(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Double {
        guard case .number(let x) = value else {
            throw ModelError(.wrongType, at: path, "expected a number, got \(value.brief)")
        }
        guard x.isFinite else {
            throw ModelError(.invalidValue, at: path, "\(x) is not a finite number")
        }
        return x
    }

    static func integer(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Int {
        guard case .number(let x) = value, x.isFinite, x == x.rounded(), abs(x) <= 9_007_199_254_740_992 else {
            throw ModelError(.wrongType, at: path, "expected an integer, got \(value.brief)")
        }
        return Int(x)
    }

    static func bool(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Bool {
        guard case .bool(let b) = value else {
            throw ModelError(.wrongType, at: path, "expected true or false, got \(value.brief)")
        }
        return b
    }

    static func string(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> String {
        guard case .string(let s) = value else {
            throw ModelError(.wrongType, at: path, "expected a string, got \(value.brief)")
        }
        return s
    }

    static func array(_ value: JSONValue, _ path: JSONPath, what: String = "a list") throws(ModelError) -> [JSONValue] {
        guard case .array(let items) = value else {
            throw ModelError(.wrongType, at: path, "expected \(what), got \(value.brief)")
        }
        return items
    }

    /// A non-empty list of numbers.
    static func vector(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [Double] {
        let items = try array(value, path, what: "a list of numbers")
        guard !items.isEmpty else {
            throw ModelError(.invalidValue, at: path, "expected a non-empty list of numbers, got an empty list")
        }
        var out: [Double] = []
        for (i, item) in items.enumerated() { out.append(try number(item, path / i)) }
        return out
    }

    /// A non-empty list of non-empty lists of numbers.
    static func matrix(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [[Double]] {
        let rows = try array(value, path, what: "a nested list of numbers (one list per row)")
        guard !rows.isEmpty else {
            throw ModelError(.invalidValue, at: path, "expected a nested list of numbers, got an empty list")
        }
        var out: [[Double]] = []
        for (i, row) in rows.enumerated() {
            guard case .array = row else {
                throw ModelError(.wrongType, at: path / i,
                                 "expected a list of numbers (a row), got \(row.brief)",
                                 hint: "a matrix is a nested list, one list per sender unit")
            }
            out.append(try vector(row, path / i))
        }
        return out
    }

    /// A number, a list of numbers, or a list of lists of numbers.
    static func parameterValue(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> ParameterValue {
        switch value {
        case .number:
            return .scalar(try number(value, path))
        case .array(let items):
            if case .array? = items.first { return .matrix(try matrix(value, path)) }
            return .vector(try vector(value, path))
        case .null, .bool, .string, .object:
            throw ModelError(.wrongType, at: path, "expected a number or a list of numbers, got \(value.brief)")
        }
    }

    /// A keyword from `allowed`; `what` names the thing ("SoftMax output").
    static func keyword(_ value: JSONValue, _ path: JSONPath, allowed: [String], what: String)
        throws(ModelError) -> String {
        let s = try string(value, path)
        guard allowed.contains(s) else {
            var hint = "expected one of: " + allowed.joined(separator: ", ")
            if let near = closestMatch(s, among: allowed) { hint = "did you mean \"\(near)\"? " + hint }
            throw ModelError(.invalidValue, at: path, "unknown \(what) \"\(s)\"", hint: hint)
        }
        return s
    }

    static func stringList(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [String] {
        let items = try array(value, path, what: "a list of strings")
        var out: [String] = []
        for (i, item) in items.enumerated() { out.append(try string(item, path / i)) }
        return out
    }
}

/// The allowed word nearest to `word`, for "did you mean" hints: case-insensitive optimal
/// string alignment distance (a swap of neighbours counts once), at most 1 for short words
/// and 2 for words of 5 letters or more.
package func closestMatch(_ word: String, among candidates: [String]) -> String? {
    let a = Array(word.lowercased())
    var best: (word: String, distance: Int)?
    for candidate in candidates {
        let b = Array(candidate.lowercased())
        let d = alignmentDistance(a, b)
        let limit = b.count >= 5 ? 2 : 1
        // Some letters must agree: "b" is not a near miss of "a".
        if d <= limit, d < max(a.count, b.count), d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    return best?.word
}

private func alignmentDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}

/// "a" or "an" before `word` ("an ObjectiveMechanism", "a TransferMechanism").
func article(_ word: String) -> String {
    guard let first = word.first?.lowercased() else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
}
