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

/// The per-trial input rows of a run or learn, laid out for the engines: the period is the
/// least common multiple of the lists' lengths (capped at the trial count), so compiled code
/// cycles through `count` rows of `width` values.
struct InputRows {
    var values: [Double]
    var count: Int
    var width: Int

    /// The rows trials `range` read, so that a call running them from its trial 0 sees row
    /// `(range.lowerBound + j) % count` at its trial j: all rows when they start the cycle, a
    /// rotation when the range covers a whole cycle, else just the range's rows.
    func rows(for range: Range<Int>) -> (values: [Double], count: Int) {
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

    /// Row `r` alone.
    func row(_ r: Int) -> [Double] { Array(values[(r * width)..<((r + 1) * width)]) }
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

    /// Lays out the rows of `trials` trials over the entries' lists.
    /// - Throws: `RunError` for an entry of the wrong shape or a non-finite number (naming
    ///   the section, key, entry and port), or a period too long to lay out.
    func inputRows(_ entries: [NodeEntries], trials: Int) throws -> InputRows {
        var period = 1
        for n in Set(entries.map { $0.list.count }) {
            let (next, overflow) = (period / gcd(period, n)).multipliedReportingOverflow(by: n)
            if overflow || next >= trials { period = max(trials, 1); break }
            period = next
        }
        let width = layout.size(.input)
        let (inputValues, tooMany) = period.multipliedReportingOverflow(by: width)
        guard !tooMany, inputValues <= Executable.maxRecordedValues else {
            throw RunError("inputs: the input lists' lengths cycle with a period of \(period) trials, too many to lay "
                + "out; give lists of equal length or run fewer trials per call")
        }
        try MemoryBudget.require(inputValues * MemoryLayout<Double>.size,
                                 for: "inputs: the input lists' lengths cycle with a period of \(period) trials; "
                                    + "\(period) rows x \(width) input values",
                                 fix: "give lists of equal length (or lengths that divide each other), or run fewer "
                                    + "trials per call")
        var rows = [Double](repeating: 0, count: period * width)
        for node in entries {
            let slots = program.inputs.filter { $0.node == node.node }
            // Words for errors only, made when one is thrown (a run's cost per call counts: the C API).
            func name() -> String { "\(node.section): '\(node.key)'" }
            for r in 0..<period {
                let e = r % node.list.count
                let entry = node.list[e]
                guard entry.count == slots.count else {
                    throw RunError("\(name()) entry \(e): expected \(slots.count) input port vector(s), got \(entry.count)")
                }
                for (k, slot) in slots.enumerated() {
                    let count = program[slot.buffer].count
                    let vector = entry[k]
                    guard vector.count == count else {
                        throw RunError("\(name()) entry \(e), \(slot.port): expected \(count) values, got \(vector.count)")
                    }
                    if let bad = vector.firstIndex(where: { !$0.isFinite }) {
                        throw RunError("\(name()) entry \(e), \(slot.port)[\(bad)]: \(vector[bad]) is not a finite number")
                    }
                    let base = r * width + layout.offsets[slot.buffer.index]
                    for (i, v) in vector.enumerated() { rows[base + i] = v }
                }
            }
        }
        return InputRows(values: rows, count: period, width: width)
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
