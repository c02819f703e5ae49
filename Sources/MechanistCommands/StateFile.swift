import Foundation
import Mechanist
import MechanistModel

/// `--save-state FILE` / `--load-state FILE`: an executable's snapshot as JSON,
/// `{"weights": {"name": [values...], ...}, "state": {"name": [values...], ...}}`, flat lists in
/// program order, numbers in their shortest exact form (read back as the same doubles).
enum StateFile {
    static func text(_ snapshot: ExecutableSnapshot) throws -> String {
        func object(_ named: [(name: String, values: [Double])]) throws -> JSONValue {
            .object(try named.map { name, values in
                if let bad = values.first(where: { !$0.isFinite }) {
                    throw CommandError("--save-state: '\(name)' holds \(bad), which a state file cannot hold")
                }
                return JSONMember(name, .array(values.map(JSONValue.number)))
            })
        }
        let root = JSONValue.object([JSONMember("weights", try object(snapshot.weights)),
                                     JSONMember("state", try object(snapshot.state))])
        return root.text() + "\n"
    }

    static func load(_ path: String) throws -> ExecutableSnapshot {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("--load-state \(path): cannot read the file")
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw CommandError("--load-state \(path): \(error.description)")
        }
        func named(_ key: String) throws -> [(name: String, values: [Double])] {
            guard let value = root[key] else { return [] }
            guard case .object(let members) = value else {
                throw CommandError("--load-state \(path): \"\(key)\" must be an object of name: [numbers]")
            }
            return try members.map { member in
                guard case .array(let items) = member.value else {
                    throw CommandError("--load-state \(path): \"\(key)\".\"\(member.key)\" must be a list of numbers")
                }
                return (member.key, try items.map { item in
                    guard case .number(let x) = item else {
                        throw CommandError("--load-state \(path): \"\(key)\".\"\(member.key)\" must be a list of numbers")
                    }
                    return x
                })
            }
        }
        return ExecutableSnapshot(weights: try named("weights"), state: try named("state"))
    }
}
