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
        // Per buffer index, the slices read of it (an array: hashing ids was slow at scale).
        var reads = [[Slice]](repeating: [], count: before.buffers.count)
        for read in before.allReads { reads[read.buffer.index].append(read) }
        var removed = 0
        // Counted, not found by comparing Programs: a NaN constant makes a Program unequal
        // to itself.
        current = before.mappingLists { ops in
            let live = ops.filter { !isDead($0, in: before, reads: reads) }
            removed += ops.count - live.count
            return live
        }
        if removed == 0 { return current }
    }
}

private func isDead(_ op: Op, in program: Program, reads: [[Slice]]) -> Bool {
    switch op {
    case .elementwise(let dst, _), .elementwise2D(let dst, _, _, _), .vecMat(let dst, _, _, _, _),
         .matVec(let dst, _, _, _, _), .reduce(let dst, _, _, _):
        return program[dst.buffer].role == .temp && !reads[dst.buffer.index].contains { $0.overlaps(dst) }
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
