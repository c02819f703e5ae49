import Foundation
import Mechanist

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
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        func numbers(_ any: Any) -> [Double] { (any as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
        results = (object["results"] as? [Any] ?? []).map { trial in (trial as? [Any] ?? []).map(numbers) }
        trials = (object["trials"] as? Int) ?? results.count
        var nodes: [String: [String: [[Double]]]] = [:]
        for (node, ports) in object["nodes"] as? [String: Any] ?? [:] {
            for (port, values) in ports as? [String: Any] ?? [:] {
                nodes[node, default: [:]][port] = (values as? [Any] ?? []).map(numbers)
            }
        }
        self.nodes = nodes
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
