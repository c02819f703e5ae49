import MechanistIR

/// Places every temp in the scratch arena, letting temps share space when their live ranges
/// (`Liveness`) do not overlap, and records the offsets in `memoryPlan`.
///
/// First fit in order of first use: each temp goes at the lowest offset where it overlaps
/// no already placed temp whose live range meets its own. Temps never mentioned go at 0
/// (nothing reads or writes them). Deterministic: ties break by buffer id.
///
/// A linear scan over live ranges: temps are placed in order of first use, and before each
/// one every placed temp whose range ended earlier gives its space back (`FreeGaps`, kept
/// coalesced, so the lowest fit is the same as against the list of conflicting temps, at
/// O(log n) a step instead of a scan of every temp live at once).
/// - Precondition: the Program verifies and every shape is known.
/// - Postcondition: every temp has an offset >= 0; no two temps whose live ranges meet
///   share an element of scratch; the ops are unchanged.
package func planMemory(_ program: Program) -> Program {
    let liveness = Liveness(program)
    let temps = program.buffers.indices.map(BufferID.init).filter { program.role(of: $0) == .temp }
    let live = temps.compactMap { id in liveness.ranges[id].map { (id: id, range: $0) } }
    let byStart = live.sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
    let byEnd = live.sorted { ($0.range.upperBound, $0.id) < ($1.range.upperBound, $1.id) }
    // Offsets by buffer index while planning (-1: not placed yet).
    var offsets = [Int](repeating: -1, count: program.buffers.count)
    var gaps = FreeGaps()
    var ended = 0
    for (id, range) in byStart {
        // Every temp whose range ends before this one starts began earlier, so it is placed.
        while ended < byEnd.count && byEnd[ended].range.upperBound < range.lowerBound {
            let done = byEnd[ended].id
            if offsets[done.index] >= 0 { gaps.give(start: offsets[done.index], size: program.buffers[done.index].count) }
            ended += 1
        }
        offsets[id.index] = gaps.take(program.buffers[id.index].count)
    }
    var plan = MemoryPlan(bufferCount: program.buffers.count)
    for id in temps { plan[id] = max(offsets[id.index], 0) }
    var result = program
    result.memoryPlan = plan
    return result
}
