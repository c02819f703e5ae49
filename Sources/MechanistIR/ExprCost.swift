extension Expr {
    /// Whether evaluating this expression is cheap: it makes no C library call (no op with
    /// a `cLibraryName`: only IEEE arithmetic, comparisons, selects and the exact `sqrt`,
    /// `floor` and `fabs`, each a few instructions that vectorize) and it has at most
    /// `maxNodes` nodes.
    ///
    /// Cheap is what may be evaluated when its value might not be needed (both arms of a
    /// select, so codegen can use a branch-free select and the loop still vectorizes) or
    /// evaluated again instead of stored (fusion substitutes a temp's expression into every
    /// reader; `maxNodes` bounds the code it copies). Either way only the amount of work
    /// changes: evaluating an expression more or fewer times never changes its bits.
    package func isCheap(maxNodes: Int = .max) -> Bool {
        var nodes = 0
        return isCheap(nodes: &nodes, maxNodes: maxNodes)
    }

    /// Counts nodes into `nodes`, stopping at the first C library call or past `maxNodes`.
    private func isCheap(nodes: inout Int, maxNodes: Int) -> Bool {
        nodes += 1
        guard nodes <= maxNodes else { return false }
        switch self {
        case .constant, .element, .scalar, .row, .column, .index:
            return true
        case .unary(let op, let a):
            return op.cLibraryName == nil && a.isCheap(nodes: &nodes, maxNodes: maxNodes)
        case .binary(let op, let a, let b):
            return op.cLibraryName == nil && a.isCheap(nodes: &nodes, maxNodes: maxNodes)
                && b.isCheap(nodes: &nodes, maxNodes: maxNodes)
        case .select(_, let a, let b, let then, let otherwise):
            return [a, b, then, otherwise].allSatisfy { $0.isCheap(nodes: &nodes, maxNodes: maxNodes) }
        }
    }
}
