import MechanistIR
import MechanistPasses
import Testing

@Suite struct FuseElementwiseTests {
    static let buffers: [BufferDecl] = [
        input("x", 4),                                                           // %0
        param("gain", [2.0]),                                                    // %1
        state("s", [1, 2, 3, 4]),                                                // %2
        temp("t1", 4),                                                           // %3
        temp("t2", 4),                                                           // %4
        temp("y", 4),                                                            // %5
        temp("total", 1),                                                        // %6
        weight("w", rows: 4, columns: 2, [1, 2, 3, 4, 5, 6, 7, 8]),              // %7
        temp("z", 2),                                                            // %8
        state("flag", [1]),                                                      // %9
    ]
    static let x = el(0, 0, 4), t1 = el(3, 0, 4), t2 = el(4, 0, 4), st = el(2, 0, 4)

    static func program(_ trial: [Op], outputs: [Slice] = [s(5, 0, 4)]) -> Program {
        Program(name: "fuse", buffers: buffers, bodies: [.trial: trial],
                inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(0))],
                outputs: outputs.enumerated().map { OutputSlot(node: "o\($0)", port: "out", source: $1) })
    }

    /// Fuses, checks the result verifies and computes bitwise what the input computes.
    func fused(_ program: Program) throws -> Program {
        try verify(program)
        let result = fuseElementwise(program)
        try verify(result)
        let inputs = sampleInputs(program, rows: 2)
        #expect(try observe(result, inputs: inputs, inputRows: 2) == observe(program, inputs: inputs, inputRows: 2))
        return result
    }

    @Test func aThreeOpChainBecomesOneOp() throws {
        typealias F = FuseElementwiseTests
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.x * sc(1)),
            .elementwise(dst: s(4, 0, 4), .unary(.exp, F.t1)),
            .elementwise(dst: s(5, 0, 4), F.t2 + F.st),
        ])
        let result = try fused(program)
        #expect(result[.trial] == [.elementwise(dst: s(5, 0, 4), .unary(.exp, F.x * sc(1)) + F.st)])
    }

    @Test func aReductionAbsorbsItsOperand() throws {
        typealias F = FuseElementwiseTests
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.x * F.x),
            .reduce(dst: s(6, 0, 1), .sum, F.t1 - .index, count: 4),
        ], outputs: [s(6, 0, 1)])
        let result = try fused(program)
        #expect(result[.trial] == [.reduce(dst: s(6, 0, 1), .sum, F.x * F.x - .index, count: 4)])
    }

    @Test func theLastReaderMayOverwriteASourceAtTheSameIndex() throws {
        typealias F = FuseElementwiseTests
        // An integrator: new = s * 0.5 + x; s = new.
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.st * .constant(0.5) + F.x),
            .elementwise(dst: s(2, 0, 4), F.t1),
        ], outputs: [s(2, 0, 4)])
        let result = try fused(program)
        #expect(result[.trial] == [.elementwise(dst: s(2, 0, 4), F.st * .constant(0.5) + F.x)])
    }

    @Test func cheapExpressionsAreDuplicatedIntoSeveralReaders() throws {
        typealias F = FuseElementwiseTests
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), F.x + sc(1)),
            .reduce(dst: s(6, 0, 1), .max, F.t1, count: 4),
            .elementwise(dst: s(5, 0, 4), F.t1 - sc(6) + F.t1),
        ])
        let result = try fused(program)
        #expect(result[.trial] == [
            .reduce(dst: s(6, 0, 1), .max, F.x + sc(1), count: 4),
            .elementwise(dst: s(5, 0, 4), (F.x + sc(1)) - sc(6) + (F.x + sc(1))),
        ])
    }

    @Test func sqrtIsCheapEnoughToDuplicate() throws {
        // Exact and one instruction, like a division: no C library call, so duplicated.
        typealias F = FuseElementwiseTests
        let program = F.program([
            .elementwise(dst: s(3, 0, 4), .unary(.sqrt, F.x)),
            .elementwise(dst: s(5, 0, 4), F.t1 * F.t1),
        ])
        let result = try fused(program)
        #expect(result[.trial] == [.elementwise(dst: s(5, 0, 4), .unary(.sqrt, F.x) * .unary(.sqrt, F.x))])
    }

    /// Programs where fusing would be wrong or costly; each must come back unchanged.
    static let unfusable: [(String, Program)] = {
        typealias F = FuseElementwiseTests
        let produce = Op.elementwise(dst: s(3, 0, 4), F.x * sc(1))
        let consume = Op.elementwise(dst: s(5, 0, 4), F.t1 + .constant(1))
        return [
            ("temp is recorded", F.program([produce, consume], outputs: [s(5, 0, 4), s(3, 0, 4)])),
            ("temp read as a scalar", F.program([produce, .elementwise(dst: s(5, 0, 4), sc(3, 2))])),
            ("temp read by vecMat", F.program([
                produce, consume,
                .vecMat(dst: s(8, 0, 2), vector: s(3, 0, 4), matrix: s(7, 0, 8), rows: 4, columns: 2),
            ])),
            ("temp read in a nested body", F.program([produce, .loop(count: 2, body: [consume])])),
            ("temp read at another offset", F.program([
                .elementwise(dst: s(3, 0, 2), el(0, 0, 2)),
                .elementwise(dst: s(5, 0, 2), el(3, 0, 2) + el(3, 0, 2)),
                .elementwise(dst: s(5, 2, 2), el(3, 1, 2)),
            ])),
            ("source overwritten before the reader", F.program([
                .elementwise(dst: s(3, 0, 4), F.st + F.x),
                .elementwise(dst: s(2, 0, 4), F.st * .constant(2)),
                consume,
            ])),
            ("source overwritten inside a loop in between", F.program([
                .elementwise(dst: s(3, 0, 4), F.st + F.x),
                .loop(count: 1, body: [.elementwise(dst: s(2, 0, 4), F.st * .constant(2))]),
                consume,
            ])),
            ("first reader overwrites a source a later reader needs", F.program([
                .elementwise(dst: s(3, 0, 4), F.st + F.x),
                .elementwise(dst: s(2, 0, 4), F.t1),
                .elementwise(dst: s(5, 0, 4), F.t1),
            ])),
            ("last reader overwrites a source read as a scalar", F.program([
                .elementwise(dst: s(3, 0, 4), F.x + sc(2, 0)),
                .elementwise(dst: s(2, 0, 4), F.t1),
            ], outputs: [s(2, 0, 4)])),
            ("expensive expression read twice", F.program([
                .elementwise(dst: s(3, 0, 4), .unary(.exp, F.x)),
                .elementwise(dst: s(5, 0, 4), F.t1 * F.t1),
            ])),
            ("temp written twice", F.program([
                produce, .elementwise(dst: s(3, 0, 4), F.t1 + .constant(1)), consume,
            ])),
            ("temp read before it is written", F.program([consume, produce])),
        ]
    }()

    @Test(arguments: unfusable.indices)
    func leavesAloneWhatItMustNotFuse(_ index: Int) throws {
        let (reason, program) = FuseElementwiseTests.unfusable[index]
        let result = try fused(program)
        #expect(result == program, "\(reason)")
    }

    @Test func fusesInsideNestedBodies() throws {
        typealias F = FuseElementwiseTests
        let program = F.program([
            .until(flag: s(9, 0, 1), maxIterations: 3, body: [
                .elementwise(dst: s(3, 0, 4), F.st + F.x),
                .elementwise(dst: s(4, 0, 4), .unary(.tanh, F.t1)),
                .elementwise(dst: s(2, 0, 4), F.t2 * .constant(0.5)),
            ]),
        ], outputs: [s(2, 0, 4)])
        let result = try fused(program)
        #expect(result[.trial] == [
            .until(flag: s(9, 0, 1), maxIterations: 3, body: [
                .elementwise(dst: s(2, 0, 4), .unary(.tanh, F.st + F.x) * .constant(0.5)),
            ]),
        ])
    }

    /// Temps carry no value from one body into another, so each entry point's body fuses on
    /// its own: a learning trial that repeats the trial's processing with the same temps
    /// leaves both fusable.
    @Test func eachBodyFusesOnItsOwn() throws {
        typealias F = FuseElementwiseTests
        let chain: [Op] = [
            .elementwise(dst: s(3, 0, 4), F.x * sc(1)),
            .elementwise(dst: s(4, 0, 4), .unary(.exp, F.t1)),
            .elementwise(dst: s(5, 0, 4), F.t2 + F.st),
        ]
        var program = F.program(chain)
        program[.learnTrial] = chain + [.elementwise(dst: s(2, 0, 4), F.st + el(5, 0, 4))]
        let result = try fused(program)
        let one: Op = .elementwise(dst: s(5, 0, 4), .unary(.exp, F.x * sc(1)) + F.st)
        #expect(result[.trial] == [one])
        #expect(result[.learnTrial] == [one, .elementwise(dst: s(2, 0, 4), F.st + el(5, 0, 4))])
    }
}
