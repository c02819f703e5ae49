import MechanistIR

// Structural helpers every pass uses: rebuilding ops around new bodies or expressions, and
// visiting every slice a Program refers to.

extension Op {
    /// The same op with its nested bodies replaced, in the order of `bodies`.
    func replacingBodies(_ newBodies: [[Op]]) -> Op {
        switch self {
        case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append:
            return self
        case .loop(let count, _):
            return .loop(count: count, body: newBodies[0])
        case .until(let flag, let maxIterations, _):
            return .until(flag: flag, maxIterations: maxIterations, body: newBodies[0])
        case .branch(let flag, _, _):
            return .branch(flag: flag, then: newBodies[0], otherwise: newBodies[1])
        }
    }

    /// The same op with its own expression (not those of nested bodies) transformed.
    func mappingExpr(_ transform: (Expr) -> Expr) -> Op {
        switch self {
        case .elementwise(let dst, let e):
            return .elementwise(dst: dst, transform(e))
        case .elementwise2D(let dst, let rows, let columns, let e):
            return .elementwise2D(dst: dst, rows: rows, columns: columns, transform(e))
        case .reduce(let dst, let reduction, let e, let count):
            return .reduce(dst: dst, reduction, transform(e), count: count)
        case .vecMat, .matVec, .random, .append, .loop, .until, .branch:
            return self
        }
    }
}

extension Array where Element == Op {
    /// Applies `transform` to every op list, innermost bodies first, then this list.
    func mappingLists(_ transform: ([Op]) throws -> [Op]) rethrows -> [Op] {
        let inner = try map { op in
            op.bodies.isEmpty ? op : op.replacingBodies(try op.bodies.map { try $0.mappingLists(transform) })
        }
        return try transform(inner)
    }

    /// Every slice written by these ops, nested bodies included.
    var allWrites: [Slice] {
        var writes: [Slice] = []
        forEachOp { $0.forEachWrite { writes.append($0) } }
        return writes
    }
}

extension Program {
    /// Applies `transform` to every op list of every entry point, innermost first.
    func mappingLists(_ transform: ([Op]) throws -> [Op]) rethrows -> Program {
        var result = self
        for entryPoint in EntryPoint.allCases {
            result[entryPoint] = try self[entryPoint].mappingLists(transform)
        }
        return result
    }

    /// This Program with each entry point's body replaced by `body(entryPoint)`: in a large
    /// Program (declarations and top-level ops) two halves of the list of entry points at once
    /// (initialization and runStart, trial and learnTrial; issue 13), so `body` must depend
    /// only on its entry point.
    func mappingBodies(_ body: @Sendable (EntryPoint) -> [Op]) -> Program {
        let bodies = perEntryPoint(body)
        var result = self
        for (entryPoint, ops) in zip(EntryPoint.allCases, bodies) { result[entryPoint] = ops }
        return result
    }

    /// `body(entryPoint)` for each entry point, in `EntryPoint.allCases` order: in a large
    /// Program two halves of the list at once, as `mappingBodies` (issue 13).
    func perEntryPoint<T>(_ body: @Sendable (EntryPoint) -> T) -> [T] {
        let size = EntryPoint.allCases.reduce(buffers.count) { $0 + self[$1].count }
        return EntryPoint.allCases.concurrentMap(minimumCount: size >= largeProgramSize ? 2 : .max, body)
    }

    /// Every slice this Program reads (each occurrence in an expression counts), ops'
    /// control flags and output slots included.
    var allReads: [Slice] {
        var reads: [Slice] = []
        forEachOp { $0.forEachRead { reads.append($0) } }
        return reads + outputs.map(\.source)
    }

    /// How many times each buffer is mentioned in one entry point's body: every written
    /// slice and every read occurrence, plus every output slot when the body runs per trial
    /// (outputs are recorded after it) and has ops. Indexed by buffer index (an array, not a
    /// dictionary: hashing every mention was a good part of a large model's passes).
    func referenceCounts(in entryPoint: EntryPoint) -> [Int] {
        var counts = [Int](repeating: 0, count: buffers.count)
        self[entryPoint].forEachOp { op in
            op.forEachWrite { counts[$0.buffer.index] += 1 }
            op.forEachRead { counts[$0.buffer.index] += 1 }
        }
        if entryPoint.isPerTrial && !self[entryPoint].isEmpty {
            for slot in outputs { counts[slot.source.buffer.index] += 1 }
        }
        return counts
    }
}
