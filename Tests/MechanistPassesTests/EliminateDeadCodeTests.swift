import MechanistIR
import MechanistPasses
import Testing

@Suite struct EliminateDeadCodeTests {
    typealias F = FuseElementwiseTests

    @Test func removesChainsOfUnreadTemps() throws {
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.x * sc(1)),                         // read only by dead t2
            .elementwise(dst: s(4, 0, 4), F.t1 + .constant(1)),                 // never read
            .vecMat(dst: s(8, 0, 2), vector: s(0, 0, 4), matrix: s(7, 0, 8), rows: 4, columns: 2),
            .elementwise(dst: s(5, 0, 4), F.x),                                 // recorded
            .random(dst: s(6, 0, 1), .uniform(low: 0, high: 1), key: 1, counter: s(9, 0, 1)),
            .loop(count: 3, body: [.elementwise(dst: s(4, 0, 4), F.x)]),        // emptied, then removed
            .branch(flag: s(9, 0, 1), then: [], otherwise: []),
            .loop(count: 0, body: [.elementwise(dst: s(2, 0, 4), F.x)]),        // never runs
        ])
        let result = eliminateDeadCode(program)
        try verify(result)
        #expect(result[.trial] == [
            .elementwise(dst: s(5, 0, 4), F.x),
            .random(dst: s(6, 0, 1), .uniform(low: 0, high: 1), key: 1, counter: s(9, 0, 1)),
        ])
        #expect(result.buffers == program.buffers)
        let inputs = sampleInputs(program, rows: 2)
        #expect(try observe(result, inputs: inputs, inputRows: 2) == observe(program, inputs: inputs, inputRows: 2))
    }

    @Test func keepsWritesThatAnyReadOverlaps() throws {
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.x),
            .elementwise(dst: s(5, 0, 2), el(3, 3, 1) + el(3, 0, 1)),           // reads t1[3] and t1[0]
            .elementwise(dst: s(5, 2, 2), .index),
            .until(flag: s(6, 0, 1), maxIterations: 2, body: [.elementwise(dst: s(6, 0, 1), .constant(1))]),
            .elementwise(dst: s(2, 0, 4), F.st + .constant(1)),                  // state: always kept
        ])
        #expect(eliminateDeadCode(program) == program)
    }
}
