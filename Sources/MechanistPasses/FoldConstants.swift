import MechanistIR

/// Evaluates what is known at compile time inside expressions.
///
/// - Reads of `parameter` buffers become constants (parameters are compile-time constants:
///   the verifier forbids writing them): a `.scalar` read always, an `.element`, `.row` or
///   `.column` read when all the elements it covers are bitwise the same value. `weight` and `state` are never folded.
/// - Subtrees whose leaves are all constants are evaluated with the executors' own scalar
///   semantics (`UnaryOp.apply` etc. in MechanistIR, which the interpreter uses too), so results are bitwise those the program would compute.
/// - Identities that hold bitwise for every input, -0.0, NaN and infinities included:
///   `x * 1`, `1 * x`, `x / 1`, `x - (+0.0)`, `x + (-0.0)`, `(-0.0) + x`, `-(-x)` become `x`,
///   and a `select` whose comparison is between constants becomes the chosen branch.
///   Not `x + 0` (-0.0 + 0.0 is +0.0) and not `x * 0` (NaN, infinities, signs).
///
/// `keeping` names parameter buffers that stay runtime values (the model's parameters, which
/// the host may set by name between runs): their reads are never folded. Compiling
/// specialized keeps none, so every parameter becomes a constant.
///
/// Parameter buffers that are no longer read stay declared (buffer ids stay stable for the
/// host and for the other passes); they cost only their space in the params arena.
/// - Precondition: the Program verifies.
/// - Postcondition: the Program verifies and computes bitwise the same outputs and state.
///   (Exception: a signalling NaN stored in a parameter and multiplied by 1 would be
///   quieted at run time but is passed through by the identity; no op produces one.)
package func foldConstants(_ program: Program, keeping: BufferSet = []) -> Program {
    // Each op folds on its own: a long list in halves at once (issue 13). An op in which
    // nothing folds is kept as it is, sharing its expression with the input Program.
    program.mappingLists { ops in
        ops.concurrentMap { op in
            var changed = false
            let result = op.mappingExpr { expr in
                guard let folded = folded(expr, in: program, keeping: keeping) else { return expr }
                changed = true
                return folded
            }
            return changed ? result : op
        }
    }
}

/// `expr` folded bottom-up, or nil when nothing in it folds: the caller keeps the tree it
/// has instead of a copy node for node (rebuilding every expression of a large Program in
/// which no runtime parameter folds was most of the pass, issue 13).
private func folded(_ expr: Expr, in program: Program, keeping: BufferSet) -> Expr? {
    switch expr {
    case .element(let s), .row(let s), .column(let s):
        guard !keeping.contains(s.buffer), let values = parameterValues(s, in: program), let first = values.first,
              values.allSatisfy({ $0.bitPattern == first.bitPattern }) else { return nil }
        return .constant(first)
    case .scalar(let s):
        guard !keeping.contains(s.buffer) else { return nil }
        return parameterValues(s, in: program)?.first.map(Expr.constant)
    case .constant, .index:
        return nil
    case .unary(let op, let a):
        let newA = folded(a, in: program, keeping: keeping)
        let a = newA ?? a
        if case .constant(let x) = a { return .constant(op.apply(x)) }
        if op == .negate, case .unary(.negate, let inner) = a { return inner }
        return newA.map { .unary(op, $0) }
    case .binary(let op, let a, let b):
        let newA = folded(a, in: program, keeping: keeping), newB = folded(b, in: program, keeping: keeping)
        let a = newA ?? a, b = newB ?? b
        if case .constant(let x) = a, case .constant(let y) = b {
            return .constant(op.apply(x, y))
        }
        if let simpler = identity(op, a, b) { return simpler }
        return newA == nil && newB == nil ? nil : .binary(op, a, b)
    case .select(let comparison, let a, let b, let then, let otherwise):
        let newA = folded(a, in: program, keeping: keeping), newB = folded(b, in: program, keeping: keeping)
        let newThen = folded(then, in: program, keeping: keeping)
        let newOtherwise = folded(otherwise, in: program, keeping: keeping)
        let a = newA ?? a, b = newB ?? b, then = newThen ?? then, otherwise = newOtherwise ?? otherwise
        if case .constant(let x) = a, case .constant(let y) = b {
            return comparison.holds(x, y) ? then : otherwise
        }
        guard newA != nil || newB != nil || newThen != nil || newOtherwise != nil else { return nil }
        return .select(comparison, a, b, then: then, else: otherwise)
    }
}

/// `a op b` simplified by an identity exact for every double, if one applies.
private func identity(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Expr? {
    switch op {
    case .multiply:
        if b.isConstant(1) { return a }
        if a.isConstant(1) { return b }
    case .divide:
        if b.isConstant(1) { return a }
    case .subtract:
        if b.isConstant(+0.0) { return a }
    case .add:
        if b.isConstant(-0.0) { return a }
        if a.isConstant(-0.0) { return b }
    case .pow, .max, .min:
        break
    }
    return nil
}

/// The values a slice of a parameter buffer holds for the whole run (zeros when the buffer
/// has no initial values); nil for other roles.
private func parameterValues(_ s: Slice, in program: Program) -> ArraySlice<Double>? {
    let decl = program[s.buffer]
    guard decl.role == .parameter else { return nil }
    let values = decl.initial.isEmpty ? [Double](repeating: 0, count: decl.count) : decl.initial
    return values[s.offset..<s.end]
}

extension Expr {
    /// Whether this is the constant `value`, compared bitwise (so -0.0 is not +0.0).
    func isConstant(_ value: Double) -> Bool {
        if case .constant(let c) = self { return c.bitPattern == value.bitPattern }
        return false
    }
}
