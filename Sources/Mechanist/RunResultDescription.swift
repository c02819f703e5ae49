import Foundation

/// `print(result)`: a table with one row per trial and one column per result vector, then per
/// recorded port, headed by their `node.PORT` labels. Numbers are rounded to 6 significant
/// digits (the full values are in `results` and `nodes`); long runs show their first and last
/// trials around a `...` row, long vectors their first elements and a count.
extension RunResult: CustomStringConvertible {
    /// At most this many trial rows are shown; longer runs show the first and last few.
    static let shownTrials = 10
    /// At most this many elements of a vector are shown.
    static let shownElements = 6

    public var description: String {
        let recorded = recordOrder.map { (label: "\($0.node).\($0.port)", node: $0.node, port: $0.port) }
        let labels = resultLabels + recorded.map(\.label)
        var rows: [[String]] = [["trial"] + labels]
        let shown: [Int?]
        if trials <= Self.shownTrials {
            shown = Array(0..<trials)
        } else {
            let head = Self.shownTrials - 3
            shown = Array(0..<head) + [nil] + Array((trials - 2)..<trials)
        }
        for t in shown {
            guard let t else {
                rows.append(["..."] + labels.map { _ in "" })
                continue
            }
            var row = [String(t)]
            row += labels.indices.map { k -> String in
                if k < resultLabels.count {
                    return k < results[t].count ? Self.cell(results[t][k]) : ""
                }
                let r = recorded[k - resultLabels.count]
                return (nodes[r.node]?[r.port]).map { t < $0.count ? Self.cell($0[t]) : "" } ?? ""
            }
            rows.append(row)
        }
        let widths = (0..<(labels.count + 1)).map { k in rows.map { $0[k].count }.max() ?? 0 }
        let table = rows.map { row in
            zip(row, widths).enumerated().map { k, cell in
                // The trial column is right-aligned; the others left-aligned.
                let pad = String(repeating: " ", count: cell.1 - cell.0.count)
                return k == 0 ? pad + cell.0 : cell.0 + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let header = "RunResult: \(trials) trial\(trials == 1 ? "" : "s"), \(mode.rawValue)"
        return ([header] + table).joined(separator: "\n")
    }

    /// A vector as a cell: one value plainly, several in brackets.
    static func cell(_ v: [Double]) -> String {
        if v.count == 1 { return number(v[0]) }
        var parts = v.prefix(shownElements).map(number)
        if v.count > shownElements { parts.append("... (\(v.count) values)") }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
        return String(format: "%.6g", x)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
