/// Ops and expressions with their buffer ids mapped: lowering declares one part of a large
/// model's buffers under provisional ids on another thread, then renumbers that part's ops
/// to where its buffers land in the Program (issue 13). Every slice is mapped, the ops'
/// destinations, operands, flags, counters and random seeds and nested bodies included.
extension Slice {
    /// The same extent of buffer `map(buffer)`.
    @inlinable
    package func renumbered(_ map: (BufferID) -> BufferID) -> Slice {
        Slice(map(buffer), offset: offset, count: count)
    }
}

extension Expr {
    /// This expression reading the same extents of the mapped buffers.
    package func renumbered(_ map: (BufferID) -> BufferID) -> Expr {
        switch self {
        case .constant, .index: return self
        case .element(let s): return .element(s.renumbered(map))
        case .scalar(let s): return .scalar(s.renumbered(map))
        case .row(let s): return .row(s.renumbered(map))
        case .column(let s): return .column(s.renumbered(map))
        case .unary(let op, let a): return .unary(op, a.renumbered(map))
        case .binary(let op, let a, let b): return .binary(op, a.renumbered(map), b.renumbered(map))
        case .select(let c, let a, let b, let t, let e):
            return .select(c, a.renumbered(map), b.renumbered(map), then: t.renumbered(map), else: e.renumbered(map))
        }
    }
}

extension RandomKey {
    /// The same key, its seed read from the mapped buffer.
    package func renumbered(_ map: (BufferID) -> BufferID) -> RandomKey {
        switch self {
        case .constant: return self
        case .stream(let seed, let name): return .stream(seed: seed.renumbered(map), name: name)
        }
    }
}

extension Op {
    /// This op (nested bodies included) on the mapped buffers.
    package func renumbered(_ map: (BufferID) -> BufferID) -> Op {
        switch self {
        case .elementwise(let dst, let e):
            return .elementwise(dst: dst.renumbered(map), e.renumbered(map))
        case .elementwise2D(let dst, let rows, let columns, let e):
            return .elementwise2D(dst: dst.renumbered(map), rows: rows, columns: columns, e.renumbered(map))
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            return .vecMat(dst: dst.renumbered(map), vector: vector.renumbered(map), matrix: matrix.renumbered(map),
                           rows: rows, columns: columns)
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            return .matVec(dst: dst.renumbered(map), matrix: matrix.renumbered(map), vector: vector.renumbered(map),
                           rows: rows, columns: columns)
        case .reduce(let dst, let reduction, let e, let count):
            return .reduce(dst: dst.renumbered(map), reduction, e.renumbered(map), count: count)
        case .random(let dst, let distribution, let key, let counter):
            return .random(dst: dst.renumbered(map), distribution, key: key.renumbered(map),
                           counter: counter.renumbered(map))
        case .append(let dst, let source, let counter):
            return .append(dst: dst.renumbered(map), source: source.renumbered(map), counter: counter.renumbered(map))
        case .loop(let count, let body):
            return .loop(count: count, body: body.map { $0.renumbered(map) })
        case .until(let flag, let maxIterations, let body):
            return .until(flag: flag.renumbered(map), maxIterations: maxIterations,
                          body: body.map { $0.renumbered(map) })
        case .branch(let flag, let then, let otherwise):
            return .branch(flag: flag.renumbered(map), then: then.map { $0.renumbered(map) },
                           otherwise: otherwise.map { $0.renumbered(map) })
        }
    }
}
