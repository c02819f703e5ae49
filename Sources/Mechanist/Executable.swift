import MechanistIR

/// A compiled model, ready to run: one interface over the interpreter, the JIT-compiled
/// function, or both (verify). It owns the model's parameters, weights and state, which
/// persist across runs until `reset()`.
public final class Executable {
    /// The optimized Program both executors run.
    package let program: Program
    package let layout: BufferLayout
    public let mode: ExecutionMode
    /// The first `resultCount` output slots are the results; the rest are recorded ports.
    public let resultCount: Int
    /// Seconds from the model to a callable function (set by `compile`).
    public internal(set) var compileSeconds: Double = 0

    private var params: [Double]
    private var state: [Double]
    private var primary: any Engine
    /// Verify mode: compiled code with its own copy of params and state.
    private var shadow: (engine: CompiledEngine, params: [Double], state: [Double])?

    /// - Throws: `IRVerificationError` for a Program the IR verifier rejects, in every mode
    ///   (the engines refuse it too; checking first gives every mode the same error), then
    ///   `LLVMError` when the compiled modes cannot compile it.
    init(program: Program, layout: BufferLayout, mode: ExecutionMode, resultCount: Int,
         optimize: Bool = true) throws {
        try program.verify()
        self.program = program
        self.layout = layout
        self.mode = mode
        self.resultCount = resultCount
        params = layout.initialContents(.params, of: program)
        state = layout.initialContents(.state, of: program)
        switch mode {
        case .interpreted:
            primary = try InterpretedEngine(program: program)
        case .compiled:
            primary = try CompiledEngine(program: program, layout: layout, optimize: optimize)
        case .verify:
            primary = try InterpretedEngine(program: program)
            shadow = (try CompiledEngine(program: program, layout: layout, optimize: optimize), params, state)
        }
        try reset()
    }

    /// Restores every parameter, weight and state value to its initial contents and runs the
    /// program's initialization (e.g. RANDOM matrices, initial outputs).
    public func reset() throws {
        params = layout.initialContents(.params, of: program)
        state = layout.initialContents(.state, of: program)
        primary.run(.initialization, params: &params, state: &state)
        if var s = shadow {
            s.params = layout.initialContents(.params, of: program)
            s.state = layout.initialContents(.state, of: program)
            s.engine.run(.initialization, params: &s.params, state: &s.state)
            shadow = s
            try compareArenas(trial: -1, compiledParams: s.params, compiledState: s.state)
        }
    }

    // MARK: Running

    /// The most recorded values one run may return (8 GiB of doubles).
    public static let maxRecordedValues = 1 << 30

    /// Runs trials over the inputs: `inputs[node][entry][port]` is a vector; trial t uses entry
    /// `t % entries` of every node's list. Without `trials`, as many trials as the longest list.
    /// In verify mode, throws the first `Divergence`.
    public func run(inputs: [String: [[[Double]]]], trials: Int? = nil) throws -> RunResult {
        try runTrials(of: .trial, inputs: inputs, trials: trials)
    }

    /// A run of a per-trial entry point: `runStart`, then `entryPoint` once per trial.
    private func runTrials(of entryPoint: EntryPoint, inputs: [String: [[[Double]]]], trials: Int?) throws
        -> RunResult {
        let (rows, rowCount, trialCount) = try inputRows(inputs, trials: trials)
        let width = layout.outputWidth
        let (values, overflow) = trialCount.multipliedReportingOverflow(by: width)
        guard !overflow, values <= Executable.maxRecordedValues else {
            throw RunError("trials: \(trialCount) trials x \(width) recorded values per trial would not fit in memory "
                + "(at most \(Executable.maxRecordedValues) values per run); run fewer trials per call, state persists "
                + "between runs")
        }
        var outputs = [Double](repeating: 0, count: values)
        let start = ContinuousClock.now
        primary.run(.runStart, params: &params, state: &state)
        if var s = shadow {
            s.engine.run(.runStart, params: &s.params, state: &s.state)
            let inWidth = layout.size(.input)
            var row = [Double](repeating: 0, count: width)
            var shadowRow = row
            for t in 0..<trialCount {
                let r = t % rowCount
                let input = Array(rows[(r * inWidth)..<((r + 1) * inWidth)])
                primary.run(entryPoint, params: &params, state: &state, inputs: input, inputRows: 1,
                            outputs: &row, trials: 1)
                s.engine.run(entryPoint, params: &s.params, state: &s.state, inputs: input, inputRows: 1,
                             outputs: &shadowRow, trials: 1)
                shadow = s
                try compareOutputs(trial: t, interpreted: row, compiled: shadowRow)
                try compareArenas(trial: t, compiledParams: s.params, compiledState: s.state)
                outputs.replaceSubrange((t * width)..<((t + 1) * width), with: row.prefix(width))
            }
        } else if trialCount > 0 {
            primary.run(entryPoint, params: &params, state: &state, inputs: rows, inputRows: rowCount,
                        outputs: &outputs, trials: trialCount)
        }
        let seconds = (ContinuousClock.now - start).seconds
        return collect(outputs, trials: trialCount, runSeconds: seconds)
    }

    /// Lays out the per-trial input rows: the period is the least common multiple of the
    /// lists' lengths (capped at the trial count), so compiled code cycles through them.
    private func inputRows(_ inputs: [String: [[[Double]]]], trials: Int?)
        throws -> (rows: [Double], count: Int, trials: Int) {
        let inputNodes = Set(program.inputs.map(\.node))
        for node in inputs.keys.sorted() where !inputNodes.contains(node) {
            throw RunError("inputs: '\(node)' is not an INPUT node of the model; input nodes: "
                + inputNodes.sorted().joined(separator: ", "))
        }
        var lengths: [String: Int] = [:]
        for node in inputNodes.sorted() {
            guard let list = inputs[node], !list.isEmpty else {
                throw RunError("inputs: no inputs given for INPUT node '\(node)'")
            }
            lengths[node] = list.count
        }
        let longest = lengths.values.max() ?? 1
        let trialCount = trials ?? longest
        guard trialCount >= 0 else { throw RunError("trials: expected a non-negative number, got \(trialCount)") }
        var period = 1
        for n in lengths.values {
            let (next, overflow) = (period / gcd(period, n)).multipliedReportingOverflow(by: n)
            if overflow || next >= trialCount { period = max(trialCount, 1); break }
            period = next
        }
        let (inputValues, tooMany) = period.multipliedReportingOverflow(by: layout.size(.input))
        guard !tooMany, inputValues <= Executable.maxRecordedValues else {
            throw RunError("inputs: the input lists' lengths cycle with a period of \(period) trials, too many to lay "
                + "out; give lists of equal length or run fewer trials per call")
        }
        let width = layout.size(.input)
        var rows = [Double](repeating: 0, count: period * width)
        let portsByNode = Dictionary(grouping: program.inputs, by: \.node)
        for (node, slots) in portsByNode {
            guard let list = inputs[node] else { continue }
            for r in 0..<period {
                let entry = list[r % list.count]
                guard entry.count == slots.count else {
                    throw RunError("inputs: '\(node)' entry \(r % list.count): expected \(slots.count) input "
                        + "port vector(s), got \(entry.count)")
                }
                for (k, slot) in slots.enumerated() {
                    let count = program[slot.buffer].count
                    let vector = entry[k]
                    guard vector.count == count else {
                        throw RunError("inputs: '\(node)' entry \(r % list.count), \(slot.port): expected "
                            + "\(count) values, got \(vector.count)")
                    }
                    if let bad = vector.firstIndex(where: { !$0.isFinite }) {
                        throw RunError("inputs: '\(node)' entry \(r % list.count), \(slot.port)[\(bad)]: "
                            + "\(vector[bad]) is not a finite number")
                    }
                    let base = r * width + layout.offsets[slot.buffer.index]
                    for (i, v) in vector.enumerated() { rows[base + i] = v }
                }
            }
        }
        return (rows, period, trialCount)
    }

    private func collect(_ outputs: [Double], trials: Int, runSeconds: Double) -> RunResult {
        var results: [[[Double]]] = []
        results.reserveCapacity(trials)
        var nodes: [String: [String: [[Double]]]] = [:]
        var order: [(node: String, port: String)] = []
        for slot in program.outputs.dropFirst(resultCount) where nodes[slot.node]?[slot.port] == nil {
            nodes[slot.node, default: [:]][slot.port] = []
            order.append((slot.node, slot.port))
        }
        let width = layout.outputWidth
        for t in 0..<trials {
            var trialResult: [[Double]] = []
            for (k, slot) in program.outputs.enumerated() {
                let base = t * width + layout.outputColumns[k]
                let values = Array(outputs[base..<(base + slot.source.count)])
                if k < resultCount {
                    trialResult.append(values)
                } else {
                    nodes[slot.node]?[slot.port]?.append(values)
                }
            }
            results.append(trialResult)
        }
        return RunResult(results: results, nodes: nodes, recordOrder: order, mode: mode, trials: trials,
                         compileSeconds: compileSeconds, runSeconds: runSeconds)
    }

    // MARK: Verify

    private func compareOutputs(trial: Int, interpreted: [Double], compiled: [Double]) throws {
        for (k, slot) in program.outputs.enumerated() {
            for i in 0..<slot.source.count {
                let at = layout.outputColumns[k] + i
                if !Divergence.same(interpreted[at], compiled[at]) {
                    throw Divergence(trial: trial, location: slot.label, index: i,
                                     interpreted: interpreted[at], compiled: compiled[at])
                }
            }
        }
    }

    private func compareArenas(trial: Int, compiledParams: [Double], compiledState: [Double]) throws {
        for (index, decl) in program.buffers.enumerated() {
            let arena = BufferLayout.arena(of: decl.role)
            guard arena == .state || arena == .params else { continue }
            let (mine, theirs) = arena == .state ? (state, compiledState) : (params, compiledParams)
            let base = layout.offsets[index]
            for i in 0..<decl.count where !Divergence.same(mine[base + i], theirs[base + i]) {
                throw Divergence(trial: trial, location: decl.name, index: i,
                                 interpreted: mine[base + i], compiled: theirs[base + i])
            }
        }
    }

    // MARK: Weights and state

    /// Names of the weight buffers (projection matrices), in program order.
    public var weightNames: [String] { program.buffers.filter { $0.role == .weight }.map(\.name) }
    /// Names of the state buffers (`node.field`), in program order.
    public var stateNames: [String] { program.buffers.filter { $0.role == .state }.map(\.name) }

    /// A weight matrix by projection name, as rows.
    public func weight(_ name: String) throws -> [[Double]] {
        let (id, decl) = try lookup(name, role: .weight)
        let flat = Array(params[layout.offsets[id.index]..<(layout.offsets[id.index] + decl.count)])
        guard case .matrix(let rows, let columns)? = decl.shape else { return [flat] }
        return (0..<rows).map { Array(flat[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    /// Sets a weight matrix by projection name; the shape must match.
    public func setWeight(_ name: String, _ rows: [[Double]]) throws {
        let (id, decl) = try lookup(name, role: .weight)
        let flat = rows.flatMap { $0 }
        if case .matrix(let r, let c)? = decl.shape, rows.count != r || rows.contains(where: { $0.count != c }) {
            throw RunError("weight '\(name)': expected a \(r)x\(c) matrix")
        }
        try write(flat, to: id, decl: decl, into: &params)
        if var s = shadow { try write(flat, to: id, decl: decl, into: &s.params); shadow = s }
    }

    /// A state buffer by name (`node.value`, `node.integrator`, ...).
    public func state(_ name: String) throws -> [Double] {
        let (id, decl) = try lookup(name, role: .state)
        return Array(state[layout.offsets[id.index]..<(layout.offsets[id.index] + decl.count)])
    }

    /// Sets a state buffer by name; the length must match.
    public func setState(_ name: String, _ values: [Double]) throws {
        let (id, decl) = try lookup(name, role: .state)
        try write(values, to: id, decl: decl, into: &state)
        if var s = shadow { try write(values, to: id, decl: decl, into: &s.state); shadow = s }
    }

    private func lookup(_ name: String, role: BufferRole) throws -> (BufferID, BufferDecl) {
        guard let index = program.buffers.firstIndex(where: { $0.name == name && $0.role == role }) else {
            let known = program.buffers.filter { $0.role == role }.map(\.name)
            throw RunError("no \(role.rawValue) named '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return (BufferID(index), program.buffers[index])
    }

    private func write(_ values: [Double], to id: BufferID, decl: BufferDecl, into arena: inout [Double]) throws {
        guard values.count == decl.count else {
            throw RunError("'\(decl.name)': expected \(decl.count) values, got \(values.count)")
        }
        for (i, v) in values.enumerated() { arena[layout.offsets[id.index] + i] = v }
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

extension Duration {
    /// This duration in seconds, as a double.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
