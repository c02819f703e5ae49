import MechanistIR

/// The scheduler's clock and call counts, as f64 state buffers the compiled trial updates
/// (graph_scheduler's `Clock`, `counts_total` and `counts_useable`). Only what some condition
/// reads is declared.
///
/// Lifetimes follow graph_scheduler 0.21 and PsyNeuLink's `Composition.run`/`execute`:
/// - `trial` counts the trials completed in this run (`AtTrial`/`AfterTrial`): zeroed at
///   the start of every run, incremented at the end of every trial;
/// - `pass` counts the passes completed in this trial: zero when a trial starts;
/// - `calls[scale]` counts each node's executions in the current pass, trial or run:
///   PASS (and TIME_STEP, which graph_scheduler zeroes with it) at every pass start, TRIAL
///   at every trial start (after `reset_stateful_function_when` was evaluated), all three at
///   every run start;
/// - `useable[(dependency, owner)]` (EveryNCalls) counts the dependency's executions since
///   the owner last ran: zeroed at every trial start and when the owner runs.
struct SchedulerCounters {
    /// The scale a call count is kept for (TIME_STEP counts behave as PASS counts).
    enum Scale: Hashable, CaseIterable {
        case pass, trial, run

        init(_ timeScale: TimeScale?) {
            switch timeScale {
            case .timeStep?, .pass?: self = .pass
            case .trial?, nil: self = .trial
            case .run?: self = .run
            }
        }

        var label: String {
            switch self {
            case .pass: return "PASS"
            case .trial: return "TRIAL"
            case .run: return "RUN"
            }
        }
    }

    /// An EveryNCalls count: calls of `dependency` since `owner` last ran.
    struct Pair: Hashable {
        var dependency: Int
        var owner: Int
    }

    var trial: Slice
    var pass: Slice
    /// Per scale used: one element per node.
    var calls: [Scale: Slice]
    /// Per EveryNCalls pair used: one element each.
    var useable: [Pair: Slice]

    /// Declares the buffers `needs` asks for.
    init(needs: SchedulerNeeds, nodeCount: Int, context: inout LoweringContext) {
        trial = context.buffer("scheduler.trial", .state, .scalar)
        pass = context.buffer("scheduler.pass", .state, .scalar)
        var calls: [Scale: Slice] = [:]
        for scale in Scale.allCases where needs.scales.contains(scale) {
            calls[scale] = context.buffer("scheduler.calls.\(scale.label)", .state, .vector(nodeCount))
        }
        self.calls = calls
        var useable: [Pair: Slice] = [:]
        let pairs = needs.pairs.sorted { ($0.owner, $0.dependency) < ($1.owner, $1.dependency) }
        if !pairs.isEmpty {
            let all = context.buffer("scheduler.useable", .state, .vector(pairs.count))
            for (k, pair) in pairs.enumerated() { useable[pair] = all.element(k) }
        }
        self.useable = useable
    }

    /// Node `i`'s count at `scale` (declared when the needs asked for it).
    func calls(of i: Int, _ scale: Scale) -> Slice? { calls[scale]?.element(i) }

    /// Run start: trial 0, pass 0, every call count 0 (PsyNeuLink's `_reset_counts_total(RUN)`).
    func emitRunStart(_ builder: inout ProgramBuilder) {
        builder.assign(trial, .constant(0))
        builder.assign(pass, .constant(0))
        for scale in Scale.allCases { if let c = calls[scale] { builder.assign(c, .constant(0)) } }
    }

    /// Trial start, after the reset conditions were evaluated: TRIAL counts and useable
    /// counts 0 (graph_scheduler's `run` prologue).
    func emitTrialStart(_ builder: inout ProgramBuilder) {
        if let c = calls[.trial] { builder.assign(c, .constant(0)) }
        for slice in useable.values.sorted(by: { $0.offset < $1.offset }) { builder.assign(slice, .constant(0)) }
    }

    /// Pass start: PASS counts 0.
    func emitPassStart(_ builder: inout ProgramBuilder) {
        if let c = calls[.pass] { builder.assign(c, .constant(0)) }
    }

    /// Node `i` was added to the consideration set's execution when `added[0]` is 1 (0
    /// otherwise): its counts grow by `added`, the counts it may spend drop to 0 and every
    /// count of it others may spend grows by `added`, in graph_scheduler's order (so a
    /// node's EveryNCalls of itself sees 1 after it ran). Branch-free: `added` is 0 or 1.
    func emitAdded(_ i: Int, flag added: Slice, _ builder: inout ProgramBuilder) {
        for scale in Scale.allCases {
            if let c = calls(of: i, scale) { builder.assign(c, .element(c) + .scalar(added)) }
        }
        let pairs = useable.keys.sorted { ($0.owner, $0.dependency) < ($1.owner, $1.dependency) }
        for pair in pairs where pair.owner == i {
            if let u = useable[pair] { builder.assign(u, .element(u) * (.constant(1) - .scalar(added))) }
        }
        for pair in pairs where pair.dependency == i {
            if let u = useable[pair] { builder.assign(u, .element(u) + .scalar(added)) }
        }
    }

    /// Pass end: one more pass.
    func emitPassEnd(_ builder: inout ProgramBuilder) {
        builder.assign(pass, .element(pass) + .constant(1))
    }

    /// Trial end: pass 0 (graph_scheduler's clock restarts the pass count with the next
    /// trial, before its reset conditions are evaluated), one more trial in this run.
    func emitTrialEnd(_ builder: inout ProgramBuilder) {
        builder.assign(pass, .constant(0))
        builder.assign(trial, .element(trial) + .constant(1))
    }
}

/// What the compiled conditions read: which call-count scales and EveryNCalls pairs.
struct SchedulerNeeds {
    var scales: Set<SchedulerCounters.Scale> = []
    var pairs: Set<SchedulerCounters.Pair> = []
}
