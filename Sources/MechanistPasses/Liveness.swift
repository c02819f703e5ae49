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
private struct Definitions {
    let program: Program
    var undefinedReads: Set<BufferID> = []

    init(program: Program) { self.program = program }

    func readsBeforeWrites() -> Set<BufferID> {
        var finder = self
        // Temps carry no value from one body into another, nor from one trial to the next.
        // An empty per-trial body is absent (a model without learning has no learnTrial):
        // nothing runs it, so nothing records after it.
        for entryPoint in EntryPoint.allCases {
            let after = finder.walk(program[entryPoint], defined: [])
            if entryPoint.isPerTrial && (!program[entryPoint].isEmpty || entryPoint == .trial) {
                finder.read(program.outputs.map(\.source), defined: after)
            }
        }
        return finder.undefinedReads
    }

    private mutating func walk(_ ops: [Op], defined start: Set<BufferID>) -> Set<BufferID> {
        var defined = start
        for op in ops {
            switch op {
            case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append:
                op.forEachRead { read($0, defined: defined) }   // an op reads its operands before it stores
                op.forEachWrite { w in if program.role(of: w.buffer) == .temp { defined.insert(w.buffer) } }
            case .loop(let count, let body):
                let after = walk(body, defined: defined)
                if count > 0 { defined = after }
            case .until(let flag, _, let body):
                defined = walk(body, defined: defined)
                read([flag], defined: defined)         // tested after each pass of the body
            case .branch(let flag, let then, let otherwise):
                read([flag], defined: defined)
                defined = walk(then, defined: defined).intersection(walk(otherwise, defined: defined))
            }
        }
        return defined
    }

    private mutating func read(_ slices: [Slice], defined: Set<BufferID>) {
        for s in slices { read(s, defined: defined) }
    }

    private mutating func read(_ s: Slice, defined: Set<BufferID>) {
        if program.role(of: s.buffer) == .temp && !defined.contains(s.buffer) { undefinedReads.insert(s.buffer) }
    }
}
