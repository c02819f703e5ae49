import MechanistIR

/// When each temp holds a value that may still be read, over the Program's ops numbered in
/// program order (pre-order: the entry points' bodies in `EntryPoint.allCases` order; a
/// control-flow op comes before its bodies).
///
/// A temp is live from its first mention to its last. Rules that keep this conservative:
/// - a temp mentioned inside a loop or until body is live over the whole outermost such
///   loop (the next iteration may read what this one wrote);
/// - a temp in an output slot is live to the last op (it is recorded after every per-trial
///   body);
/// - a temp that may be read before the body running it has written it —
///   a read not preceded on every path by a write: the previous trial's value, a write
///   only in a branch not taken — is live everywhere, so nothing else can change what it
///   reads. (Writes count per buffer, not per element.)
/// Temps never mentioned have no range.
struct Liveness {
    /// Live range of each mentioned temp, in op positions.
    private(set) var ranges: LiveRanges
    /// Number of op positions.
    private(set) var positions = 0

    init(_ program: Program) {
        ranges = LiveRanges(count: program.buffers.count)
        let walk = { @Sendable () -> (accesses: [(buffer: BufferID, range: ClosedRange<Int>)], positions: Int) in
            var walker = Walker(program: program)
            var accesses: [(buffer: BufferID, range: ClosedRange<Int>)] = []
            for entryPoint in EntryPoint.allCases { walker.walk(program[entryPoint], into: &accesses) }
            return (accesses, walker.next)
        }
        let readFirst = { @Sendable in Definitions(program: program).readsBeforeWrites() }
        // The two walks are independent: a large Program's at the same time (issue 13).
        let ((walked, positions), readBeforeWritten) = program.buffers.count >= largeProgramSize
            ? concurrently(walk, readFirst) : (walk(), readFirst())
        self.positions = positions
        var accesses = walked
        let everywhere = 0...max(positions - 1, 0)
        for slot in program.outputs where program.role(of: slot.source.buffer) == .temp {
            accesses.append((slot.source.buffer, everywhere.upperBound...everywhere.upperBound))
        }
        for (buffer, range) in accesses {
            let known = ranges[buffer]
            ranges[buffer] = min(known?.lowerBound ?? range.lowerBound, range.lowerBound)
                ... max(known?.upperBound ?? range.upperBound, range.upperBound)
        }
        for buffer in readBeforeWritten { ranges[buffer] = everywhere }
    }

    /// Numbers ops and records the range each mention of a temp keeps it live over.
    private struct Walker {
        let program: Program
        var next = 0

        /// Appends the accesses of `ops` to `accesses` (one list for the whole Program: a list
        /// per op was several allocations per op of a large model, issue 13).
        mutating func walk(_ ops: [Op], into accesses: inout [(buffer: BufferID, range: ClosedRange<Int>)]) {
            for op in ops {
                let start = next
                next += 1
                let first = accesses.count
                let program = program
                op.forEachRead { s in if program.role(of: s.buffer) == .temp { accesses.append((s.buffer, start...start)) } }
                op.forEachWrite { s in if program.role(of: s.buffer) == .temp { accesses.append((s.buffer, start...start)) } }
                for body in op.bodies { walk(body, into: &accesses) }
                switch op {
                case .loop, .until:
                    for k in first..<accesses.count { accesses[k].range = start...(next - 1) }
                case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append, .branch:
                    break
                }
            }
        }
    }
}

/// Live ranges by buffer: an array over buffer indices (hashing ids was slow at scale).
struct LiveRanges {
    private var storage: [ClosedRange<Int>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(id: BufferID) -> ClosedRange<Int>? {
        get { storage[id.index] }
        set { storage[id.index] = newValue }
    }
}

/// Finds temps that some path reads before writing: structured "definitely written" sets,
/// intersected where a branch joins. Loops and until bodies run at least once (count 0
/// excepted), so what their body writes is written after them.
///
/// The set is a flag per buffer with a log of the flags set, in order: a branch undoes what
/// each side set and sets again what both did; a loop that may not run undoes its body's.
/// (A `Set` copied at every branch and hashed every temp id with SipHash: a good part of
/// planning memory at 100,000 nodes, issue 13.)
private struct Definitions {
    let program: Program
    /// Per buffer, whether every path so far has written it (temps only).
    private var defined: [Bool]
    /// The buffers whose flag is set, in the order they were set.
    private var log: [BufferID] = []
    /// Per buffer, whether some path reads it before writing it.
    private var readFirst: [Bool]

    init(program: Program) {
        self.program = program
        defined = [Bool](repeating: false, count: program.buffers.count)
        readFirst = [Bool](repeating: false, count: program.buffers.count)
    }

    func readsBeforeWrites() -> [BufferID] {
        var finder = self
        // Temps carry no value from one body into another, nor from one trial to the next.
        // An empty per-trial body is absent (a model without learning has no learnTrial):
        // nothing runs it, so nothing records after it.
        for entryPoint in EntryPoint.allCases {
            finder.undo(to: 0)
            finder.walk(program[entryPoint])
            if entryPoint.isPerTrial && (!program[entryPoint].isEmpty || entryPoint == .trial) {
                for slot in program.outputs { finder.read(slot.source) }
            }
        }
        return finder.readFirst.indices.filter { finder.readFirst[$0] }.map(BufferID.init)
    }

    private mutating func walk(_ ops: [Op]) {
        for op in ops {
            switch op {
            case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append:
                op.forEachRead { read($0) }   // an op reads its operands before it stores
                op.forEachWrite { define($0.buffer) }
            case .loop(let count, let body):
                let mark = log.count
                walk(body)
                if count == 0 { undo(to: mark) }
            case .until(let flag, _, let body):
                walk(body)
                read(flag)         // tested after each pass of the body
            case .branch(let flag, let then, let otherwise):
                read(flag)
                let mark = log.count
                walk(then)
                let thenWrote = Array(log[mark...])
                undo(to: mark)
                walk(otherwise)
                // Written on both sides: set by `then` and set again (or still) by `otherwise`.
                let both = thenWrote.filter { defined[$0.index] }
                undo(to: mark)
                for id in both { define(id) }
            }
        }
    }

    private mutating func define(_ id: BufferID) {
        guard program.role(of: id) == .temp, !defined[id.index] else { return }
        defined[id.index] = true
        log.append(id)
    }

    /// Clears the flags set since the log held `mark` entries.
    private mutating func undo(to mark: Int) {
        for id in log[mark...] { defined[id.index] = false }
        log.removeSubrange(mark...)
    }

    private mutating func read(_ s: Slice) {
        if program.role(of: s.buffer) == .temp && !defined[s.buffer.index] { readFirst[s.buffer.index] = true }
    }
}
