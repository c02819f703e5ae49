import MechanistModel

/// A snapshot as JSON text, the state-file format of `--save-state` / `--load-state` and of the
/// C API's `mechanist_snapshot`: `{"weights": {"name": [values...], ...}, "state": {"name":
/// [values...], ...}}`, flat lists in program order, numbers in their shortest exact form (read
/// back as the same doubles). Errors are `RunError`s without a file name: callers prefix theirs.
extension ExecutableSnapshot {
    /// - Throws: `RunError` for a value that is not finite (JSON cannot hold it).
    package func jsonText() throws -> String {
        func object(_ named: [(name: String, values: [Double])]) throws -> JSONValue {
            .object(try named.map { name, values in
                if let bad = values.first(where: { !$0.isFinite }) {
                    throw RunError("'\(name)' holds \(bad), which a state file cannot hold")
                }
                return JSONMember(name, .array(values.map(JSONValue.number)))
            })
        }
        let root = JSONValue.object([JSONMember("weights", try object(weights)),
                                     JSONMember("state", try object(state))])
        return root.text() + "\n"
    }

    /// - Throws: `RunError` for text that is not JSON or not of the state-file format.
    package init(jsonText text: String) throws {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw RunError(error.description)
        }
        func named(_ key: String) throws -> [(name: String, values: [Double])] {
            guard let value = root[key] else { return [] }
            guard case .object(let members) = value else {
                throw RunError("\"\(key)\" must be an object of name: [numbers]")
            }
            return try members.map { member in
                guard case .array(let items) = member.value else {
                    throw RunError("\"\(key)\".\"\(member.key)\" must be a list of numbers")
                }
                return (member.key, try items.map { item in
                    guard case .number(let x) = item else {
                        throw RunError("\"\(key)\".\"\(member.key)\" must be a list of numbers")
                    }
                    return x
                })
            }
        }
        self.init(weights: try named("weights"), state: try named("state"))
    }
}
