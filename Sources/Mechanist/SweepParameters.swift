import Foundation
import MechanistModel

/// The parameter sets of a sweep, from a PARAMS file (docs/MODEL_FORMAT.md, "Sweeps"):
///
/// - `{"grid": {"NODE.PARAM": [values, ...], ...}}`: the Cartesian product, names in the order
///   written, the last name varying fastest (set 0 takes every list's first value);
/// - `{"sets": [{"NODE.PARAM": value, ...}, ...]}`: the sets as listed. A set that leaves out
///   a name another set gives runs with the model's own value of it.
///
/// Names are `--set`'s (`mechanist parameters MODEL`). A grid is not expanded: set i is
/// computed from i, so a sweep of 10^6 sets takes no memory for them.
public struct SweepParameters: Sendable, Hashable {
    /// Every name any set gives, in the order first written.
    public private(set) var names: [String]
    private var kind: Kind

    private enum Kind: Sendable, Hashable {
        /// One list of values per name.
        case grid([[Double]])
        /// Per set, per name, the value (nil: the model's own).
        case sets([[Double?]])
    }

    /// The number of parameter sets.
    public var count: Int {
        switch kind {
        case .grid(let lists): return lists.reduce(1) { $0 * $1.count }
        case .sets(let sets): return sets.count
        }
    }

    /// Set `index` (0 ..< count): each name's value, nil where the set keeps the model's own.
    public func values(ofSet index: Int) -> [Double?] {
        switch kind {
        case .grid(let lists):
            var rest = index
            var values = [Double?](repeating: nil, count: lists.count)
            for k in lists.indices.reversed() {
                values[k] = lists[k][rest % lists[k].count]
                rest /= lists[k].count
            }
            return values
        case .sets(let sets):
            return sets[index]
        }
    }

    /// A grid, names in order, the last varying fastest.
    public init(grid: [(name: String, values: [Double])]) throws {
        names = grid.map(\.name)
        kind = .grid(grid.map(\.values))
        try checkGrid(source: "grid")
    }

    /// Listed sets, each `[(name, value)]`.
    public init(sets: [[(name: String, value: Double)]]) throws {
        var names: [String] = []
        for set in sets { for (name, _) in set where !names.contains(name) { names.append(name) } }
        self.names = names
        kind = .sets(sets.map { set in names.map { name in set.first { $0.name == name }?.value } })
        guard !sets.isEmpty else { throw SweepError("sets: the list is empty; give at least one set") }
    }

    /// Reads a PARAMS file.
    /// - Throws: `SweepError` naming the file and what is wrong (a missing file, bad JSON,
    ///   neither or both of `grid` and `sets`, an empty list, a value that is not a number).
    public static func load(path: String) throws -> SweepParameters {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SweepError("\(path): cannot read the PARAMS file (no such file, or not readable)")
        }
        do {
            return try parse(bytes: [UInt8](data))
        } catch let error as SweepError {
            throw SweepError("\(path): \(error.message)")
        }
    }

    /// Parses PARAMS text (the project's order-preserving parser: a grid's order is its meaning).
    public static func parse(_ text: String) throws -> SweepParameters { try parse(bytes: Array(text.utf8)) }

    static func parse(bytes: [UInt8]) throws -> SweepParameters {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            throw SweepError("malformed JSON at \(error.line):\(error.column): \(error.message)")
        }
        guard case .object(let members) = json else {
            throw SweepError("expected an object {\"grid\": {...}} or {\"sets\": [...]}, got \(json.brief)")
        }
        let keys = members.map(\.key)
        if let other = keys.first(where: { $0 != "grid" && $0 != "sets" }) {
            throw SweepError("unknown key \"\(other)\"; expected \"grid\" or \"sets\"")
        }
        switch (json["grid"], json["sets"]) {
        case (let grid?, nil):
            guard case .object(let lists) = grid else {
                throw SweepError("grid: expected an object {\"NODE.PARAM\": [values, ...]}, got \(grid.brief)")
            }
            guard !lists.isEmpty else { throw SweepError("grid: the object is empty; name at least one parameter") }
            return try SweepParameters(grid: lists.map { member in
                guard case .array(let items) = member.value else {
                    throw SweepError("grid.\(member.key): expected a list of numbers, got \(member.value.brief)")
                }
                return (member.key, try items.enumerated().map { k, item in
                    try number(item, at: "grid.\(member.key)[\(k)]")
                })
            })
        case (nil, let sets?):
            guard case .array(let items) = sets else {
                throw SweepError("sets: expected a list of objects [{\"NODE.PARAM\": value, ...}, ...], got \(sets.brief)")
            }
            return try SweepParameters(sets: items.enumerated().map { i, item in
                guard case .object(let members) = item else {
                    throw SweepError("sets[\(i)]: expected an object {\"NODE.PARAM\": value, ...}, got \(item.brief)")
                }
                guard !members.isEmpty else { throw SweepError("sets[\(i)]: the set is empty; give at least one parameter") }
                return try members.map { ($0.key, try number($0.value, at: "sets[\(i)].\($0.key)")) }
            })
        case (nil, nil):
            throw SweepError("expected \"grid\" or \"sets\"; e.g. {\"grid\": {\"lca.leak\": [0.1, 0.2]}}")
        case (_?, _?):
            throw SweepError("give \"grid\" or \"sets\", not both")
        }
    }

    private static func number(_ value: JSONValue, at path: String) throws -> Double {
        guard case .number(let x) = value else { throw SweepError("\(path): expected a number, got \(value.brief)") }
        return x
    }

    private func checkGrid(source: String) throws {
        guard case .grid(let lists) = kind else { return }
        guard !lists.isEmpty else { throw SweepError("\(source): name at least one parameter") }
        for (name, list) in zip(names, lists) where list.isEmpty {
            throw SweepError("\(source).\(name): the list is empty; give at least one value")
        }
        var total = 1
        for list in lists {
            let (next, overflow) = total.multipliedReportingOverflow(by: list.count)
            guard !overflow, next <= Sweep.maxSets else {
                throw SweepError("\(source): the grid has more than \(Sweep.maxSets) sets; split it into several sweeps")
            }
            total = next
        }
        if Set(names).count != names.count { throw SweepError("\(source): a name is given twice") }
    }
}

/// A bad sweep: PARAMS, options or shards; the message says what, where, and how to fix it.
public struct SweepError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}
