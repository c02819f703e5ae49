import Mechanist

/// Output formats of `mechanist run`.
enum OutputFormat: String, CaseIterable {
    case json, csv
}

/// Renders a run's results as MODEL_FORMAT.md specifies.
enum ResultFormat {
    static func json(_ result: RunResult, weights: [(String, [[Double]])]) -> String {
        let trials = result.results.map { trial in "[" + trial.map(JSONWriter.vector).joined(separator: ", ") + "]" }
        let resultsText = trials.isEmpty ? "[]" : "[\n    " + trials.joined(separator: ",\n    ") + "\n  ]"
        var members: [(String, String)] = [("results", resultsText)]
        if !result.recordOrder.isEmpty {
            var byNode: [(String, [(String, String)])] = []
            for (node, port) in result.recordOrder {
                let values = result.nodes[node]?[port] ?? []
                let text = "[" + values.map(JSONWriter.vector).joined(separator: ", ") + "]"
                if let k = byNode.firstIndex(where: { $0.0 == node }) {
                    byNode[k].1.append((port, text))
                } else {
                    byNode.append((node, [(port, text)]))
                }
            }
            members.append(("nodes", JSONWriter.object(byNode.map { ($0.0, JSONWriter.object($0.1, indent: "    ")) },
                                                      indent: "  ")))
        }
        if !weights.isEmpty {
            members.append(("weights", JSONWriter.object(weights.map { ($0.0, JSONWriter.matrix($0.1)) }, indent: "  ")))
        }
        members.append(("mode", JSONWriter.string(result.mode.rawValue)))
        members.append(("trials", String(result.trials)))
        members.append(("seconds", "{\"compile\": \(JSONWriter.number(result.compileSeconds)), "
            + "\"run\": \(JSONWriter.number(result.runSeconds))}"))
        return JSONWriter.object(members) + "\n"
    }

    /// One row per trial: `trial`, then one column per element of every result and recorded
    /// port, named `node.PORT[i]`.
    static func csv(_ result: RunResult, resultLabels: [String]) -> String {
        var header = ["trial"]
        let first = result.results.first ?? []
        for (k, port) in first.enumerated() {
            let label = k < resultLabels.count ? resultLabels[k] : "result\(k)"
            header += (0..<port.count).map { "\(label)[\($0)]" }
        }
        for (node, port) in result.recordOrder {
            let width = result.nodes[node]?[port]?.first?.count ?? 0
            header += (0..<width).map { "\(node).\(port)[\($0)]" }
        }
        var lines = [header.joined(separator: ",")]
        for t in 0..<result.trials {
            var row = [String(t)]
            row += result.results[t].flatMap { $0.map(JSONWriter.number) }
            for (node, port) in result.recordOrder {
                row += (result.nodes[node]?[port]?[t] ?? []).map(JSONWriter.number)
            }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
