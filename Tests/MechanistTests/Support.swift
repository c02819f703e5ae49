import Foundation
import Mechanist
import MechanistModel

/// Paths of the test fixtures (copied into the test bundle).
enum Fixtures {
    static var root: String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.path
            ?? (URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures")
    }

    static func path(_ model: String, _ file: String) -> String { root + "/" + model + "/" + file }

    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/Examples"
    }
}

/// A PsyNeuLink reference output (expected.json).
struct Expected {
    var results: [[[Double]]]
    var trials: Int
    var nodes: [String: [String: [[Double]]]]

    init(path: String) throws {
        let object = try FixtureJSON.load(path)
        results = FixtureJSON.list(object["results"]).map { FixtureJSON.list($0).map(FixtureJSON.numbers) }
        trials = object["trials"].flatMap(FixtureJSON.number).map { Int($0) } ?? results.count
        var nodes: [String: [String: [[Double]]]] = [:]
        for node in FixtureJSON.members(object["nodes"]) {
            for port in FixtureJSON.members(node.value) {
                nodes[node.key, default: [:]][port.key] = FixtureJSON.list(port.value).map(FixtureJSON.numbers)
            }
        }
        self.nodes = nodes
    }
}

/// Reads fixture JSON with the model files' parser: its numbers are the correctly rounded
/// doubles Python wrote (Foundation's JSONSerialization on Linux is off in the last bits,
/// which would hide or fake last-digit differences).
enum FixtureJSON {
    static func load(_ path: String) throws -> JSONValue {
        try JSONParser.parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    static func number(_ value: JSONValue) -> Double? {
        if case .number(let x) = value { return x }
        return nil
    }

    static func list(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    static func numbers(_ value: JSONValue) -> [Double] { list(value).compactMap(number) }

    static func members(_ value: JSONValue?) -> [JSONMember] {
        if case .object(let members)? = value { return members }
        return []
    }
}

/// Largest absolute difference between two nested results (infinity when shapes differ).
func maxAbsDifference(_ a: [[[Double]]], _ b: [[[Double]]]) -> Double {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    for (x, y) in zip(a, b) {
        guard x.count == y.count else { return .infinity }
        for (u, v) in zip(x, y) {
            guard u.count == v.count else { return .infinity }
            for (p, q) in zip(u, v) { worst = max(worst, abs(p - q)) }
        }
    }
    return worst
}

/// Bitwise equality of nested results (any NaN equals any NaN).
func bitwiseEqual(_ a: [[[Double]]], _ b: [[[Double]]]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        x.count == y.count && zip(x, y).allSatisfy { u, v in
            u.count == v.count && zip(u, v).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
        }
    }
}
