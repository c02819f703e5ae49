import MechanistIR

/// One INPUT node's entries, one per trial cycle (`list[entry][port]` is a vector), with the
/// words that errors name them by: the section of the call (`inputs`, `targets`) and the key
/// the caller used.
struct NodeEntries {
    var node: String
    var section: String
    var key: String
    var list: [[[Double]]]
    /// Whether the caller gave the list (rather than the zeros of a target a run never reads);
    /// only given lists count towards the number of trials.
    var given: Bool
}

/// The per-trial input rows of a run or learn. Each node's list is kept at its own length and
/// trial t reads entry `t % length` of it (issue 13): memory is the sum over nodes of length x
/// width, never the lists' common period. When the period (capped at the trial count) is short
/// enough — equal lengths, lengths dividing each other, few trials — its rows are laid out once
/// (`values`, `count` rows of `width`), so that compiled code cycles through them in one call;
/// otherwise `rows(for:)` lays out each chunk's rows as the trials run (`isLaidOut` false). The
/// engines see the same row at every trial either way, so the results are the same bits.
struct InputRows {
    /// One node's entries, flattened: entry e's ports at `values[e * nodeWidth ..< (e + 1) *
    /// nodeWidth]`, each port `count` values that go to `offset` in a row.
    struct NodeList {
        var values: [Double]
        var entries: Int
        var nodeWidth: Int
        var slots: [(offset: Int, count: Int)]
    }

    /// The laid-out cycle (empty when not laid out).
    var values: [Double]
    /// Rows in `values` (the period), or 0 when the rows are laid out per chunk.
    var count: Int
    var width: Int
    /// Every node's list, when the rows are laid out per chunk (empty otherwise).
    var nodes: [NodeList] = []

    /// Rows the caller laid out (`count` rows of `width` values, trial t reads row `t % count`).
    init(values: [Double], count: Int, width: Int) {
        self.values = values
        self.count = count
        self.width = width
    }

    /// Rows of `nodes`, read per node: with `layOut`, the `period` rows laid out once; else
    /// laid out per chunk as the trials run.
    init(nodes: [NodeList], width: Int, period: Int, layOut: Bool) {
        self.width = width
        guard layOut else {
            count = 0
            values = []
            self.nodes = nodes
            return
        }
        count = period
        values = [Double](repeating: 0, count: period * width)
        for r in 0..<period { Self.fill(&values, at: r * width, trial: r, nodes: nodes) }
    }

    /// Whether the rows of the whole period are in `values`.
    var isLaidOut: Bool { nodes.isEmpty }

    /// Values of the rows a chunk lays out when they are laid out per chunk (2 MiB).
    static let chunkValues = 1 << 18

    /// The most trials a chunk runs when rows are laid out per chunk.
    var chunkTrials: Int { isLaidOut ? Int.max : max(Self.chunkValues / max(width, 1), 1) }

    /// The rows trials `range` read, so that a call running them from its trial 0 sees row
    /// `(range.lowerBound + j) % count` at its trial j: all rows when they start the cycle, a
    /// rotation when the range covers a whole cycle, else just the range's rows; without a
    /// laid-out cycle, the range's rows read per node.
    func rows(for range: Range<Int>) -> (values: [Double], count: Int) {
        guard isLaidOut else {
            var out = [Double](repeating: 0, count: range.count * width)
            for (j, t) in range.enumerated() { Self.fill(&out, at: j * width, trial: t, nodes: nodes) }
            return (out, range.count)
        }
        let first = range.lowerBound % max(count, 1)
        if first == 0 { return (values, count) }
        let picked = range.count >= count ? count : range.count
        var out: [Double] = []
        out.reserveCapacity(picked * width)
        for j in 0..<picked {
            let r = (first + j) % count
            out.append(contentsOf: values[(r * width)..<((r + 1) * width)])
        }
        return (out, picked)
    }

    /// The row trial `t` reads.
    func row(trial t: Int) -> [Double] {
        guard isLaidOut else { return rows(for: t..<(t + 1)).values }
        let r = t % max(count, 1)
        return Array(values[(r * width)..<((r + 1) * width)])
    }

    /// Writes trial `t`'s row at `base`: entry `t % entries` of every node (a copy per port:
    /// this runs for every trial of a run whose rows are laid out per chunk).
    private static func fill(_ row: inout [Double], at base: Int, trial t: Int, nodes: [NodeList]) {
        row.withUnsafeMutableBufferPointer { out in
            guard let destination = out.baseAddress else { return }
            for node in nodes {
                node.values.withUnsafeBufferPointer { list in
                    guard let source = list.baseAddress else { return }
                    var from = (t % node.entries) * node.nodeWidth
                    for slot in node.slots {
                        (destination + base + slot.offset).update(from: source + from, count: slot.count)
                        from += slot.count
                    }
                }
            }
        }
    }
}

extension Executable {
    /// Every INPUT node's entries: `inputs` for the model's own INPUT nodes; for TARGET nodes
    /// the lists of `targets` (keyed by any alias), or, when `targets` is nil (a run, which
    /// never reads them), one entry of zeros.
    /// - Throws: `RunError` for an unknown key, a missing list, or (with targets) a TARGET
    ///   node without one or given twice.
    func trialEntries(inputs: [String: [[[Double]]]], targets: [String: [[[Double]]]]?) throws -> [NodeEntries] {
        let ownInputs = program.inputs.map { $0.node }.filter { !learning.isTarget($0) }
        let inputNodes = ownInputs.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for key in inputs.keys.sorted() where !inputNodes.contains(key) {
            if learning.target(forKey: key) != nil {
                throw RunError("inputs: '\(key)' is a learning pathway's target; give its values under targets, "
                    + "to learn (a run does not read targets)")
            }
            throw RunError("inputs: '\(key)' is not an INPUT node of the model; input nodes: "
                + inputNodes.sorted().joined(separator: ", "))
        }
        var entries: [NodeEntries] = []
        for node in inputNodes {
            guard let list = inputs[node], !list.isEmpty else {
                throw RunError("inputs: no inputs given for INPUT node '\(node)'")
            }
            entries.append(NodeEntries(node: node, section: "inputs", key: node, list: list, given: true))
        }
        guard let targets else {
            for target in learning.targets {
                let zeros = program.inputs.filter { $0.node == target.node }
                    .map { [Double](repeating: 0, count: program[$0.buffer].count) }
                entries.append(NodeEntries(node: target.node, section: "targets", key: target.node, list: [zeros],
                                           given: false))
            }
            return entries
        }
        let accepted = learning.acceptedKeys
        var keyOf: [String: String] = [:]
        for key in targets.keys.sorted() {
            guard let target = learning.target(forKey: key) else {
                let known = accepted.isEmpty ? "the model has no TARGET node" : "accepted keys: "
                    + accepted.joined(separator: ", ")
                throw RunError("targets: '\(key)' is not a learning pathway's target; \(known)")
            }
            if let other = keyOf[target.node] {
                throw RunError("targets: '\(other)' and '\(key)' both give the targets of TARGET node "
                    + "'\(target.node)'; give one")
            }
            keyOf[target.node] = key
        }
        for target in learning.targets {
            guard let key = keyOf[target.node], let list = targets[key], !list.isEmpty else {
                let keys = (target.aliases + [target.node]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                throw RunError("targets: no targets given for TARGET node '\(target.node)' of the learning pathway "
                    + "ending in '\(target.aliases.first ?? target.node)'; accepted keys: "
                    + keys.joined(separator: ", "))
            }
            entries.append(NodeEntries(node: target.node, section: "targets", key: key, list: list, given: true))
        }
        return entries
    }

    /// The rows of `trials` trials over the entries' lists, each node's list checked and kept
    /// at its own length (see `InputRows`).
    /// - Throws: `RunError` for an entry of the wrong shape or a non-finite number (naming
    ///   the section, key, entry and port), or lists too large for the memory available.
    func inputRows(_ entries: [NodeEntries], trials: Int) throws -> InputRows {
        let width = layout.size(.input)
        // The lists' common period, capped at the trial count: how many rows a laid-out cycle has.
        var period = 1
        for n in Set(entries.map { $0.list.count }) {
            let (next, overflow) = (period / gcd(period, n)).multipliedReportingOverflow(by: n)
            if overflow || next >= trials { period = max(trials, 1); break }
            period = next
        }
        var listValues = 0
        for node in entries {
            let nodeWidth = program.inputs.filter { $0.node == node.node }.reduce(0) { $0 + program[$1.buffer].count }
            let (values, overflow) = node.list.count.multipliedReportingOverflow(by: nodeWidth)
            let (sum, tooMany) = listValues.addingReportingOverflow(values)
            listValues = overflow || tooMany ? Int.max : sum
        }
        // A cycle no larger than twice the lists (or 512 KiB) is laid out once; a longer one is
        // laid out per chunk of trials instead.
        let layoutLimit = max(listValues.multipliedReportingOverflow(by: 2).overflow ? Int.max : 2 * listValues,
                              1 << 16)
        let (cycleValues, cycleOverflow) = period.multipliedReportingOverflow(by: width)
        let laidOut = !cycleOverflow && cycleValues <= layoutLimit
        let rowValues = laidOut ? cycleValues : min(trials, max(InputRows.chunkValues / max(width, 1), 1)) * width
        let (total, tooMany) = listValues.addingReportingOverflow(rowValues)
        try MemoryBudget.require(tooMany || total > Int.max / 8 ? nil : total * MemoryLayout<Double>.size,
                                 for: "inputs: \(entries.count) input lists of \(listValues) values in all"
                                    + (laidOut ? ", laid out over their period of \(period) trials," : ""),
                                 fix: "give shorter input lists or smaller input nodes")
        var nodes: [InputRows.NodeList] = []
        for node in entries {
            let slots = program.inputs.filter { $0.node == node.node }
            let counts = slots.map { program[$0.buffer].count }
            let nodeWidth = counts.reduce(0, +)
            // Words for errors only, made when one is thrown (a run's cost per call counts: the C API).
            func name() -> String { "\(node.section): '\(node.key)'" }
            var values = [Double](repeating: 0, count: node.list.count * nodeWidth)
            var at = 0
            for (e, entry) in node.list.enumerated() {
                guard entry.count == slots.count else {
                    throw RunError("\(name()) entry \(e): expected \(slots.count) input port vector(s), got \(entry.count)")
                }
                for (k, slot) in slots.enumerated() {
                    let vector = entry[k]
                    guard vector.count == counts[k] else {
                        throw RunError("\(name()) entry \(e), \(slot.port): expected \(counts[k]) values, got \(vector.count)")
                    }
                    if let bad = vector.firstIndex(where: { !$0.isFinite }) {
                        throw RunError("\(name()) entry \(e), \(slot.port)[\(bad)]: \(vector[bad]) is not a finite number")
                    }
                    values.replaceSubrange(at..<(at + vector.count), with: vector)
                    at += vector.count
                }
            }
            nodes.append(InputRows.NodeList(values: values, entries: node.list.count, nodeWidth: nodeWidth,
                                            slots: zip(slots, counts).map { (layout.offsets[$0.buffer.index], $1) }))
        }
        return InputRows(nodes: nodes, width: width, period: period, layOut: laidOut)
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
