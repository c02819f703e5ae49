import MechanistIR
import MechanistPasses
import Testing

/// `elementwise2D` in the verifier, the printer and the passes.
@Suite struct Elementwise2DPassTests {
    /// `W = W + rate * a[i] * d[j]` over a 2x3 weight, d computed into a temp first.
    static func program(update: Expr? = nil, dst: Slice = s(2, 0, 6), rows: Int = 2, columns: Int = 3,
                        extra: [Op] = []) -> Program {
        Program(
            name: "update",
            buffers: [
                input("a", 2),                                                     // %0
                param("rate", [0.25]),                                             // %1
                weight("W", rows: 2, columns: 3, [1, 2, 3, 4, 5, 6]),              // %2
                temp("d", 3),                                                      // %3
                input("target", 3),                                                // %4
                temp("t", 6),                                                      // %5
            ],
            bodies: [.trial: [
                .elementwise(dst: s(3, 0, 3), el(4, 0, 3) * .constant(2)),
                .elementwise2D(dst: dst, rows: rows, columns: columns,
                               update ?? el(2, 0, 6) + sc(1) * .row(s(0, 0, 2)) * .column(s(3, 0, 3))),
            ] + extra],
            inputs: [InputSlot(node: "a", port: "in", buffer: BufferID(0)),
                     InputSlot(node: "target", port: "in", buffer: BufferID(4))],
            outputs: [OutputSlot(node: "W", port: "out", source: s(2, 0, 6))])
    }

    @Test func theUpdateVerifies() throws {
        try verify(Self.program())
    }

    /// Each broken rule, the location and what the verifier says.
    static let rejected: [(String, Program, String)] = [
        ("a row read in a 1-D op",
         program(extra: [.elementwise(dst: s(3, 0, 3), el(3, 0, 3) + .row(s(4, 0, 3)))]),
         "trial[2]: row read target[0..<3] in a 1-D op"),
        ("a column read in a reduction",
         program(extra: [.reduce(dst: s(3, 0, 1), .sum, .column(s(4, 0, 3)), count: 3)]),
         "trial[2]: column read target[0..<3] in a 1-D op"),
        ("a row read of the wrong count",
         program(update: el(2, 0, 6) + .row(s(4, 0, 3))),
         "trial[1]: row read target[0..<3] has 3 elements; the op has 2 rows"),
        ("a column read of the wrong count",
         program(update: el(2, 0, 6) + .column(s(0, 0, 2))),
         "trial[1]: column read a[0..<2] has 2 elements; the op has 3 columns"),
        ("an element read of the wrong count",
         program(update: el(2, 0, 3)),
         "trial[1]: element read W[0..<3] has 3 elements; the op runs over 6"),
        ("a destination of the wrong count",
         program(dst: s(2, 0, 6), rows: 3, columns: 3),
         "trial[1]: elementwise2D destination W[0..<6] has 6 elements, not 3x3 = 9"),
        ("negative dimensions",
         program(update: .constant(1), dst: s(2, 0, 0), rows: -1, columns: 0),
         "trial[1]: elementwise2D has negative dimensions -1x0"),
        ("the destination read as a row",
         program(update: .row(s(5, 0, 2)), dst: s(5, 0, 6)),
         "trial[1]: reads t[0..<2] of its own destination t[0..<6] other than as t[i * 3 + j]"),
        ("the destination read as a column",
         program(update: el(2, 0, 6) + .column(s(2, 0, 3))),
         "trial[1]: reads W[0..<3] of its own destination W[0..<6] other than as W[i * 3 + j]"),
        ("the destination read as a scalar",
         program(update: el(2, 0, 6) + .scalar(s(2, 5, 1))),
         "trial[1]: reads W[5..<6] of its own destination W[0..<6] other than as W[i * 3 + j]"),
        ("a write past the end",
         program(update: .constant(0), dst: s(2, 1, 6)),
         "trial[1]: destination W[1..<7] runs past the end of 'W'"),
    ]

    @Test(arguments: rejected)
    func rejects(_ label: String, _ program: Program, _ message: String) {
        let errors = verificationErrors(of: program)
        #expect(errors.first.map { "\($0)".hasPrefix(message) } == true, "\(label): \(errors)")
    }

    @Test func printsRowsAndColumns() {
        var program = Self.program(update: .select(.less, .index, .constant(2),
                                                    then: el(2, 0, 6) + sc(1) * .row(s(0, 0, 2)) * .column(s(3, 0, 3)),
                                                    else: el(5, 0, 6) * .index))
        program[.trial].append(.elementwise2D(dst: s(5, 2, 4), rows: 1, columns: 4,
                                              .row(s(1, 0, 1)) + .column(s(5, 0, 4)) - el(2, 1, 4)))
        let text = printProgram(program)
        #expect(text.contains("""
        trial {
          d[0..<3] = target[i] * 2.0
          W[0..<6] = select(i * 3 + j < 2.0, W[i * 3 + j] + rate[0] * a[i] * d[j], t[i * 3 + j] * (i * 3 + j)) \
        for i in 0..<2, j in 0..<3
          t[2..<6] = rate[i] + t[j] - W[1 + i * 4 + j] for i in 0..<1, j in 0..<4
        }
        """), "\(text)")
    }

    @Test func passesHandleIt() throws {
        // Constant folding reaches inside; fusion leaves the 2-D op and the temp it reads
        // alone; a 2-D write nothing reads is dead code; shape inference sizes its temp.
        var program = Self.program()
        program.buffers[5].shape = nil
        program[.trial].append(.elementwise2D(dst: s(5, 0, 6), rows: 2, columns: 3, el(2, 0, 6) * .constant(2)))
        let optimized = try Pipeline.standard.run(program)
        #expect(optimized[.trial] == [
            .elementwise(dst: s(3, 0, 3), el(4, 0, 3) * .constant(2)),
            .elementwise2D(dst: s(2, 0, 6), rows: 2, columns: 3,
                           el(2, 0, 6) + .constant(0.25) * .row(s(0, 0, 2)) * .column(s(3, 0, 3))),
        ])
        #expect(optimized.buffers[5].shape == .vector(6))
        let inputs = sampleInputs(program, rows: 2)
        var declared = program
        declared.buffers[5].shape = .vector(6)
        #expect(try observe(optimized, inputs: inputs, inputRows: 2) == observe(declared, inputs: inputs, inputRows: 2))
    }
}
