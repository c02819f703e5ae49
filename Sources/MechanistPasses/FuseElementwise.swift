import MechanistIR

/// Substitutes the expression of an elementwise op that writes a temp into the elementwise
/// and reduce ops that read it, and drops the op: a chain `t = f(x); u = g(t); y = h(u)`
/// becomes the one op `y = h(g(f(x)))`, one loop, no scratch traffic.
///
/// An op `t[a..<b] = e` in some op list is fused when
/// - `t` is a temp and every other mention of it in the same entry point's body is a read
///   `.element(t[a..<b])` (same slice, hence same iteration count) by a later elementwise or
///   reduce op of the same list, not in a nested body (no `.scalar` read, no vecMat/matVec
///   operand, no flag, no output slot, no second write). Mentions in other bodies do not
///   count: temps carry no value from one body into another, so a learning trial that
///   repeats the trial's processing with the same temps leaves both fusable;
/// - `e` does not read `t`;
/// - no op between it and its last reader (nested bodies included) writes anything `e`
///   reads, except that the last reader, when elementwise, may write exactly a slice `s`
///   that `e` reads only as `.element(s)`: at index i it still sees the old `s[i]`;
/// - `e` is read once, or is cheap enough to evaluate again in each reader
///   (`e.isCheap(maxNodes: maxDuplicatedNodes)`: no C library call).
///
/// - Precondition: the Program verifies (shapes may still be unknown).
/// - Postcondition: the Program verifies and computes bitwise the same outputs and state:
///   each reader evaluates the same expression tree, in the same order, on the same values
///   the dropped op would have stored. Fused temps stay declared but are no longer mentioned
///   in that body.
package func fuseElementwise(_ program: Program) -> Program {
    // Each entry point's body fuses on its own.
    program.mappingBodies { entryPoint in
        var fuser = ElementwiseFuser(program: program, references: program.referenceCounts(in: entryPoint))
        return fuser.fuseAll(program[entryPoint])
    }
}

/// The largest expression (in nodes) substituted into more than one place.
let maxDuplicatedNodes = 16

private struct ElementwiseFuser {
    let program: Program
    /// Mentions of each buffer (by index) in the body being fused, kept current as ops are fused.
    var references: [Int]

    /// Fuses inside nested bodies first, then in `list` until nothing more fuses.
    mutating func fuseAll(_ list: [Op]) -> [Op] {
        var ops = list.map { op in
            op.bodies.isEmpty ? op : op.replacingBodies(op.bodies.map { fuseAll($0) })
        }
        var k = 0
        while k < ops.count {
            // After a fusion the op now at k (the next in a chain) gets its turn.
            if !fuse(at: k, in: &ops) { k += 1 }
        }
        return ops
    }

    /// Fuses `ops[k]` into its readers if every condition holds.
    private mutating func fuse(at k: Int, in ops: inout [Op]) -> Bool {
        guard case .elementwise(let dst, let e) = ops[k], program.role(of: dst.buffer) == .temp,
              !e.reads.contains(where: { $0.buffer == dst.buffer }) else { return false }

        let uses = ops.indices.map { j in j > k ? elementReads(of: dst, in: ops[j]) : 0 }
        let total = uses.reduce(0, +)
        guard total > 0, references[dst.buffer.index] == 1 + total,
              let last = uses.lastIndex(where: { $0 > 0 }),
              total == 1 || e.isCheap(maxNodes: maxDuplicatedNodes) else { return false }
        for m in (k + 1)...last where !sourcesSurvive(e, ops[m], isLastReader: m == last) {
            return false
        }

        for j in (k + 1)...last where uses[j] > 0 {
            ops[j] = ops[j].mappingExpr { $0.rewritten { $0 == .element(dst) ? e : $0 } }
        }
        ops.remove(at: k)
        references[dst.buffer.index] = 0
        for source in e.reads { references[source.buffer.index] += total - 1 }
        return true
    }

    /// How often `op`, an elementwise or reduce op, reads `.element(dst)`. An elementwise2D
    /// is not fused into (its reads of a temp count as other mentions), nor fused away.
    private func elementReads(of dst: Slice, in op: Op) -> Int {
        let e: Expr
        switch op {
        case .elementwise(_, let expr), .reduce(_, _, let expr, _): e = expr
        case .elementwise2D, .vecMat, .matVec, .random, .append, .loop, .until, .branch: return 0
        }
        var n = 0
        _ = e.rewritten { node in
            if node == .element(dst) { n += 1 }
            return node
        }
        return n
    }

    /// Whether `e` evaluated after `op` still sees the values it saw before `op`.
    private func sourcesSurvive(_ e: Expr, _ op: Op, isLastReader: Bool) -> Bool {
        let sources = e.reads
        for written in [op].allWrites where sources.contains(where: { $0.overlaps(written) }) {
            guard isLastReader, case .elementwise(let readerDst, _) = op, written == readerDst,
                  sources.allSatisfy({ !$0.overlaps(written) || $0 == written }),
                  !e.broadcasts(written) else { return false }
        }
        return true
    }
}
