import MechanistIR

/// Removes ops whose results nothing reads, and control flow left with nothing to do.
///
/// An elementwise, vecMat, matVec or reduce op is dead when it writes a temp slice that no
/// read anywhere in the Program (expressions, matrix operands, flags, output slots)
/// overlaps. Random draws are never removed: they advance a state counter. A `loop` with an
/// empty body or count 0, an `until` with an empty body and a `branch` with two empty
/// bodies are removed. Repeats until nothing changes, so chains of dead temps go at once.
/// Temps that become unused stay declared (buffer ids stay stable).
/// - Precondition: the Program verifies.
/// - Postcondition: the Program verifies and computes the same outputs and state.
public func eliminateDeadCode(_ program: Program) -> Program {
    var current = program
    while true {
        let reads = Dictionary(grouping: current.allReads, by: \.buffer)
        func isDead(_ op: Op) -> Bool {
            switch op {
            case .elementwise(let dst, _), .vecMat(let dst, _, _, _, _), .matVec(let dst, _, _, _, _),
                 .reduce(let dst, _, _, _):
                return current[dst.buffer].role == .temp
                    && !(reads[dst.buffer] ?? []).contains { $0.overlaps(dst) }
            case .random:
                return false
            case .loop(let count, let body):
                return count == 0 || body.isEmpty
            case .until(_, _, let body):
                return body.isEmpty
            case .branch(_, let then, let otherwise):
                return then.isEmpty && otherwise.isEmpty
            }
        }
        let next = current.mappingLists { ops in ops.filter { !isDead($0) } }
        if next == current { return current }
        current = next
    }
}
