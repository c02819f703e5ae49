import MechanistIR

/// Places every temp in the scratch arena, letting temps share space when their live ranges
/// (`Liveness`) do not overlap, and records the offsets in `memoryPlan`.
///
/// First fit in order of first use: each temp goes at the lowest offset where it overlaps
/// no already placed temp whose live range meets its own. Temps never mentioned go at 0
/// (nothing reads or writes them). Deterministic: ties break by buffer id.
/// - Precondition: the Program verifies and every shape is known.
/// - Postcondition: every temp has an offset >= 0; no two temps whose live ranges meet
///   share an element of scratch; the ops are unchanged.
package func planMemory(_ program: Program) -> Program {
    let liveness = Liveness(program)
    var plan: [BufferID: Int] = [:]
    var placed: [(range: ClosedRange<Int>, start: Int, end: Int)] = []
    let temps = program.buffers.indices.map(BufferID.init).filter { program[$0].role == .temp }
    let ordered = temps.compactMap { id in liveness.ranges[id].map { (id, $0) } }
        .sorted { ($0.1.lowerBound, $0.0) < ($1.1.lowerBound, $1.0) }
    for (id, range) in ordered {
        let size = program[id].count
        let conflicts = placed.filter { $0.range.overlaps(range) }
        // The lowest free offset is 0 or the end of a conflicting temp.
        let candidates = ([0] + conflicts.map(\.end)).sorted()
        let offset = candidates.first { start in
            !conflicts.contains { start < $0.end && $0.start < start + size }
        } ?? 0
        plan[id] = offset
        if size > 0 { placed.append((range, offset, offset + size)) }
    }
    for id in temps where plan[id] == nil { plan[id] = 0 }
    var result = program
    result.memoryPlan = plan
    return result
}
