import MechanistIR
@testable import MechanistPasses
import Testing

/// The interval planner (issue 13): the same lowest fit as a scan of conflicting temps, found
/// through `FreeGaps`; checked against brute-force references.
@Suite struct PlanMemoryScaleTests {
    /// The planner before issue 13, kept as the reference: for each temp in order of first use,
    /// the lowest offset (0 or the end of a conflicting temp) that overlaps no placed temp
    /// whose live range meets its own.
    static func scanPlan(_ program: Program) -> [BufferID: Int] {
        let liveness = Liveness(program)
        var plan: [BufferID: Int] = [:]
        var placed: [(range: ClosedRange<Int>, start: Int, end: Int)] = []
        let temps = program.buffers.indices.map(BufferID.init).filter { program[$0].role == .temp }
        let ordered = temps.compactMap { id in liveness.ranges[id].map { (id, $0) } }
            .sorted { ($0.1.lowerBound, $0.0) < ($1.1.lowerBound, $1.0) }
        for (id, range) in ordered {
            let size = program[id].count
            let conflicts = placed.filter { $0.range.overlaps(range) }
            let candidates = ([0] + conflicts.map(\.end)).sorted()
            let offset = candidates.first { start in
                !conflicts.contains { start < $0.end && $0.start < start + size }
            } ?? 0
            plan[id] = offset
            if size > 0 { placed.append((range, offset, offset + size)) }
        }
        for id in temps where plan[id] == nil { plan[id] = 0 }
        return plan
    }

    /// Random programs: the plan equals the scan's (so scratch sizes are unchanged) and no two
    /// temps live together share an element.
    @Test(arguments: 0..<200)
    func randomProgramsPlanAsTheScanDid(_ seed: Int) throws {
        let program = try inferShapes(RandomProgramGenerator.program(seed: UInt64(seed) + 5000))
        let result = planMemory(program)
        #expect(result.memoryPlan == MemoryPlan(Self.scanPlan(program)), "seed \(seed)")
        let liveness = Liveness(result)
        let temps = result.buffers.indices.filter { result.buffers[$0].role == .temp }.map(BufferID.init)
        for a in temps { for b in temps where a < b {
            guard let ra = liveness.ranges[a], let rb = liveness.ranges[b], ra.overlaps(rb),
                  let oa = result.memoryPlan?[a], let ob = result.memoryPlan?[b] else { continue }
            #expect(oa + result[a].count <= ob || ob + result[b].count <= oa, "seed \(seed): \(a) and \(b)")
        } }
    }

    /// Many temps live at once (an ObjectiveMechanism monitoring many nodes): each gets its
    /// own space, packed end to end.
    @Test func manyTempsLiveAtOncePackEndToEnd() throws {
        let n = 3000
        let ops: [Op] = (1...n).map { .elementwise(dst: s($0, 0, 2), el(0, 0, 2) + .constant(Double($0))) }
        // Recorded temps stay live to the end of the trial: all n at once.
        let program = Program(name: "wide",
                              buffers: [input("x", 2)] + (1...n).map { temp("t\($0)", 2) },
                              bodies: [.trial: ops],
                              inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(0))],
                              outputs: (1...n).map { OutputSlot(node: "t\($0)", port: "out", source: s($0, 0, 2)) })
        let result = planMemory(program)
        #expect(Set((1...n).compactMap { result.memoryPlan?[BufferID($0)] }) == Set((0..<n).map { $0 * 2 }))
        #expect(BufferLayout(result).size(.scratch) == 2 * n)
    }

    /// A large Program's liveness walks run side by side: random Programs padded past that
    /// size (with state buffers, which are never planned) get the plan they get on one thread.
    @Test(arguments: 0..<8)
    func largeProgramsArePlannedAsSmallOnes(_ seed: Int) throws {
        let program = try inferShapes(RandomProgramGenerator.program(seed: UInt64(seed) + 7000))
        var padded = program
        padded.buffers += (0..<20_000).map { BufferDecl(name: "pad\($0)", role: .state, shape: .vector(1)) }
        #expect(planMemory(padded).memoryPlan == planMemory(program).memoryPlan)
    }

    /// `FreeGaps` against a bitmap: random takes and gives, each take at the lowest offset
    /// where the bitmap has `size` free elements in a row.
    @Test(arguments: 0..<20)
    func freeGapsFindTheLowestFitAsABitmapDoes(_ seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        var gaps = FreeGaps()
        var used = [Bool](repeating: false, count: 16384)
        var held: [(start: Int, size: Int)] = []
        for _ in 0..<600 {
            if held.isEmpty || Int.random(in: 0..<3, using: &rng) > 0 {
                let size = Int.random(in: 0...12, using: &rng)
                let offset = gaps.take(size)
                var expected = 0
                if size > 0 {
                    while used[expected..<expected + size].contains(true) { expected += 1 }
                }
                #expect(offset == expected, "seed \(seed)")
                for i in offset..<offset + size { used[i] = true }
                held.append((offset, size))
            } else {
                let (start, size) = held.remove(at: Int.random(in: 0..<held.count, using: &rng))
                gaps.give(start: start, size: size)
                for i in start..<start + size { used[i] = false }
            }
        }
    }
}
