import Mechanist

/// One set's line of a sweep's JSON Lines output (docs/MODEL_FORMAT.md, "Sweeps"). Nothing in
/// it depends on the thread, shard or time it ran at, so the merged output of any split of a
/// sweep is byte for byte the same.
enum SweepLine {
    static func encode(_ set: SweepSetResult, of count: Int) -> String {
        var members: [(String, String)] = [
            ("index", String(set.index)),
            ("of", String(count)),
            ("parameters", object(set.parameters.map { ($0.name, JSONWriter.number($0.value)) })),
            ("seed", String(set.seed)),
            ("trials", String(set.trials)),
            ("summaries", summaries(set.summary)),
        ]
        if let result = set.result {
            members.append(("columns", "[" + result.resultLabels.map(JSONWriter.string).joined(separator: ", ") + "]"))
            members.append(("results", "[" + result.results.map { trial in
                "[" + trial.map(JSONWriter.vector).joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]"))
            if !result.undecided.isEmpty {
                members.append(("undecided", object(result.undecided.map { flag in
                    (flag.node, "[" + flag.trials.map(String.init).joined(separator: ", ") + "]")
                })))
            }
        }
        return object(members)
    }

    static func summaries(_ summary: SweepSummary) -> String {
        var members: [(String, String)] = [
            ("ports", object(summary.ports.map { port in
                (port.label, object([("mean", JSONWriter.vector(port.mean)), ("variance", JSONWriter.vector(port.variance))]))
            })),
        ]
        if !summary.decisions.isEmpty {
            members.append(("decisions", object(summary.decisions.map { decision in
                var fields: [(String, String)] = []
                if let choices = decision.choices { fields.append(("choices", JSONWriter.vector(choices))) }
                if let quantiles = decision.reactionTimeQuantiles {
                    fields.append(("rt_quantiles", "[" + quantiles.map { $0.map(JSONWriter.vector) ?? "null" }
                        .joined(separator: ", ") + "]"))
                }
                fields.append(("undecided", String(decision.undecided)))
                return (decision.node, object(fields))
            })))
        }
        if !summary.learning.isEmpty {
            members.append(("learning", object(summary.learning.map { curve in
                (curve.node, object([("final_loss", JSONWriter.number(curve.finalLoss)),
                                     ("curve", JSONWriter.vector(curve.curve))]))
            })))
        }
        return object(members)
    }

    /// A one-line object, keys in the order given.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { JSONWriter.string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// The set index a line starts with (`{"index": N, ...`), without parsing the rest: a
    /// shard's lines are read back only to know which sets it holds.
    static func index(of line: Substring) -> Int? {
        let prefix = "{\"index\": "
        guard line.hasPrefix(prefix) else { return nil }
        let digits = line.dropFirst(prefix.count).prefix { $0.isNumber }
        return Int(digits)
    }

    /// The `"of"` count a line gives after its index.
    static func count(of line: Substring) -> Int? {
        guard let range = line.range(of: ", \"of\": ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
