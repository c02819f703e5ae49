/// Unary elementwise functions. The transcendentals `exp`, `log`, `tanh` and `cos` call the
/// C library in both executors (`cLibraryName`), so results are bitwise equal; the others
/// are exact (`sqrt` is correctly rounded; `floor` serves counters and the modulo arithmetic
/// of scheduler conditions).
package enum UnaryOp: String, Sendable, Hashable, CaseIterable {
    case negate, abs, exp, log, tanh, sqrt, cos, floor
}

/// Binary elementwise functions. `max`/`min` propagate NaN like numpy's maximum/minimum:
/// `max(a, b) = (a > b || a.isNaN) ? a : b`.
package enum BinaryOp: String, Sendable, Hashable, CaseIterable {
    case add, subtract, multiply, divide, pow, max, min
}

/// Ordered comparisons (false when either side is NaN, except `notEqual`).
package enum Comparison: String, Sendable, Hashable, CaseIterable {
    case less, lessEqual, greater, greaterEqual, equal, notEqual
}

/// An elementwise expression evaluated at each index of the op's iteration space: i in
/// 0..<count for the 1-D ops (elementwise, reduce), the flat index `i * columns + j` for
/// `elementwise2D` (row i, column j). A whole chain like
/// `clip(logistic(gain * (x + bias)))` is one tree, hence one loop.
///
/// Only the cases that hold expressions are `indirect`: a leaf (a constant, a read) lives
/// inline in its parent, so a tree costs one heap box per operation instead of one per node,
/// and walking it reads half as many boxes (boxed leaves were about half of a large model's
/// allocations in `check`, issue 13).
package enum Expr: Sendable, Hashable {
    case constant(Double)
    /// `slice[i]` (in 2-D, `slice[i * columns + j]`); the slice's count equals the
    /// iteration count.
    case element(Slice)
    /// `slice[0]` broadcast to every index; the slice's count is 1.
    case scalar(Slice)
    /// `slice[i]`, the same along a row: only in `elementwise2D`, where the slice's count is
    /// `rows` (the verifier rejects it in a 1-D op).
    case row(Slice)
    /// `slice[j]`, the same down a column: only in `elementwise2D`, where the slice's count
    /// is `columns`.
    case column(Slice)
    /// The iteration index as a double (in 2-D, the flat index `i * columns + j`).
    case index
    indirect case unary(UnaryOp, Expr)
    indirect case binary(BinaryOp, Expr, Expr)
    /// `(lhs cmp rhs) ? then : else`
    indirect case select(Comparison, Expr, Expr, then: Expr, else: Expr)
}

extension Expr {
    package static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    package static func - (a: Expr, b: Expr) -> Expr { .binary(.subtract, a, b) }
    package static func * (a: Expr, b: Expr) -> Expr { .binary(.multiply, a, b) }
    package static func / (a: Expr, b: Expr) -> Expr { .binary(.divide, a, b) }
    package static prefix func - (a: Expr) -> Expr { .unary(.negate, a) }

    /// Every slice this expression reads, in tree order (`forEachRead` collected).
    package var reads: [Slice] {
        var slices: [Slice] = []
        // Room for most expressions' reads at once (growing from 1 was a good part of it; a
        // mechanism's Linear function with scale and offset reads 5).
        slices.reserveCapacity(8)
        forEachRead { slices.append($0) }
        return slices
    }

    /// Calls `body` with each slice this expression reads, in tree order, without building an
    /// array (the passes and the verifier walk every expression of a large Program).
    package func forEachRead(_ body: (Slice) -> Void) {
        switch self {
        case .constant, .index: break
        case .element(let s), .scalar(let s), .row(let s), .column(let s): body(s)
        case .unary(_, let a): a.forEachRead(body)
        case .binary(_, let a, let b):
            a.forEachRead(body)
            b.forEachRead(body)
        case .select(_, let a, let b, let t, let e):
            a.forEachRead(body)
            b.forEachRead(body)
            t.forEachRead(body)
            e.forEachRead(body)
        }
    }

    /// Whether some read of this expression satisfies `predicate`, without collecting the
    /// reads (the verifier asks this of every op of a large Program).
    package func containsRead(where predicate: (Slice) -> Bool) -> Bool {
        switch self {
        case .constant, .index: return false
        case .element(let s), .scalar(let s), .row(let s), .column(let s): return predicate(s)
        case .unary(_, let a): return a.containsRead(where: predicate)
        case .binary(_, let a, let b): return a.containsRead(where: predicate) || b.containsRead(where: predicate)
        case .select(_, let a, let b, let t, let e):
            return a.containsRead(where: predicate) || b.containsRead(where: predicate)
                || t.containsRead(where: predicate) || e.containsRead(where: predicate)
        }
    }

    /// Whether this expression broadcasts `slice`: a `.scalar`, `.row` or `.column` read of
    /// exactly that slice, which sees an element other than the one at the op's own index
    /// (so an op writing `slice` as it goes may already have changed what it reads).
    package func broadcasts(_ slice: Slice) -> Bool {
        switch self {
        case .constant, .index, .element: return false
        case .scalar(let s), .row(let s), .column(let s): return s == slice
        case .unary(_, let a): return a.broadcasts(slice)
        case .binary(_, let a, let b): return a.broadcasts(slice) || b.broadcasts(slice)
        case .select(_, let a, let b, let t, let e): return [a, b, t, e].contains { $0.broadcasts(slice) }
        }
    }

    /// Rewrites every node bottom-up with `transform`.
    package func rewritten(_ transform: (Expr) -> Expr) -> Expr {
        switch self {
        case .constant, .index, .element, .scalar, .row, .column:
            return transform(self)
        case .unary(let op, let a):
            return transform(.unary(op, a.rewritten(transform)))
        case .binary(let op, let a, let b):
            return transform(.binary(op, a.rewritten(transform), b.rewritten(transform)))
        case .select(let c, let a, let b, let t, let e):
            return transform(.select(c, a.rewritten(transform), b.rewritten(transform),
                                     then: t.rewritten(transform), else: e.rewritten(transform)))
        }
    }
}
