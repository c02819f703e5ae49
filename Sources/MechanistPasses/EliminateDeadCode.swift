import MechanistIR

/// Removes ops whose results nothing reads, and control flow left with nothing to do.
///
/// An elementwise, elementwise2D, vecMat, matVec or reduce op is dead when it writes a temp slice that no
/// read anywhere in the Program (expressions, matrix operands, flags, output slots)
/// overlaps. Random draws and appends are never removed: they advance a counter. A `loop` with an
/// empty body or count 0, an `until` with an empty body and a `branch` with two empty
/// bodies are removed. Repeats until nothing changes, so chains of dead temps go at once.
/// Temps that become unused stay declared (buffer ids stay stable).
/// - Precondition: the Program verifies.
/// - Postcondition: the Program verifies and computes the same outputs and state.
package func eliminateDeadCode(_ program: Program) -> Program {
    var current = program
    while true {
        let before = current
        let reads = ReadsByBuffer(before)
        // The last round, which finds nothing, only looks: rebuilding every op list to find
        // nothing removed was a good part of the pass on a large Program (issue 13).
        let anyDead = before.perEntryPoint { entryPoint in
            var dead = false
            before[entryPoint].forEachOp { op in if !dead && isDead(op, in: before, reads: reads) { dead = true } }
            return dead
        }
        if !anyDead.contains(true) { return current }
        // Every dead op found is removed (its list is filtered against the same reads), so
        // each round removes some and the loop ends. Each entry point's body on its own.
        current = before.mappingBodies {
            before[$0].mappingLists { ops in ops.filter { !isDead($0, in: before, reads: reads) } }
        }
    }
}

private func isDead(_ op: Op, in program: Program, reads: ReadsByBuffer) -> Bool {
    switch op {
    case .elementwise(let dst, _), .elementwise2D(let dst, _, _, _), .vecMat(let dst, _, _, _, _),
         .matVec(let dst, _, _, _, _), .reduce(let dst, _, _, _):
        return program.role(of: dst.buffer) == .temp && !reads.anyOverlaps(dst)
    case .random, .append:
        return false
    case .loop(let count, let body):
        return count == 0 || body.isEmpty
    case .until(_, _, let body):
        return body.isEmpty
    case .branch(_, let then, let otherwise):
        return then.isEmpty && otherwise.isEmpty
    }
}

/// The slices read of each temp, grouped by buffer index in one flat array (offsets per
/// buffer, as a sparse matrix's rows): an array per buffer was one allocation for each of a
/// large model's buffers, and hashing ids was slower still (issue 13). Only temps' reads (only
/// an op writing a temp can be dead), collected per entry point, in a large Program two halves
/// of them at once: the walk over every expression was most of the pass at 100,000 nodes.
private struct ReadsByBuffer {
    /// Reads of buffer i are `slices[start[i] ..< start[i + 1]]`.
    private var start: [Int]
    private var slices: [Slice]

    init(_ program: Program) {
        let isTemp = program.buffers.map { $0.role == .temp }
        let lists = program.perEntryPoint { entryPoint -> [Slice] in
            var reads: [Slice] = []
            program[entryPoint].forEachOp { op in op.forEachRead { if isTemp[$0.buffer.index] { reads.append($0) } } }
            return reads
        } + [program.outputs.map(\.source).filter { isTemp[$0.buffer.index] }]
        var start = [Int](repeating: 0, count: program.buffers.count + 1)
        for list in lists {
            for read in list { start[read.buffer.index + 1] += 1 }
        }
        for i in 0..<program.buffers.count { start[i + 1] += start[i] }
        var next = start
        var slices = [Slice](repeating: Slice(BufferID(0), count: 0), count: start[program.buffers.count])
        for list in lists {
            for read in list {
                slices[next[read.buffer.index]] = read
                next[read.buffer.index] += 1
            }
        }
        self.start = start
        self.slices = slices
    }

    func anyOverlaps(_ slice: Slice) -> Bool {
        slices[start[slice.buffer.index] ..< start[slice.buffer.index + 1]].contains { $0.overlaps(slice) }
    }
}
