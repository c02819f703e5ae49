/// Reductions over an expression's values x_0 ..< x_{n-1}, accumulated in index order;
/// `apply(count:_:)` (ReductionSemantics.swift) is the reference both executors follow.
package enum Reduction: String, Sendable, Hashable, CaseIterable {
    /// `((0 + x0) + x1) + ...`
    case sum
    /// `((1 * x0) * x1) * ...`
    case product
    /// Largest value (NaN propagates, as numpy's max).
    case max
    /// Smallest value (NaN propagates).
    case min
    /// Index of the first largest value, as a double (numpy's argmax).
    case argmax
    /// Largest minus second largest (0 when the largest occurs twice); one element: 0.
    case maxVsNext
}

/// Distributions of `Op.random`.
package enum RandomDistribution: Sendable, Hashable {
    /// `low + (high - low) * u`, u uniform on [0, 1).
    case uniform(low: Double, high: Double)
    /// `mean + standardDeviation * z`, z standard normal.
    case normal(mean: Double, standardDeviation: Double)
}

/// The key of an `Op.random` stream.
package enum RandomKey: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// A key fixed in the code.
    case constant(UInt64)
    /// `mechanist_stream_key(seed[0], name)` (Runtime/random.c), computed each time the op
    /// runs: `seed` is a one-element slice holding an integer (the model's seed, a runtime
    /// parameter the host may set between runs), `name` the stream's name. Both executors
    /// call the same C function, so they derive the same key.
    case stream(seed: Slice, name: String)

    package init(integerLiteral value: UInt64) { self = .constant(value) }

    /// Calls `body` with the slice the key reads, if any.
    package func forEachRead(_ body: (Slice) -> Void) {
        if case .stream(let seed, _) = self { body(seed) }
    }
}

/// One operation of a `Program`. A closed set: the interpreter, codegen, verifier and
/// printer switch over it exhaustively, so a new op fails to build until all handle it.
package indirect enum Op: Sendable, Hashable {
    /// `dst[i] = expr(i)` for i in 0..<dst.count. Reads of `dst` itself see old values only
    /// at the same index i.
    case elementwise(dst: Slice, Expr)
    /// `dst[i * columns + j] = expr(i, j)` for i in 0..<rows (outer), j in 0..<columns
    /// (inner), `dst.count == rows * columns`: an elementwise op over a row-major matrix
    /// whose expression may also read `.row(s)` (s[i]) and `.column(s)` (s[j]), e.g. the
    /// weight update `W = W + rate * .row(input) * .column(error)`. `.element` reads and
    /// `.index` use the flat index; reads of `dst` itself see old values only as
    /// `.element(dst)`, at the same index.
    case elementwise2D(dst: Slice, rows: Int, columns: Int, Expr)
    /// `dst[j] = ((0.0 + vector[0] * matrix[j]) + vector[1] * matrix[columns + j]) + ...`
    /// for j in 0..<columns: a row vector times a matrix (`x @ M`, PsyNeuLink's
    /// MappingProjection), each sum from +0.0 in index order (so 0 rows give +0.0).
    /// `vector.count == rows`, `dst.count == columns`, `matrix.count == rows * columns`, and
    /// `dst` overlaps neither operand: an executor may accumulate the sums in `dst` itself
    /// (compiled code does, row by row, so the inner loop vectorizes over j), which is the
    /// same only when writing `dst` changes no operand.
    case vecMat(dst: Slice, vector: Slice, matrix: Slice, rows: Int, columns: Int)
    /// `dst[i] = ((0.0 + matrix[i * columns] * vector[0]) + matrix[i * columns + 1] * vector[1])
    /// + ...` for i in 0..<rows (`M @ x`), each sum from +0.0 in index order.
    /// `vector.count == columns`, `dst.count == rows`, `matrix.count == rows * columns`, and
    /// `dst` overlaps neither operand, as for vecMat.
    case matVec(dst: Slice, matrix: Slice, vector: Slice, rows: Int, columns: Int)
    /// `dst[0] = reduction over expr(i) for i in 0..<count`.
    case reduce(dst: Slice, Reduction, Expr, count: Int)
    /// `dst[i] = draw(key, counter + i)`, then `counter += dst.count`. `counter` is a
    /// one-element state slice holding the number of draws made so far in this stream; the
    /// key is a constant or derived from a seed read at run time (`RandomKey`).
    case random(dst: Slice, RandomDistribution, key: RandomKey, counter: Slice)
    /// Appends `source` as row n = `counter[0]` of `dst`, a list of rows of `source.count`:
    /// `dst[n * source.count + k] = source[k]` for k in 0..<source.count when
    /// 0 <= n < dst.count / source.count (otherwise nothing is stored), then `counter += 1`.
    /// The one write at a run-time position: a trajectory of a port within a trial
    /// (`--record-steps`), one row per execution; an elementwise op would have to rewrite the
    /// whole area at every execution. `counter` is a one-element slice; none of the three
    /// slices overlap.
    case append(dst: Slice, source: Slice, counter: Slice)
    /// Runs `body` `count` times.
    case loop(count: Int, body: [Op])
    /// Runs `body`, then again while `flag[0] == 0`, at most `maxIterations` times in all.
    case until(flag: Slice, maxIterations: Int, body: [Op])
    /// Runs `then` when `flag[0] != 0`, else `otherwise`.
    case branch(flag: Slice, then: [Op], otherwise: [Op])
}

extension Op {
    /// The slices this op writes directly (none for control flow).
    package var writes: [Slice] {
        var slices: [Slice] = []
        forEachWrite { slices.append($0) }
        return slices
    }

    /// Calls `body` with each slice of `writes`, in order, without building the array (the
    /// passes and the verifier ask it of every op of a large Program: an array per op was
    /// over a tenth of `check`'s allocations, issue 13).
    package func forEachWrite(_ body: (Slice) -> Void) {
        switch self {
        case .elementwise(let dst, _), .elementwise2D(let dst, _, _, _), .vecMat(let dst, _, _, _, _),
             .matVec(let dst, _, _, _, _), .reduce(let dst, _, _, _):
            body(dst)
        case .random(let dst, _, _, let counter), .append(let dst, _, let counter):
            body(dst)
            body(counter)
        case .loop, .until, .branch:
            break
        }
    }

    /// Calls `body` with each slice of `reads`, in order, without building the array.
    package func forEachRead(_ body: (Slice) -> Void) {
        switch self {
        case .elementwise(_, let e), .elementwise2D(_, _, _, let e), .reduce(_, _, let e, _): e.forEachRead(body)
        case .vecMat(_, let a, let b, _, _), .matVec(_, let a, let b, _, _), .append(_, let a, let b):
            body(a)
            body(b)
        case .random(_, _, let key, let counter):
            body(counter)
            key.forEachRead(body)
        case .loop: break
        case .until(let flag, _, _), .branch(let flag, _, _): body(flag)
        }
    }

    /// The slices this op reads directly (not those of nested bodies).
    package var reads: [Slice] {
        var slices: [Slice] = []
        forEachRead { slices.append($0) }
        return slices
    }

    /// Nested op lists (bodies of control flow).
    package var bodies: [[Op]] {
        switch self {
        case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append: return []
        case .loop(_, let body), .until(_, _, let body): return [body]
        case .branch(_, let then, let otherwise): return [then, otherwise]
        }
    }
}
