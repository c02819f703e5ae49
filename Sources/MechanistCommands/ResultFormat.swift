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
        // `columns` names each vector of a trial's results, so a reader needs no port order.
        let columns = "[" + result.resultLabels.map(JSONWriter.string).joined(separator: ", ") + "]"
        var members: [(String, String)] = [("results", resultsText), ("columns", columns)]
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
    /// port, named `node.PORT[i]`. Every header is unique: a recorded port that is also a result
    /// is written once, in the results' columns. (Validation refuses a port listed twice, so
    /// labels do not repeat otherwise; should one, it gets `#2`, `#3`, ... rather than a
    /// duplicate header.)
    static func csv(_ result: RunResult) -> String {
        var labels = UniqueLabels()
        var header = ["trial"]
        let first = result.results.first ?? []
        for (k, port) in first.enumerated() {
            let label = labels.unique(k < result.resultLabels.count ? result.resultLabels[k] : "result\(k)")
            header += (0..<port.count).map { "\(label)[\($0)]" }
        }
        let resultLabels = Set(result.resultLabels)
        let recorded = result.recordOrder.filter { !resultLabels.contains("\($0.node).\($0.port)") }
        for (node, port) in recorded {
            let label = labels.unique("\(node).\(port)")
            let width = result.nodes[node]?[port]?.first?.count ?? 0
            header += (0..<width).map { "\(label)[\($0)]" }
        }
        var lines = [header.joined(separator: ",")]
        for t in 0..<result.trials {
            var row = [String(t)]
            row += result.results[t].flatMap { $0.map(JSONWriter.number) }
            for (node, port) in recorded {
                row += (result.nodes[node]?[port]?[t] ?? []).map(JSONWriter.number)
            }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Column labels made unique: the second `a.RESULT` becomes `a.RESULT#2`.
struct UniqueLabels {
    private var seen: Set<String> = []

    mutating func unique(_ label: String) -> String {
        var candidate = label
        var n = 2
        while seen.contains(candidate) {
            candidate = "\(label)#\(n)"
            n += 1
        }
        seen.insert(candidate)
        return candidate
    }
}
