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
            members.append(("nodes", byNode(result.recordOrder) { node, port in
                "[" + (result.nodes[node]?[port] ?? []).map(JSONWriter.vector).joined(separator: ", ") + "]"
            }))
        }
        members += stepMembers(result)
        if !weights.isEmpty {
            members.append(("weights", JSONWriter.object(weights.map { ($0.0, JSONWriter.matrix($0.1)) }, indent: "  ")))
        }
        members.append(("mode", JSONWriter.string(result.mode.rawValue)))
        members.append(("trials", String(result.trials)))
        members.append(("seconds", "{\"compile\": \(JSONWriter.number(result.compileSeconds)), "
            + "\"run\": \(JSONWriter.number(result.runSeconds))}"))
        return JSONWriter.object(members) + "\n"
    }

    /// `{"node": {"PORT": text, ...}, ...}`: ports grouped under their node, nodes and ports in
    /// the order first named.
    static func byNode(_ order: [(node: String, port: String)], _ text: (String, String) -> String) -> String {
        var grouped: [(String, [(String, String)])] = []
        for (node, port) in order {
            if let k = grouped.firstIndex(where: { $0.0 == node }) {
                grouped[k].1.append((port, text(node, port)))
            } else {
                grouped.append((node, [(port, text(node, port))]))
            }
        }
        return JSONWriter.object(grouped.map { ($0.0, JSONWriter.object($0.1, indent: "    ")) }, indent: "  ")
    }

    /// One row per trial: `trial`, then one column per element of every result and recorded
    /// port, named `node.PORT[i]`, then `node.undecided` per threshold node. Every header is
    /// unique: a recorded port that is also a result is written once, in the results' columns.
    /// (Validation refuses a port listed twice, so labels do not repeat otherwise; should one,
    /// it gets `#2`, `#3`, ... rather than a duplicate header.) With `--record-steps`, the
    /// long form instead (`stepsCSV`).
    static func csv(_ result: RunResult) -> String {
        if !result.stepOrder.isEmpty { return stepsCSV(result) }
        let resultLabels = Set(result.resultLabels)
        let recorded = result.recordOrder.filter { !resultLabels.contains("\($0.node).\($0.port)") }
        let header = csvHeader(
            resultLabels: result.resultLabels, resultWidths: (result.results.first ?? []).map(\.count),
            recorded: recorded.map { ("\($0.node).\($0.port)", result.nodes[$0.node]?[$0.port]?.first?.count ?? 0) },
            undecided: result.undecided.map(\.node))
        let undecided = result.undecided.map { Set($0.trials) }
        var lines = [header]
        for t in 0..<result.trials {
            var row = [String(t)]
            row += result.results[t].flatMap { $0.map(JSONWriter.number) }
            for (node, port) in recorded {
                row += (result.nodes[node]?[port]?[t] ?? []).map(JSONWriter.number)
            }
            row += undecidedCells(undecided, trial: t)
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ResultFormat {
    /// The CSV header, shared by `csv` and the streamed writer (`StreamedOutput`): `trial`, then
    /// unique `node.PORT[i]` labels of the results (one per width; none without trials), then of
    /// the recorded ports that are not results, then `node.undecided` per threshold node.
    static func csvHeader(resultLabels: [String], resultWidths: [Int], recorded: [(label: String, width: Int)],
                          undecided: [String]) -> String {
        var labels = UniqueLabels()
        var header = ["trial"]
        for (k, width) in resultWidths.enumerated() {
            let label = labels.unique(k < resultLabels.count ? resultLabels[k] : "result\(k)")
            header += (0..<width).map { "\(label)[\($0)]" }
        }
        for (name, width) in recorded {
            let label = labels.unique(name)
            header += (0..<width).map { "\(label)[\($0)]" }
        }
        header += undecided.map { "\($0).undecided" }
        return header.joined(separator: ",")
    }
}

// Trajectories (`--record-steps`) and undecided trials.
extension ResultFormat {
    /// `steps`: per node and port, per trial, the list of the port's values at each execution;
    /// `undecided`: per node with a termination threshold, the trials it ended undecided.
    static func stepMembers(_ result: RunResult) -> [(String, String)] {
        var members: [(String, String)] = []
        if !result.stepOrder.isEmpty {
            members.append(("steps", byNode(result.stepOrder) { node, port in
                "[" + (result.steps[node]?[port] ?? []).map(JSONWriter.matrix).joined(separator: ", ") + "]"
            }))
        }
        if !result.undecided.isEmpty {
            members.append(("undecided", JSONWriter.object(result.undecided.map { flag in
                (flag.node, "[" + flag.trials.map(String.init).joined(separator: ", ") + "]")
            }, indent: "  ")))
        }
        return members
    }

    /// `--format csv` with `--record-steps`: the trajectories in long form, one row per trial
    /// and step (`trial,step`, then `node.PORT[i]` of every step-recorded port, then
    /// `node.undecided`), as many steps per trial as its longest trajectory; a port with fewer
    /// steps in that trial leaves its cells empty.
    static func stepsCSV(_ result: RunResult) -> String {
        let ports = result.stepOrder.map { result.steps[$0.node]?[$0.port] ?? [] }
        let widths = ports.map { trials in trials.lazy.compactMap(\.first).first?.count ?? 0 }
        var header = ["trial", "step"]
        for ((node, port), width) in zip(result.stepOrder, widths) {
            header += (0..<width).map { "\(node).\(port)[\($0)]" }
        }
        header += result.undecided.map { "\($0.node).undecided" }
        let undecided = result.undecided.map { Set($0.trials) }
        var lines = [header.joined(separator: ",")]
        for t in 0..<result.trials {
            let flags = undecidedCells(undecided, trial: t)
            let stepCount = ports.map { t < $0.count ? $0[t].count : 0 }.max() ?? 0
            for step in 0..<stepCount {
                var row = [String(t), String(step)]
                for (trials, width) in zip(ports, widths) {
                    let values = t < trials.count && step < trials[t].count ? trials[t][step] : []
                    row += values.count == width ? values.map(JSONWriter.number) : Array(repeating: "", count: width)
                }
                lines.append((row + flags).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 1 or 0 per threshold node: whether trial t is undecided for it (`sets`: each node's trials).
    static func undecidedCells(_ sets: [Set<Int>], trial t: Int) -> [String] {
        sets.map { $0.contains(t) ? "1" : "0" }
    }

    /// One line per node with undecided trials, for standard error.
    static func undecidedWarnings(_ result: RunResult, format: OutputFormat) -> [String] {
        undecidedWarnings(result.undecided.map { ($0.node, $0.reason, $0.trials.count) }, trials: result.trials,
                          format: format)
    }

    /// The same from counts (a streamed run keeps no trial lists).
    static func undecidedWarnings(_ flags: [(node: String, reason: String, count: Int)], trials: Int,
                                  format: OutputFormat) -> [String] {
        flags.filter { $0.count > 0 }.map { flag in
            let listed = format == .json ? "listed under \"undecided\"" : "column \(flag.node).undecided"
            return "warning: \(flag.node) \(flag.reason) in \(flag.count) of \(trials) trials (\(listed))"
        }
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
