import MechanistIR
import MechanistLLVM
import MechanistModel

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
    /// The model's learning: TARGET nodes, learning rates, learned weights (empty without).
    package let learning: LearningInterface
    /// Ports recorded at every execution within a trial (`--record-steps`).
    package let stepRecords: [StepRecord]
    /// The threshold nodes' flags: the last output slots, after the recorded ports.
    package let undecided: [UndecidedFlag]
    /// Seconds from the model to a callable function (set by `compile`).
    public internal(set) var compileSeconds: Double = 0
    /// The model as compiled, with every parameter set since (nil for a bare Program): names
    /// resolve against it, and derived values (a recurrent matrix) are rebuilt from it.
    package internal(set) var model: Model?
    /// The parameters settable without recompiling (Parameters.swift).
    package let runtimeParameters: [RuntimeParameter]
    /// What `reset()` restores the params arena to: the initial contents, with every
    /// parameter set since.
    var initialParams: [Double]

    // Internal, not private: `learn` (Learn.swift) sets learning rates in both copies of the
    // params, and `runRows` (RowRuns.swift) runs the primary engine over the caller's memory.
    var params: [Double]
    var state: [Double]
    var primary: any Engine
    /// Verify mode: compiled code with its own copy of params and state.
    var shadow: (engine: CompiledEngine, params: [Double], state: [Double])?

    /// - Throws: `IRVerificationError` for a Program the IR verifier rejects, in every mode
    ///   (the engines refuse it too; checking first gives every mode the same error), then
    ///   `RunError` when `learning` does not fit the Program, then `LLVMError` when the
    ///   compiled modes cannot compile it.
    init(program: Program, layout: BufferLayout, mode: ExecutionMode, resultCount: Int,
         learning: LearningInterface = LearningInterface(), stepRecords: [StepRecord] = [],
         undecided: [UndecidedFlag] = [], parameters: [RuntimeParameter] = [], optimize: Bool = true,
         firstUse: EntryPoint = .trial, parallelism: CompileParallelism = .automatic) throws {
        try program.verify()
        try learning.check(against: program)
        self.program = program
        self.layout = layout
        self.mode = mode
        self.resultCount = resultCount
        self.learning = learning
        self.stepRecords = stepRecords
        self.undecided = undecided
        runtimeParameters = parameters
        // Arenas: parameters twice (initial and current) and state, twice more in verify mode.
        let arenaValues = 2 * layout.size(.params) + layout.size(.state) + layout.size(.scratch)
        try MemoryBudget.require(arenaValues.multipliedReportingOverflow(by: (mode == .verify ? 2 : 1) * 8).partialValue,
                                 for: "the model's arenas (\(layout.size(.params)) parameter and weight values, "
                                    + "\(layout.size(.state)) state values)",
                                 fix: "use smaller layers")
        initialParams = layout.initialContents(.params, of: program)
        params = initialParams
        state = layout.initialContents(.state, of: program)
        // The other per-trial loop compiles on first use (`prepare`).
        let now: Set<EntryPoint> = [.initialization, .runStart, firstUse]
        switch mode {
        case .interpreted:
            primary = try InterpretedEngine(program: program)
        case .compiled:
            primary = try CompiledEngine(program: program, layout: layout, optimize: optimize, entryPoints: now,
                                         parallelism: parallelism)
        case .verify:
            primary = try InterpretedEngine(program: program)
            shadow = (try CompiledEngine(program: program, layout: layout, optimize: optimize, entryPoints: now,
                                         parallelism: parallelism), params, state)
        }
        try reset()
    }

    /// A copy of this executable over the same compiled code (sweeps, one per thread): its own
    /// parameters, weights, state and scratch, starting from this one's current values, with
    /// nothing recompiled. The compiled code is shared; it is safe to run from several threads
    /// over distinct arenas, and its lazily compiled entry points are compiled under a lock.
    package func sibling() -> Executable { Executable(sibling: self) }

    private init(sibling other: Executable) {
        program = other.program
        layout = other.layout
        mode = other.mode
        resultCount = other.resultCount
        learning = other.learning
        stepRecords = other.stepRecords
        undecided = other.undecided
        compileSeconds = other.compileSeconds
        model = other.model
        runtimeParameters = other.runtimeParameters
        initialParams = other.initialParams
        params = other.params
        state = other.state
        // The engines are values holding their own scratch and a reference to the shared
        // compiled code (or the immutable interpreter).
        primary = other.primary
        shadow = other.shadow
    }

    /// Restores every weight and state value to its initial contents and runs the program's
    /// initialization (e.g. RANDOM matrices, initial outputs). Parameters keep the values
    /// `setParameter` gave them (and a recurrent matrix the one they define).
    public func reset() throws {
        params = initialParams
        state = layout.initialContents(.state, of: program)
        primary.run(.initialization, params: &params, state: &state)
        if var s = shadow {
            s.params = initialParams
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
    /// A model with learning pathways runs without learning: its TARGET nodes take no inputs.
    /// In verify mode, throws the first `Divergence`.
    public func run(inputs: [String: [[[Double]]]], trials: Int? = nil) throws -> RunResult {
        collect(try rawRun(inputs: inputs, trials: trials))
    }

    /// `run`'s trials without building the `RunResult` (sweeps summarize the output rows).
    package func rawRun(inputs: [String: [[[Double]]]], trials: Int? = nil) throws -> RawRun {
        let entries = try trialEntries(inputs: inputs, targets: nil)
        let trialCount = trials ?? entries.filter { $0.given }.map { $0.list.count }.max() ?? 1
        return try runTrials(of: .trial, entries: entries, trials: trialCount)
    }

    /// Compiles `entryPoint` if this is its first use, adding the time to `compileSeconds`.
    func prepare(_ entryPoint: EntryPoint) throws {
        let start = ContinuousClock.now
        let compiledPrimary = try primary.prepare(entryPoint)
        let compiledShadow = try shadow?.engine.prepare(entryPoint) ?? false
        guard compiledPrimary || compiledShadow else { return }
        compileSeconds += (ContinuousClock.now - start).seconds
    }

    /// A run of a per-trial entry point: `runStart`, then `entryPoint` once per trial. With
    /// `progress`, the trials run in chunks (about 1% of them each), calling it after each;
    /// the results, state and weights are bitwise those of one call.
    func runTrials(of entryPoint: EntryPoint, entries: [NodeEntries], trials trialCount: Int,
                   progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> RawRun {
        guard trialCount >= 0 else { throw RunError("trials: expected a non-negative number, got \(trialCount)") }
        try prepare(entryPoint)
        let rows = try inputRows(entries, trials: trialCount)
        return try runTrials(of: entryPoint, rows: rows, trials: trialCount, progress: progress)
    }

    /// `runTrials` over input rows (`InputRows`: a laid-out cycle, trial t reading row
    /// `t % rows.count`, or lists per node, laid out chunk by chunk).
    func runTrials(of entryPoint: EntryPoint, rows: InputRows, trials trialCount: Int,
                   progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> RawRun {
        try checkRecordedSize(trials: trialCount)
        let width = layout.outputWidth
        let values = trialCount * width
        // Trajectories are read from the state after every trial (their area holds one trial);
        // rows laid out per chunk bound the chunk.
        let chunk = min(!stepRecords.isEmpty ? 1 : progress == nil ? max(trialCount, 1) : max(trialCount / 100, 1),
                        rows.chunkTrials)
        var steps = StepTrajectories(stepRecords)
        var outputs = [Double](repeating: 0, count: values)
        let start = ContinuousClock.now
        startRun()
        for first in stride(from: 0, to: trialCount, by: chunk) {
            let range = first..<min(first + chunk, trialCount)
            if shadow == nil && range.count == trialCount && rows.isLaidOut {
                primary.run(entryPoint, params: &params, state: &state, inputs: rows.values, inputRows: rows.count,
                            outputs: &outputs, trials: trialCount)
            } else {
                try runChunk(of: entryPoint, range, rows: rows, into: &outputs, at: range.lowerBound * width)
            }
            if !stepRecords.isEmpty { try steps.append(trial: range.lowerBound, from: state, layout: layout) }
            progress?(range.upperBound, trialCount)
        }
        let seconds = (ContinuousClock.now - start).seconds
        return RawRun(outputs: outputs, trials: trialCount, seconds: seconds, steps: steps)
    }

    /// Runs the run-start entry point in every engine: what begins a run.
    func startRun() {
        primary.run(.runStart, params: &params, state: &state)
        if var s = shadow {
            s.engine.run(.runStart, params: &s.params, state: &s.state)
            shadow = s
        }
    }

    /// Runs trials `range` of a started run, writing their output rows into `outputs` from
    /// `offset`. Chunks run one after another continue the run exactly as one call would
    /// (state, noise and scheduler counters live in the arenas), so the bits are the same.
    func runChunk(of entryPoint: EntryPoint, _ range: Range<Int>, rows: InputRows, into outputs: inout [Double],
                  at offset: Int) throws {
        if shadow != nil {
            try verifyTrials(of: entryPoint, range, rows: rows, into: &outputs, at: offset)
            return
        }
        let (input, inputCount) = rows.rows(for: range)
        let values = range.count * layout.outputWidth
        if offset == 0 && outputs.count == values && values > 0 {
            primary.run(entryPoint, params: &params, state: &state, inputs: input, inputRows: inputCount,
                        outputs: &outputs, trials: range.count)
            return
        }
        var part = [Double](repeating: 0, count: values)
        primary.run(entryPoint, params: &params, state: &state, inputs: input, inputRows: inputCount,
                    outputs: &part, trials: range.count)
        outputs.replaceSubrange(offset..<(offset + values), with: part.prefix(values))
    }

    /// The memory a trial of a run's result takes, held whole: its output row, and in the
    /// `RunResult` a vector per output slot (an array each: a 32-byte header, rounded up) and the
    /// trial's list of them. A row of one value takes about 150 bytes, not 8.
    package var resultBytesPerTrial: Int {
        layout.outputWidth * 2 * MemoryLayout<Double>.size + 64 + 48 * program.outputs.count
    }

    /// Refuses a run of `trialCount` trials whose recorded values would not fit in memory (the
    /// C API checks it before a run, to report it as such).
    /// `holdingResult`: whether a `RunResult` is built from them (not for rows the caller owns).
    package func checkRecordedSize(trials trialCount: Int, holdingResult: Bool = true) throws {
        let width = layout.outputWidth
        let (values, overflow) = trialCount.multipliedReportingOverflow(by: width)
        guard !overflow, values <= Executable.maxRecordedValues else {
            throw RunError("trials: \(trialCount) trials x \(width) recorded values per trial would not fit in memory "
                + "(at most \(Executable.maxRecordedValues) values per run); run fewer trials per call, state persists "
                + "between runs")
        }
        // The recorded values, and the result built from them (`collect`), before allocating.
        let (bytes, tooMany) = holdingResult ? trialCount.multipliedReportingOverflow(by: resultBytesPerTrial)
            : (values * 2 * MemoryLayout<Double>.size, false)  // values <= 2^30
        try MemoryBudget.require(tooMany ? nil : bytes,
                                 for: "trials: \(trialCount) trials x \(width) recorded values per trial",
                                 fix: "run fewer trials per call (state persists between runs) or record fewer ports")
    }

    /// A run's output rows as the engines wrote them: row t, `layout.outputWidth` values,
    /// slot k at column `layout.outputColumns[k]`.
    package struct RawRun {
        package var outputs: [Double]
        package var trials: Int
        package var seconds: Double
        package var steps: StepTrajectories
    }

    /// The `RunResult` of a raw run.
    package func collect(_ raw: RawRun) -> RunResult {
        var result = collect(raw.outputs, trials: raw.trials, runSeconds: raw.seconds)
        raw.steps.store(into: &result)
        return result
    }

    /// Verify mode: runs trials `range` one at a time in both engines, comparing every output,
    /// state and weight value after each; the rows go into `outputs` from `offset`.
    private func verifyTrials(of entryPoint: EntryPoint, _ range: Range<Int>, rows: InputRows,
                              into outputs: inout [Double], at offset: Int) throws {
        guard var s = shadow else { return }
        // While the trials run, `s` alone holds the shadow's arenas, so the engine writes them
        // in place instead of copying them every trial.
        shadow = nil
        defer { shadow = s }
        let width = layout.outputWidth
        var row = [Double](repeating: 0, count: width)
        var shadowRow = row
        for t in range {
            let input = rows.row(trial: t)
            primary.run(entryPoint, params: &params, state: &state, inputs: input, inputRows: 1,
                        outputs: &row, trials: 1)
            s.engine.run(entryPoint, params: &s.params, state: &s.state, inputs: input, inputRows: 1,
                         outputs: &shadowRow, trials: 1)
            try compareOutputs(trial: t, interpreted: row, compiled: shadowRow)
            try compareArenas(trial: t, compiledParams: s.params, compiledState: s.state)
            let at = offset + (t - range.lowerBound) * width
            outputs.replaceSubrange(at..<(at + width), with: row.prefix(width))
        }
    }

    private func collect(_ outputs: [Double], trials: Int, runSeconds: Double) -> RunResult {
        var results: [[[Double]]] = []
        results.reserveCapacity(trials)
        var nodes: [String: [String: [[Double]]]] = [:]
        var order: [(node: String, port: String)] = []
        let recorded = program.outputs.count - undecided.count
        for slot in program.outputs[resultCount..<recorded] where nodes[slot.node]?[slot.port] == nil {
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
                } else if k < recorded {
                    nodes[slot.node]?[slot.port]?.append(values)
                }
            }
            results.append(trialResult)
        }
        var result = RunResult(results: results, resultLabels: resultLabels, nodes: nodes, recordOrder: order,
                               mode: mode, trials: trials, compileSeconds: compileSeconds, runSeconds: runSeconds)
        result.undecided = undecidedTrials(outputs, trials: trials)
        return result
    }

    /// Per node with a threshold, the trials of a run's output rows that ended undecided.
    package func undecidedTrials(_ outputs: [Double], trials: Int) -> [UndecidedTrials] {
        let width = layout.outputWidth
        return undecided.map { flag in
            let column = layout.outputColumns[flag.slot]
            let trials = (0..<trials).filter { outputs[$0 * width + column] == 0 }
            return UndecidedTrials(node: flag.node, trials: trials, reason: flag.description)
        }
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
        // A trajectory area is compared up to its rows in use: the rest is never read, and
        // its capacity (up to 4 Mi values) would dominate every trial's comparison.
        var used: [Int: Int] = [:]
        for record in stepRecords {
            let rows = state[layout.offsets[record.counter.buffer.index] + record.counter.offset]
            let inUse = rows.isFinite && rows > 0 ? min(Int(rows), record.capacity) * record.width : 0
            used[record.steps.buffer.index] = inUse
        }
        for (index, decl) in program.buffers.enumerated() {
            let arena = BufferLayout.arena(of: decl.role)
            guard arena == .state || arena == .params else { continue }
            let (mine, theirs) = arena == .state ? (state, compiledState) : (params, compiledParams)
            let base = layout.offsets[index]
            for i in 0..<min(decl.count, used[index] ?? decl.count) where !Divergence.same(mine[base + i], theirs[base + i]) {
                throw Divergence(trial: trial, location: decl.name, index: i,
                                 interpreted: mine[base + i], compiled: theirs[base + i])
            }
        }
    }

    // MARK: Weights and state

    /// Names of the weight buffers (projection matrices), in program order.
    public var weightNames: [String] { program.buffers.filter { $0.role == .weight }.map(\.name) }
    /// Names of the weight buffers learning changes (projection names), in the model's
    /// projection order (empty for a model without learning).
    public var learnedWeightNames: [String] {
        let learned = Set(learning.learnedWeights)
        return program.buffers.filter { $0.role == .weight && learned.contains($0.name) }.map(\.name)
    }
    /// Labels (`node.PORT`) of the result slots, in order: one per vector of a trial's results.
    public var resultLabels: [String] { program.outputs.prefix(resultCount).map(\.label) }
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

    // MARK: Snapshots

    /// Every weight and state value by name (trajectory areas aside: they hold one trial's
    /// steps): what `restore` puts back, here or in another process (`--save-state`).
    public func snapshot() -> ExecutableSnapshot {
        let trajectories = Set(stepRecords.map(\.steps.buffer.index))
        var result = ExecutableSnapshot()
        for (index, decl) in program.buffers.enumerated() where !trajectories.contains(index) {
            let base = layout.offsets[index]
            switch decl.role {
            case .weight: result.weights.append((decl.name, Array(params[base..<(base + decl.count)])))
            case .state: result.state.append((decl.name, Array(state[base..<(base + decl.count)])))
            default: continue
            }
        }
        return result
    }

    /// Puts back the weights and state of a snapshot (in verify mode, into both executors):
    /// the next run continues from them. Values the snapshot does not name keep theirs.
    /// - Throws: `RunError` for a name this executable lacks or a length that differs, before
    ///   anything changes.
    public func restore(_ snapshot: ExecutableSnapshot) throws {
        var writes: [(BufferID, BufferDecl, [Double])] = []
        for (name, values) in snapshot.weights {
            let (id, decl) = try lookup(name, role: .weight)
            writes.append((id, decl, values))
        }
        for (name, values) in snapshot.state {
            let (id, decl) = try lookup(name, role: .state)
            writes.append((id, decl, values))
        }
        for (_, decl, values) in writes where values.count != decl.count {
            throw RunError("'\(decl.name)': the snapshot holds \(values.count) values, this model \(decl.count)")
        }
        for (id, decl, values) in writes {
            if decl.role == .weight {
                try write(values, to: id, decl: decl, into: &params)
                if var s = shadow { try write(values, to: id, decl: decl, into: &s.params); shadow = s }
            } else {
                try write(values, to: id, decl: decl, into: &state)
                if var s = shadow { try write(values, to: id, decl: decl, into: &s.state); shadow = s }
            }
        }
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

extension Duration {
    /// This duration in seconds, as a double.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
