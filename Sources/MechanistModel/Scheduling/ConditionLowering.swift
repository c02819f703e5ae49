import MechanistIR

/// Compiles scheduler conditions to elementwise expressions that evaluate to exactly 1 (the
/// condition holds) or 0, over the scheduler's counters and the nodes' state — graph_scheduler
/// 0.21's `is_satisfied`, one condition type per case:
/// - `AtPass(n)`/`AfterPass(n)`: passes completed in this trial `== n` / `> n`;
/// - `AtTrial(n)`/`AfterTrial(n)`: trials completed in this run `== n` / `> n`;
/// - `EveryNCalls(d, n)`: calls of d since the condition's owner last ran (this trial) `>= n`;
/// - `AfterNCalls`/`AtNCalls`/`BeforeNCalls(d, n, scale)`: calls of d in the current
///   pass/trial/run (default trial) `>= n` / `== n` / `< n`;
/// - `AllHaveRun(nodes, scale)`: each of `nodes` (none: every node the pass can run, `counted`)
///   ran at least once;
/// - `WhenFinished(d)`: d's finished flag (a node without one is always finished: PsyNeuLink's
///   `is_finished_flag` starts true);
/// - `Threshold(d, "value", t, cmp, indices)`: one element of d's value against t; `==` and
///   `!=` are numpy's `isclose` (`|x - t| <= atol + rtol * |t|`);
/// - `All` = product, `Any` = max, `Not` = 1 - x (empty All holds, empty Any does not),
///   combined as balanced trees (every operand is exactly 0 or 1, so the grouping changes no
///   bit and the code's dependency chains stay logarithmic);
/// - within one `Any`, `wideSet` or more `AtPass` (or `AtTrial`) numbers become one
///   membership test: a `reduce` (max) over a table of the numbers, a loop whose code size
///   does not grow with the set (N branches made LLVM's SLP vectorizer superlinear: Any of
///   4000 AtPass took 51 s to compile). The reduce is a `CompiledCondition.prelude`.
///
/// A condition compiled: `prelude` computes what `value` reads (a wide set's membership) from
/// the counters as they are, so it must run right before every evaluation of `value`.
struct CompiledCondition {
    var prelude: [Op] = []
    var value: Expr

    /// Emits the prelude, then `dst = value`.
    func assign(to dst: Slice, in builder: inout ProgramBuilder) {
        for op in prelude { builder.emit(op) }
        builder.assign(dst, value)
    }
}

struct ConditionCompiler {
    /// The smallest set of `AtPass` or `AtTrial` numbers within one `Any` compiled as a table
    /// lookup rather than one comparison each.
    static let wideSet = 8
    let counters: SchedulerCounters
    /// The nodes `AllHaveRun()` without names waits for: those the trial's passes run
    /// (processing nodes; in a learning trial also the AutoAssociativeLearningMechanisms,
    /// as PsyNeuLink's `learn` schedules them in the pass).
    let counted: [Int]

    /// `condition` owned by node `owner` (nil for termination conditions), compiled.
    func compile(_ condition: Condition, owner: Int?, at path: JSONPath,
                 context: inout LoweringContext) throws(ModelError) -> CompiledCondition {
        var prelude: [Op] = []
        let value = try expression(condition, owner: owner, at: path, context: &context, prelude: &prelude)
        return CompiledCondition(prelude: prelude, value: value)
    }

    /// The expression of `condition`; ops it needs first are appended to `prelude`.
    private func expression(_ condition: Condition, owner: Int?, at path: JSONPath,
                            context: inout LoweringContext, prelude: inout [Op]) throws(ModelError) -> Expr {
        let graph = context.graph
        func node(_ name: String) throws(ModelError) -> Int {
            guard let i = graph.indexByName[name] else {
                throw ModelError(.unknownReference, at: path / "node", "unknown node \"\(name)\"")
            }
            return i
        }
        func flag(_ cmp: Comparison, _ a: Expr, _ b: Expr) -> Expr {
            .select(cmp, a, b, then: .constant(1), else: .constant(0))
        }
        func count(_ name: String, _ scale: TimeScale?) throws(ModelError) -> Expr {
            let i = try node(name)
            guard let c = counters.calls(of: i, SchedulerCounters.Scale(scale)) else {
                throw Self.missing(path)
            }
            return .scalar(c)
        }
        switch condition {
        case .always: return .constant(1)
        case .never: return .constant(0)
        case .atPass(let n): return flag(.equal, .scalar(counters.pass), .constant(Double(n)))
        case .afterPass(let n): return flag(.greater, .scalar(counters.pass), .constant(Double(n)))
        case .atTrial(let n): return flag(.equal, .scalar(counters.trial), .constant(Double(n)))
        case .afterTrial(let n): return flag(.greater, .scalar(counters.trial), .constant(Double(n)))
        case .everyNCalls(let name, let n):
            guard let owner else { throw Self.ownerless(path) }
            guard let u = counters.useable[SchedulerCounters.Pair(dependency: try node(name), owner: owner)] else {
                throw Self.missing(path)
            }
            return flag(.greaterEqual, .scalar(u), .constant(Double(n)))
        case .afterNCalls(let name, let n, let scale):
            return flag(.greaterEqual, try count(name, scale), .constant(Double(n)))
        case .atNCalls(let name, let n, let scale):
            return flag(.equal, try count(name, scale), .constant(Double(n)))
        case .beforeNCalls(let name, let n, let scale):
            return flag(.less, try count(name, scale), .constant(Double(n)))
        case .whenFinished(let name):
            guard let finished = context.mechanisms[try node(name)].finished else { return .constant(1) }
            return flag(.notEqual, .scalar(finished), .constant(0))
        case .allHaveRun(let names, let scale):
            // Nodes that never run in a pass (learning components of the learning phase) would
            // keep the trial from ever ending: "every node" is every node a pass can run.
            let nodes = names.isEmpty ? counted.map { context.model.nodes[$0].name } : names
            var ran: [Expr] = []
            for name in nodes { ran.append(flag(.greaterEqual, try count(name, scale), .constant(1))) }
            return Self.balanced(ran, empty: 1) { $0 * $1 }
        case .threshold(let t):
            return try threshold(t, at: path, context: context)
        case .all(let list):
            var all: [Expr] = []
            for (k, c) in list.enumerated() {
                all.append(try expression(c, owner: owner, at: path / "conditions" / k, context: &context,
                                          prelude: &prelude))
            }
            return Self.balanced(all, empty: 1) { $0 * $1 }
        case .any(let list):
            var any: [Expr] = []
            var passes: [Int] = [], trials: [Int] = []
            for c in list {
                if case .atPass(let n) = c { passes.append(n) }
                if case .atTrial(let n) = c { trials.append(n) }
            }
            let widePasses = Set(passes).count >= Self.wideSet, wideTrials = Set(trials).count >= Self.wideSet
            for (k, c) in list.enumerated() {
                if case .atPass = c, widePasses { continue }
                if case .atTrial = c, wideTrials { continue }
                any.append(try expression(c, owner: owner, at: path / "conditions" / k, context: &context,
                                          prelude: &prelude))
            }
            if widePasses { any.append(Self.member(counters.pass, of: passes, context: &context, prelude: &prelude)) }
            if wideTrials { any.append(Self.member(counters.trial, of: trials, context: &context, prelude: &prelude)) }
            return Self.balanced(any, empty: 0) { .binary(.max, $0, $1) }
        case .not(let inner):
            return .constant(1) - (try expression(inner, owner: owner, at: path / "condition", context: &context,
                                                  prelude: &prelude))
        }
    }

    /// `items` combined pairwise into a balanced tree (`empty` when there are none).
    static func balanced(_ items: [Expr], empty: Double, _ combine: (Expr, Expr) -> Expr) -> Expr {
        guard !items.isEmpty else { return .constant(empty) }
        var level = items
        while level.count > 1 {
            var next: [Expr] = []
            next.reserveCapacity((level.count + 1) / 2)
            for k in stride(from: 0, to: level.count, by: 2) {
                next.append(k + 1 < level.count ? combine(level[k], level[k + 1]) : level[k])
            }
            level = next
        }
        return level[0]
    }

    /// 1 when `counter` equals one of `numbers`, else 0: a max-reduce over a table of the
    /// distinct numbers (a parameter buffer no host sets), computed into a scalar by `prelude`.
    static func member(_ counter: Slice, of numbers: [Int], context: inout LoweringContext,
                       prelude: inout [Op]) -> Expr {
        let distinct = Set(numbers).sorted().map(Double.init)
        let table = context.buffer("scheduler.set", .parameter, .vector(distinct.count), initial: distinct)
        let hit = context.buffer("scheduler.set_hit", .temp, .scalar)
        let equal = Expr.select(.equal, .scalar(counter), .element(table), then: .constant(1), else: .constant(0))
        prelude.append(.reduce(dst: hit, .max, equal, count: distinct.count))
        return .scalar(hit)
    }

    /// `Threshold` over one element of a node's value (the only parameter compiled).
    private func threshold(_ t: ThresholdCondition, at path: JSONPath,
                           context: LoweringContext) throws(ModelError) -> Expr {
        guard t.parameter == "value" else {
            throw ModelError(.notSupported, at: path / "parameter",
                             "Threshold on parameter \"\(t.parameter)\" cannot be compiled",
                             hint: "use \"value\" with \"indices\" [row, element]")
        }
        guard let i = context.graph.indexByName[t.node] else {
            throw ModelError(.unknownReference, at: path / "node", "unknown node \"\(t.node)\"")
        }
        let rows = context.mechanisms[i].valueRows
        let element = try Self.element(of: rows, indices: t.indices ?? [], node: t.node, at: path / "indices")
        let x = Expr.scalar(element)
        let threshold = Expr.constant(t.threshold)
        func flag(_ cmp: Comparison, _ a: Expr, _ b: Expr) -> Expr {
            .select(cmp, a, b, then: .constant(1), else: .constant(0))
        }
        let tolerance = Expr.constant((t.atol ?? 0) + (t.rtol ?? 0) * abs(t.threshold))
        switch t.comparator {
        case "<": return flag(.less, x, threshold)
        case "<=": return flag(.lessEqual, x, threshold)
        case ">": return flag(.greater, x, threshold)
        case ">=": return flag(.greaterEqual, x, threshold)
        case "==": return flag(.lessEqual, .unary(.abs, x - threshold), tolerance)
        default:
            // "!=" (validation admits no other comparator): not isclose; NaN is never close.
            return .constant(1) - flag(.lessEqual, .unary(.abs, x - threshold), tolerance)
        }
    }

    /// The one element `value[indices...]` names, as numpy indexes a 2-d value (negative
    /// indices count from the end); what remains must be a single number, as PsyNeuLink's
    /// `float(param_value)` requires.
    static func element(of rows: [Slice], indices: [Int], node: String,
                        at path: JSONPath) throws(ModelError) -> Slice {
        func bad(_ why: String) -> ModelError {
            ModelError(.invalidValue, at: path, "\(why) in the value of \"\(node)\"",
                       hint: "its value has \(rows.count) row(s) of " + rows.map { "\($0.count)" }.joined(separator: ", ")
                           + " element(s); give [row, element]")
        }
        guard indices.count <= 2 else { throw bad("\(indices.count) indices are too many") }
        var candidates = rows
        if let r = indices.first {
            let row = r < 0 ? r + rows.count : r
            guard rows.indices.contains(row) else { throw bad("row \(r) does not exist") }
            candidates = [rows[row]]
        }
        if indices.count == 2 {
            let e = indices[1], row = candidates[0]
            let k = e < 0 ? e + row.count : e
            guard (0..<row.count).contains(k) else { throw bad("element \(e) does not exist") }
            return row.element(k)
        }
        guard candidates.count == 1, candidates[0].count == 1 else { throw bad("the indices leave several numbers") }
        return candidates[0]
    }

    static func missing(_ path: JSONPath) -> ModelError {
        ModelError(.notSupported, at: path, "internal: a scheduler counter this condition reads was not declared")
    }

    static func ownerless(_ path: JSONPath) -> ModelError {
        ModelError(.notSupported, at: path, "EveryNCalls counts calls since its owner last ran; "
                       + "this condition has no owner, so it cannot be compiled",
                   hint: "use AfterNCalls or AtNCalls (calls in the trial) here")
    }

    /// The counters `condition` reads, added to `needs`.
    static func collect(_ condition: Condition, owner: Int?, graph: ModelGraph, into needs: inout SchedulerNeeds) {
        switch condition {
        case .always, .never, .atPass, .afterPass, .atTrial, .afterTrial, .whenFinished, .threshold:
            break
        case .everyNCalls(let name, _):
            if let owner, let d = graph.indexByName[name] {
                needs.pairs.insert(SchedulerCounters.Pair(dependency: d, owner: owner))
            }
        case .afterNCalls(_, _, let scale), .atNCalls(_, _, let scale), .beforeNCalls(_, _, let scale),
             .allHaveRun(_, let scale):
            needs.scales.insert(SchedulerCounters.Scale(scale))
        case .all(let list), .any(let list):
            for c in list { collect(c, owner: owner, graph: graph, into: &needs) }
        case .not(let inner):
            collect(inner, owner: owner, graph: graph, into: &needs)
        }
    }

    /// True when `condition` reads the call counts of a node in `members` (so whether it
    /// holds can change while its consideration set is being decided).
    static func readsCounts(of members: Set<Int>, _ condition: Condition, graph: ModelGraph) -> Bool {
        switch condition {
        case .always, .never, .atPass, .afterPass, .atTrial, .afterTrial, .whenFinished, .threshold:
            return false
        case .everyNCalls(let name, _), .afterNCalls(let name, _, _), .atNCalls(let name, _, _),
             .beforeNCalls(let name, _, _):
            return graph.indexByName[name].map(members.contains) ?? false
        case .allHaveRun(let names, _):
            return names.isEmpty || names.contains { graph.indexByName[$0].map(members.contains) ?? false }
        case .all(let list), .any(let list):
            return list.contains { readsCounts(of: members, $0, graph: graph) }
        case .not(let inner):
            return readsCounts(of: members, inner, graph: graph)
        }
    }
}
