import MechanistIR
@testable import MechanistPasses
import Testing

@Suite struct PlanMemoryTests {
    /// Temps `%1...%6` of the given sizes, input `x` of 4, state `s` of 4, recorded `s`.
    static func program(_ trial: [Op], sizes: [Int] = [4, 4, 4, 4, 4, 1], outputs: [Slice] = [s(7, 0, 4)]) -> Program {
        Program(name: "plan",
                buffers: [input("x", 4)] + sizes.enumerated().map { temp("t\($0 + 1)", $1) }
                    + [state("s", [1, 2, 3, 4]), state("flag", [0])],
                bodies: [.trial: trial],
                inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(0))],
                outputs: outputs.enumerated().map { OutputSlot(node: "o\($0)", port: "out", source: $1) })
    }
    static let x = el(0, 0, 4)
    static func t(_ k: Int) -> Expr { el(k, 0, 4) }
    static func w(_ k: Int) -> Slice { s(k, 0, 4) }

    /// Plans, checks the postcondition and that results are unchanged.
    func planned(_ program: Program) throws -> Program {
        let result = planMemory(program)
        try verify(result)
        #expect(result[.trial] == program[.trial])
        let liveness = Liveness(result)
        let temps = result.buffers.indices.filter { result.buffers[$0].role == .temp }.map(BufferID.init)
        for a in temps { for b in temps where a < b {
            guard let ra = liveness.ranges[a], let rb = liveness.ranges[b], ra.overlaps(rb),
                  let oa = result.memoryPlan?[a], let ob = result.memoryPlan?[b] else { continue }
            let apart = oa + result[a].count <= ob || ob + result[b].count <= oa
            #expect(apart, "\(result[a].name) and \(result[b].name) are live together and overlap")
        } }
        let inputs = sampleInputs(program, rows: 2)
        #expect(try observe(result, inputs: inputs, inputRows: 2) == observe(program, inputs: inputs, inputRows: 2))
        return result
    }

    @Test func aChainReusesSpace() throws {
        typealias P = PlanMemoryTests
        let program = P.program([
            .elementwise(dst: P.w(1), P.x + .constant(1)),
            .elementwise(dst: P.w(2), P.t(1) * .constant(2)),
            .elementwise(dst: P.w(3), P.t(2) - .constant(3)),
            .elementwise(dst: P.w(4), P.t(3) / .constant(4)),
            .elementwise(dst: s(7, 0, 4), P.t(4)),
        ])
        let result = try planned(program)
        #expect(result.memoryPlan == [BufferID(1): 0, BufferID(2): 4, BufferID(3): 0, BufferID(4): 4,
                                      BufferID(5): 0, BufferID(6): 0])
        #expect(BufferLayout(result).size(.scratch) == 8)
        #expect(BufferLayout(program).size(.scratch) == 21)
    }

    @Test func tempsInLoopsLiveForTheWholeLoop() throws {
        typealias P = PlanMemoryTests
        let program = P.program([
            .elementwise(dst: P.w(1), P.x),
            .loop(count: 3, body: [
                .elementwise(dst: P.w(2), P.t(1) + el(7, 0, 4)),   // t2 is dead after this op...
                .elementwise(dst: s(7, 0, 4), P.t(2)),
                .elementwise(dst: P.w(3), el(7, 0, 4) * .constant(2)),
                .elementwise(dst: s(7, 0, 4), P.t(3)),            // ...but t1 is read again next time
            ]),
        ])
        let result = try planned(program)
        let offsets = Set([1, 2, 3].map { result.memoryPlan?[BufferID($0)] })
        #expect(offsets.count == 3)
    }

    @Test func aTempReadBeforeItIsWrittenSharesNothing() throws {
        typealias P = PlanMemoryTests
        // t1 carries a value from one trial to the next: nothing may reuse its space.
        let program = P.program([
            .elementwise(dst: P.w(2), P.x * .constant(3)),
            .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + P.t(2)),
            .elementwise(dst: s(7, 0, 4), P.t(1) + el(7, 0, 4)),
            .elementwise(dst: P.w(1), P.x),
        ])
        let result = try planned(program)
        #expect(result.memoryPlan?[BufferID(1)] != result.memoryPlan?[BufferID(2)])
    }

    @Test func aTempWrittenOnlyInABranchSharesNothing() throws {
        typealias P = PlanMemoryTests
        // flag is 0: t1 is never written, so `s + t1` must keep reading t1's own (zero) memory,
        // not what t2 left there.
        let program = P.program([
            .elementwise(dst: P.w(2), P.x + .constant(1)),
            .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + P.t(2)),
            .branch(flag: s(8, 0, 1), then: [.elementwise(dst: P.w(1), P.x * .constant(3))], otherwise: []),
            .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + P.t(1)),
        ])
        let result = try planned(program)
        #expect(result.memoryPlan?[BufferID(1)] != result.memoryPlan?[BufferID(2)])
    }

    @Test func aTempWrittenOnBothSidesOfABranchMayShare() throws {
        typealias P = PlanMemoryTests
        let program = P.program([
            .elementwise(dst: P.w(2), P.x + .constant(1)),
            .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + P.t(2)),
            .branch(flag: s(8, 0, 1), then: [.elementwise(dst: P.w(1), P.x * .constant(3))],
                    otherwise: [.elementwise(dst: P.w(1), P.x * .constant(4))]),
            .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + P.t(1)),
        ])
        let result = try planned(program)
        #expect(result.memoryPlan?[BufferID(1)] == result.memoryPlan?[BufferID(2)])
    }

    @Test func recordedTempsLiveToTheEndOfTheTrial() throws {
        typealias P = PlanMemoryTests
        let program = P.program([
            .elementwise(dst: P.w(1), P.x),
            .elementwise(dst: P.w(2), P.x + .constant(1)),
            .elementwise(dst: s(7, 0, 4), P.t(2)),
        ], outputs: [s(1, 0, 4)])
        let result = try planned(program)
        #expect(result.memoryPlan?[BufferID(1)] != result.memoryPlan?[BufferID(2)])
    }

    @Test func untilFlagsInTempsAreLiveAcrossTheLoop() throws {
        typealias P = PlanMemoryTests
        let program = P.program([
            .until(flag: s(6, 0, 1), maxIterations: 4, body: [
                .elementwise(dst: s(7, 0, 4), el(7, 0, 4) + .constant(1)),
                .reduce(dst: s(6, 0, 1), .max, el(7, 0, 4), count: 4),
                .elementwise(dst: s(6, 0, 1), .select(.greater, el(6, 0, 1), .constant(6),
                                                      then: .constant(1), else: .constant(0))),
            ]),
            .elementwise(dst: P.w(1), P.x),
            .elementwise(dst: s(7, 0, 4), P.t(1) + el(7, 0, 4)),
        ])
        _ = try planned(program)
    }

    /// Outputs are read after every per-trial body with ops: a learning trial that writes a
    /// recorded temp keeps it as short-lived as the trial does; one that records it without
    /// writing it makes it live everywhere; no learning trial changes nothing.
    @Test func recordedTempsAndTheLearningTrial() throws {
        typealias P = PlanMemoryTests
        let trial: [Op] = [
            .elementwise(dst: P.w(1), P.x + .constant(1)),
            .elementwise(dst: P.w(2), P.t(1) * .constant(2)),
            .elementwise(dst: P.w(3), P.t(2) - .constant(3)),
        ]
        var program = P.program(trial, outputs: [P.w(3)])
        #expect(try planned(program).memoryPlan?[BufferID(3)] == 0)
        program[.learnTrial] = [.elementwise(dst: P.w(3), P.x)]
        #expect(try planned(program).memoryPlan?[BufferID(3)] == 0)
        program[.learnTrial] = [.elementwise(dst: P.w(1), P.x)]
        #expect(try planned(program).memoryPlan?[BufferID(3)] != 0)
    }
}
