import MechanistIR

/// The most passes one scheduled trial runs. PsyNeuLink loops until the trial's termination
/// condition holds, forever if it never does (e.g. a node whose condition is `Never` under
/// the default `AllHaveRun`); compiled code stops after this many passes and the trial ends.
let maxPassesPerTrial = 100_000

extension LoweringContext {
    /// A trial without a scheduler section: PsyNeuLink's defaults run every node once, in one
    /// pass. An acyclic graph is straight-line code in `graph.order`; a graph with cycles
    /// visits its consideration sets in order, each with frozen values.
    mutating func lowerUnscheduledTrial() throws(ModelError) {
        // Without a cycle among the processing nodes there is none in their consideration
        // sets either (learning components, which read but are not read, join no cycle), so
        // the queue is not built (a part of lowering a large model, issue 13).
        if graph.acyclic {
            for i in graph.order { try lowerExecution(of: i, variables: portVariables(of: i)) }
            return
        }
        let queue = considerationQueue
        guard queue.hasCycles else {
            for i in graph.order { try lowerExecution(of: i, variables: portVariables(of: i)) }
            return
        }
        for set in queue.sets { try lowerSetExecutions(set, flags: [:]) }
    }

    /// A trial as graph_scheduler 0.21 runs it, compiled (run start ops, then the trial):
    /// 1. `reset_stateful_function_when`: each condition is evaluated once, before the first
    ///    pass (pass 0, the previous trial's call counts), and resets its node when it holds;
    /// 2. the trial's call counts start at 0; if the termination condition (default
    ///    `AllHaveRun()`) already holds, nothing runs;
    /// 3. passes (an `until` loop, at most `maxPassesPerTrial`): each visits the
    ///    consideration sets in order; a set first decides which members run (each member's
    ///    condition, default `EveryNCalls(parent, 1)` for each parent, `Always` without
    ///    parents; a member added updates the counts at once, and the members are
    ///    re-examined until none is added, as graph_scheduler's do-while does), then runs
    ///    them with frozen values; the termination condition is checked after every set, so
    ///    a trial can end in the middle of a pass.
    ///
    /// `hebbianInPasses` lowers a learning trial's passes: each AutoAssociativeLearningMechanism
    /// runs in the consideration set after its mechanism's, by default whenever that mechanism
    /// ran since (`EveryNCalls(mechanism, 1)`), applies its change at once (the next execution
    /// of the recurrent projection uses it), and counts for `AllHaveRun()` — PsyNeuLink 0.21's
    /// `learn` (docs/LEARNING_SEMANTICS.md). The first call (the processing trial) declares the
    /// counters, for both kinds of trial, and emits the run start.
    mutating func lowerScheduledTrial(_ scheduler: Scheduler, hebbianInPasses: Bool = false) throws(ModelError) {
        let queue = considerationQueue(hebbianInPasses: hebbianInPasses)
        let base = JSONPath() / "scheduler"
        let conditions = scheduledConditions(scheduler, queue: queue)
        let termination = scheduler.trialTermination ?? .allHaveRun(nodes: [], timeScale: nil)
        let terminationPath = base / "termination" / "trial"
        let resets = scheduler.resetStatefulFunctionWhen.compactMap { entry in
            graph.indexByName[entry.node].map { (node: $0, condition: entry.condition,
                                                 path: base / "reset_stateful_function_when" / entry.node) }
        }

        let counters: SchedulerCounters
        if let declared = schedulerCounters {
            counters = declared
        } else {
            var needs = SchedulerNeeds()
            // The learning trial's learners' conditions too: both trials share these counters.
            let learningConditions = scheduledConditions(scheduler, queue: considerationQueue(hebbianInPasses: true))
            for list in [conditions, learningConditions] {
                for (i, c) in list.enumerated() { ConditionCompiler.collect(c.condition, owner: i, graph: graph, into: &needs) }
            }
            ConditionCompiler.collect(termination, owner: nil, graph: graph, into: &needs)
            for r in resets { ConditionCompiler.collect(r.condition, owner: nil, graph: graph, into: &needs) }
            counters = SchedulerCounters(needs: needs, nodeCount: model.nodes.count, context: &self)
            schedulerCounters = counters
            counters.emitRunStart(&builder)
            builder.finish(.runStart)
        }
        let inPass = runsInPass(hebbianInPasses: hebbianInPasses)
        let compiler = ConditionCompiler(counters: counters, counted: model.nodes.indices.filter { inPass[$0] })
        // Compile every condition before emitting anything: a condition that cannot be
        // compiled is an error naming it.
        var expressions: [CompiledCondition] = []
        for (i, c) in conditions.enumerated() {
            expressions.append(try compiler.compile(c.condition, owner: i, at: c.path, context: &self))
        }
        let terminated = try compiler.compile(termination, owner: nil, at: terminationPath, context: &self)
        var resetExpressions: [CompiledCondition] = []
        for r in resets { resetExpressions.append(try compiler.compile(r.condition, owner: nil, at: r.path, context: &self)) }

        for (r, expression) in zip(resets, resetExpressions) {
            let flag = buffer("scheduler.reset.\(model.nodes[r.node].name)", .temp, .scalar)
            expression.assign(to: flag, in: &builder)
            let reset = try collectThrowingOps { (context) throws(ModelError) in try context.lowerReset(of: r.node) }
            if !reset.isEmpty { builder.emit(.branch(flag: flag, then: reset, otherwise: [])) }
        }
        counters.emitTrialStart(&builder)
        let done = buffer("scheduler.done", .temp, .scalar)
        terminated.assign(to: done, in: &builder)
        let pass = try collectThrowingOps { (context) throws(ModelError) in
            counters.emitPassStart(&context.builder)
            for set in queue.sets {
                let visit = try context.collectThrowingOps { (inner) throws(ModelError) in
                    try inner.lowerScheduledSet(set, conditions: conditions.map(\.condition),
                                                expressions: expressions, counters: counters)
                    terminated.assign(to: done, in: &inner.builder)
                }
                context.builder.emit(.branch(flag: done, then: [], otherwise: visit))
            }
            counters.emitPassEnd(&context.builder)
        }
        builder.emit(.until(flag: done, maxIterations: maxPassesPerTrial, body: pass))
        counters.emitTrialEnd(&builder)
    }

    /// Each node's condition in `queue`'s passes, with the path an error names: the
    /// scheduler section's, else graph_scheduler's default (`EveryNCalls(parent, 1)` for every
    /// parent, `Always` without parents).
    private func scheduledConditions(_ scheduler: Scheduler, queue: ConsiderationQueue)
        -> [(condition: Condition, path: JSONPath)] {
        let base = JSONPath() / "scheduler"
        var conditions: [(condition: Condition, path: JSONPath)] = queue.dependencies.enumerated().map { i, deps in
            let defaultPath = base / "conditions" / model.nodes[i].name
            switch deps.count {
            case 0: return (.always, defaultPath)
            case 1: return (.everyNCalls(node: model.nodes[deps[0]].name, n: 1), defaultPath)
            default: return (.all(deps.map { .everyNCalls(node: model.nodes[$0].name, n: 1) }), defaultPath)
            }
        }
        for entry in scheduler.conditions {
            if let i = graph.indexByName[entry.node] { conditions[i] = (entry.condition, base / "conditions" / entry.node) }
        }
        return conditions
    }

    /// One consideration set of a scheduled pass: decides which members run (in node order,
    /// re-examining the members while one more was added when some member's condition reads
    /// a member's counts), then runs them.
    private mutating func lowerScheduledSet(_ members: [Int], conditions: [Condition], expressions: [CompiledCondition],
                                            counters: SchedulerCounters) throws(ModelError) {
        var flags: [Int: Slice] = [:]
        for i in members { flags[i] = buffer("scheduler.run.\(model.nodes[i].name)", .temp, .scalar) }
        let memberSet = Set(members)
        let cascades = members.count > 1
            && members.contains { ConditionCompiler.readsCounts(of: memberSet, conditions[$0], graph: graph) }
        if cascades {
            let added = buffer("scheduler.added", .temp, .scalar)
            for i in members { if let f = flags[i] { builder.assign(f, .constant(0)) } }
            for _ in members {
                for i in members {
                    guard let f = flags[i] else { continue }
                    for op in expressions[i].prelude { builder.emit(op) }
                    builder.assign(added, (.constant(1) - .scalar(f)) * expressions[i].value)
                    counters.emitAdded(i, flag: added, &builder)
                    builder.assign(f, .scalar(f) + .scalar(added))
                }
            }
        } else {
            // No member's condition reads a member's counts: one look at each decides.
            for i in members {
                guard let f = flags[i] else { continue }
                expressions[i].assign(to: f, in: &builder)
                counters.emitAdded(i, flag: f, &builder)
            }
        }
        try lowerSetExecutions(members, flags: flags)
    }
}
