import MechanistIR

/// When each temp holds a value that may still be read, over the Program's ops numbered in
/// program order (pre-order: initialization first, then the trial; a control-flow op comes
/// before its bodies).
///
/// A temp is live from its first mention to its last. Rules that keep this conservative:
/// - a temp mentioned inside a loop or until body is live over the whole outermost such
///   loop (the next iteration may read what this one wrote);
/// - a temp in an output slot is live to the end of the trial (it is recorded after it);
/// - a temp whose first mention in program order is a read (it reads a previous trial's or
///   iteration's value, or never-written memory) is live everywhere, so nothing else can
///   change what it reads.
/// Temps never mentioned have no range.
struct Liveness {
    /// Live range of each mentioned temp, in op positions.
    private(set) var ranges: [BufferID: ClosedRange<Int>] = [:]
    /// Number of op positions.
    private(set) var positions = 0

    init(_ program: Program) {
        var walker = Walker(program: program)
        let accesses = walker.walk(program.initialization) + walker.walk(program.trial)
        positions = walker.next
        let everywhere = 0...max(positions - 1, 0)
        let trialEnd = everywhere.upperBound
        var lastOfAll = accesses
        for slot in program.outputs where program[slot.source.buffer].role == .temp {
            lastOfAll.append(Access(buffer: slot.source.buffer, range: trialEnd...trialEnd,
                                    at: trialEnd, isRead: true))
        }
        let byBuffer = Dictionary(grouping: lastOfAll, by: \.buffer)
        for (buffer, mentions) in byBuffer {
            let first = mentions.map(\.at).min() ?? 0
            if mentions.contains(where: { $0.at == first && $0.isRead }) {
                ranges[buffer] = everywhere
            } else {
                ranges[buffer] = (mentions.map(\.range.lowerBound).min() ?? 0)
                    ... (mentions.map(\.range.upperBound).max() ?? 0)
            }
        }
    }

    /// One mention of a temp: where it happens (`at`, for read-before-write) and the range it
    /// keeps the temp live over (wider inside loops).
    struct Access {
        var buffer: BufferID
        var range: ClosedRange<Int>
        var at: Int
        var isRead: Bool
    }

    private struct Walker {
        let program: Program
        var next = 0

        mutating func walk(_ ops: [Op]) -> [Access] {
            var accesses: [Access] = []
            for op in ops {
                let start = next
                next += 1
                // Reads come first: an op reads its operands before it stores its result.
                var own = mentions(op.reads, at: start, isRead: true)
                    + mentions(op.writes, at: start, isRead: false)
                for body in op.bodies { own += walk(body) }
                switch op {
                case .loop, .until:
                    let end = next - 1
                    own = own.map { access in
                        var widened = access
                        widened.range = start...end
                        // The until flag is read after each pass of the body, not before it.
                        if case .until = op, access.at == start { widened.at = end }
                        return widened
                    }
                case .elementwise, .vecMat, .matVec, .reduce, .random, .branch:
                    break
                }
                accesses += own
            }
            return accesses
        }

        private func mentions(_ slices: [Slice], at position: Int, isRead: Bool) -> [Access] {
            slices.filter { program[$0.buffer].role == .temp }
                .map { Access(buffer: $0.buffer, range: position...position, at: position, isRead: isRead) }
        }
    }
}
