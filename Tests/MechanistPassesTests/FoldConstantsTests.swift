import MechanistIR
import MechanistPasses
import Testing

@Suite struct FoldConstantsTests {
    /// `x` reads the input; `%1` a scalar parameter 3, `%2` a uniform vector parameter,
    /// `%3` a mixed one, `%4` a weight, `%5` state, `%6` the destination.
    static func program(_ exprs: [Expr]) -> Program {
        Program(
            name: "fold",
            buffers: [
                input("x", 6),                                                   // %0
                param("gain", [3.0]),                                            // %1
                param("bias", [0.25, 0.25, 0.25, 0.25, 0.25, 0.25]),             // %2
                param("mixed", [1, 2, 3, 4, 5, 6]),                              // %3
                weight("w", rows: 1, columns: 6, [1, 1, 1, 1, 1, 1]),            // %4
                state("s", [2, 2, 2, 2, 2, 2]),                                  // %5
                temp("y", 6 * max(exprs.count, 1)),                              // %6
            ],
            bodies: [.trial: exprs.enumerated().map { k, e in .elementwise(dst: s(6, 6 * k, 6), e) }],
            inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(0))],
            outputs: [OutputSlot(node: "y", port: "out", source: s(6, 0, 6 * max(exprs.count, 1)))])
    }

    static let x = el(0, 0, 6)
    /// Inputs where identities are easiest to get wrong.
    static let awkward: [Double] = [-0.0, .nan, .infinity, -.infinity, 1e308, .leastNonzeroMagnitude,
                                    0.0, -1.5, 2.0, .greatestFiniteMagnitude, -.nan, 1.0]

    func folded(_ e: Expr) -> Expr {
        guard case .elementwise(_, let result) = foldConstants(FoldConstantsTests.program([e]))[.trial][0] else {
            Issue.record("not elementwise"); return e
        }
        return result
    }

    @Test func parametersBecomeConstants() {
        let x = FoldConstantsTests.x
        #expect(folded(sc(1) * .constant(2) + x) == .constant(6) + x)
        #expect(folded(x + el(2, 0, 6)) == x + .constant(0.25))
        #expect(folded(x + el(3, 0, 6)) == x + el(3, 0, 6))
        #expect(folded(x + sc(3, 4)) == x + .constant(5))
    }

    @Test func weightsAndStateAreNotFolded() {
        let e = el(4, 0, 6) * sc(5, 0)
        #expect(folded(e) == e)
    }

    @Test func constantSubtreesUseTheExecutorsArithmetic() throws {
        let c = Expr.constant
        let exprs: [Expr] = [
            .unary(.exp, c(0.3)) + .unary(.log, c(7)) * .unary(.tanh, c(0.9)),
            .binary(.pow, c(2), c(0.5)) - .unary(.cos, c(1.1)) / .unary(.sqrt, c(3)),
            .binary(.max, c(.nan), c(1)) + .binary(.min, c(1), c(.nan)) + .unary(.abs, c(-0.0)),
            .select(.less, c(1), c(.nan), then: c(1), else: c(2)) + .index,
            .select(.notEqual, c(.nan), c(.nan), then: c(4), else: c(5)) * .unary(.negate, c(0)),
            .select(.notEqual, c(.nan), c(.nan), then: c(4), else: c(5)) * .unary(.negate, c(1)),
        ]
        let program = FoldConstantsTests.program(exprs)
        let result = foldConstants(program)
        for op in result[.trial].prefix(3) {
            guard case .elementwise(_, .constant) = op else { Issue.record("not folded: \(op)"); continue }
        }
        #expect(result[.trial][3] == .elementwise(dst: s(6, 18, 6), .constant(2) + .index))
        // Expr's == says -0.0 == 0.0, so the sign is checked on the bits.
        guard case .elementwise(_, .constant(let negativeZero)) = result[.trial][4] else {
            Issue.record("not folded"); return
        }
        #expect(negativeZero.bitPattern == (-0.0).bitPattern)
        #expect(result[.trial][5] == .elementwise(dst: s(6, 30, 6), .constant(-4)))
        let inputs = FoldConstantsTests.awkward
        #expect(try observe(result, inputs: inputs) == observe(program, inputs: inputs))
    }

    @Test func exactIdentitiesAreRemoved() {
        let x = FoldConstantsTests.x
        for e in [x * .constant(1), .constant(1) * x, x / .constant(1), x - .constant(0),
                  x + .constant(-0.0), .constant(-0.0) + x, -(-x), x * (sc(1) - .constant(2))] {
            #expect(folded(e) == x, "\(e)")
        }
    }

    @Test func inexactIdentitiesAreKept() {
        let x = FoldConstantsTests.x
        for e in [x + .constant(0), .constant(0) + x, x * .constant(0), x - .constant(-0.0),
                  .constant(0) - x, .constant(1) / x, x * .constant(-1)] {
            #expect(folded(e) == e, "\(e)")
        }
    }

    @Test func selectOnConstantsPicksABranch() {
        let x = FoldConstantsTests.x
        #expect(folded(.select(.greater, sc(1), .constant(2), then: x, else: -x)) == x)
        #expect(folded(.select(.equal, .constant(.nan), .constant(.nan), then: x, else: -x)) == -x)
    }

    @Test func foldingPreservesResultsBitwise() throws {
        let x = FoldConstantsTests.x
        let exprs: [Expr] = [
            x * .constant(1) + .constant(-0.0),
            -(-(x / .constant(1))) - .constant(0),
            (x + el(2, 0, 6)) * sc(1) + x * .constant(0),
            .select(.lessEqual, sc(1), .constant(3), then: x + .constant(0), else: x),
            .binary(.max, x, sc(3, 2)) * (.constant(1) * el(5, 0, 6)),
        ]
        let program = FoldConstantsTests.program(exprs)
        let inputs = FoldConstantsTests.awkward
        #expect(try observe(foldConstants(program), inputs: inputs, inputRows: 2)
                == observe(program, inputs: inputs, inputRows: 2))
    }

    @Test func parameterBuffersStayDeclared() {
        let program = FoldConstantsTests.program([sc(1) * FoldConstantsTests.x])
        #expect(foldConstants(program).buffers == program.buffers)
    }
}
