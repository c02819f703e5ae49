import MechanistIR
import Testing

/// A small valid program touching every op kind; each verifier case breaks one rule of it.
func verifierBase() -> Program {
    Program(
        name: "base",
        buffers: [
            param("gain", [2.0]),                                                  // %0
            weight("w", rows: 2, columns: 3, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),     // %1
            input("x", 2),                                                         // %2
            temp("h", 3),                                                          // %3
            state("s", [0, 0, 0]),                                                 // %4
            state("rng", [0]),                                                     // %5
            state("flag", [1]),                                                    // %6
            temp("total", 1),                                                      // %7
            temp("y", 2),                                                          // %8
        ],
        bodies: [
            .initialization: [.elementwise(dst: s(4, 0, 3), .constant(0.5))],
            .trial: [
                .vecMat(dst: s(3, 0, 3), vector: s(2, 0, 2), matrix: s(1, 0, 6), rows: 2, columns: 3),
                .elementwise(dst: s(4, 0, 3), el(4, 0, 3) * sc(0) + el(3, 0, 3)),
                .reduce(dst: s(7, 0, 1), .sum, el(4, 0, 3), count: 3),
                .matVec(dst: s(8, 0, 2), matrix: s(1, 0, 6), vector: s(4, 0, 3), rows: 2, columns: 3),
                .loop(count: 2, body: [
                    .random(dst: s(3, 0, 3), .uniform(low: 0, high: 1), key: 7, counter: s(5, 0, 1)),
                ]),
                .until(flag: s(6, 0, 1), maxIterations: 3, body: [
                    .elementwise(dst: s(4, 0, 3), el(4, 0, 3) + .constant(1)),
                ]),
                .branch(flag: s(6, 0, 1), then: [.elementwise(dst: s(7, 0, 1), el(7, 0, 1) * .constant(2))],
                        otherwise: []),
            ],
        ],
        inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(2))],
        outputs: [OutputSlot(node: "y", port: "out", source: s(8, 0, 2)),
                  OutputSlot(node: "total", port: "out", source: s(7, 0, 1))])
}

/// One broken rule: how to break it and what the verifier must say.
struct VerifierCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var location: String
    var message: String
    var buffer: String?
    var breakIt: @Sendable (inout Program) -> Void
    var testDescription: String { rule }
}

let verifierCases: [VerifierCase] = [
    VerifierCase(rule: "slice within its buffer", location: "trial[1]", message: "runs past the end of 'h'",
                 buffer: "h") { p in
        p[.trial][1] = .elementwise(dst: s(4, 0, 3), el(3, 1, 3))
    },
    VerifierCase(rule: "slice names a buffer", location: "trial[1]", message: "refers to no buffer %42") { p in
        p[.trial][1] = .elementwise(dst: s(4, 0, 3), el(42, 0, 3))
    },
    VerifierCase(rule: "shapes known after inference", location: "buffers[3]", message: "has no shape",
                 buffer: "h") { p in
        p.buffers[3].shape = nil
    },
    VerifierCase(rule: "only temps may lack a shape", location: "buffers[4]",
                 message: "state buffer 's' has no shape", buffer: "s") { p in
        p.buffers[4].shape = nil
        p.buffers[4].initial = []
    },
    VerifierCase(rule: "element read count equals destination count", location: "trial[1]",
                 message: "element read x[0..<2] has 2 elements; the op runs over 3", buffer: "x") { p in
        p[.trial][1] = .elementwise(dst: s(4, 0, 3), el(2, 0, 2))
    },
    VerifierCase(rule: "scalar read has one element", location: "trial[1]",
                 message: "scalar read x[0..<2] has 2 elements, not 1", buffer: "x") { p in
        p[.trial][1] = .elementwise(dst: s(4, 0, 3), .scalar(s(2, 0, 2)))
    },
    VerifierCase(rule: "elementwise reads its destination only at i", location: "trial[1]",
                 message: "reads s[0..<1] of its own destination s[0..<3]", buffer: "s") { p in
        p[.trial][1] = .elementwise(dst: s(4, 0, 3), el(4, 0, 3) + sc(4, 0))
    },
    VerifierCase(rule: "reduce count is positive", location: "trial[2]",
                 message: "sum runs over 0 elements") { p in
        p[.trial][2] = .reduce(dst: s(7, 0, 1), .sum, .constant(1), count: 0)
    },
    VerifierCase(rule: "reduce element reads match its count", location: "trial[2]",
                 message: "element read x[0..<2] has 2 elements; the op runs over 3", buffer: "x") { p in
        p[.trial][2] = .reduce(dst: s(7, 0, 1), .sum, el(2, 0, 2), count: 3)
    },
    VerifierCase(rule: "reduce writes one element", location: "trial[2]",
                 message: "sum writes 3 elements to h[0..<3], not 1", buffer: "h") { p in
        p[.trial][2] = .reduce(dst: s(3, 0, 3), .sum, el(4, 0, 3), count: 3)
    },
    VerifierCase(rule: "vecMat vector count is rows", location: "trial[0]",
                 message: "vecMat vector x[0..<2] has 2 elements, not 3", buffer: "x") { p in
        p[.trial][0] = .vecMat(dst: s(8, 0, 2), vector: s(2, 0, 2), matrix: s(1, 0, 6), rows: 3, columns: 2)
    },
    VerifierCase(rule: "vecMat destination count is columns", location: "trial[0]",
                 message: "vecMat destination y[0..<2] has 2 elements, not 3", buffer: "y") { p in
        p[.trial][0] = .vecMat(dst: s(8, 0, 2), vector: s(2, 0, 2), matrix: s(1, 0, 6), rows: 2, columns: 3)
    },
    VerifierCase(rule: "matrix count is rows x columns", location: "trial[0]",
                 message: "vecMat matrix w[0..<4] has 4 elements, not 2x3 = 6", buffer: "w") { p in
        p[.trial][0] = .vecMat(dst: s(3, 0, 3), vector: s(2, 0, 2), matrix: s(1, 0, 4), rows: 2, columns: 3)
    },
    VerifierCase(rule: "matVec vector count is columns", location: "trial[3]",
                 message: "matVec vector h[0..<2] has 2 elements, not 3", buffer: "h") { p in
        p[.trial][3] = .matVec(dst: s(8, 0, 2), matrix: s(1, 0, 6), vector: s(3, 0, 2), rows: 2, columns: 3)
    },
    VerifierCase(rule: "matVec destination count is rows", location: "trial[3]",
                 message: "matVec destination h[0..<3] has 3 elements, not 2", buffer: "h") { p in
        p[.trial][3] = .matVec(dst: s(3, 0, 3), matrix: s(1, 0, 6), vector: s(4, 0, 3), rows: 2, columns: 3)
    },
    VerifierCase(rule: "matrix product destination apart from its operands", location: "trial[0]",
                 message: "vecMat destination s[0..<3] overlaps its vector s[0..<2]", buffer: "s") { p in
        p[.trial][0] = .vecMat(dst: s(4, 0, 3), vector: s(4, 0, 2), matrix: s(1, 0, 6), rows: 2, columns: 3)
    },
    VerifierCase(rule: "no writes to parameters", location: "trial[1]",
                 message: "writes gain[0..<1] of parameter buffer 'gain'", buffer: "gain") { p in
        p[.trial][1] = .elementwise(dst: s(0, 0, 1), .constant(3))
    },
    VerifierCase(rule: "no writes to parameters in initialization", location: "initialization[0]",
                 message: "of parameter buffer 'gain'", buffer: "gain") { p in
        p[.initialization] = [.elementwise(dst: s(0, 0, 1), .constant(3))]
    },
    VerifierCase(rule: "no writes to inputs", location: "trial[4].body[0]",
                 message: "writes x[0..<2] of input buffer 'x'", buffer: "x") { p in
        p[.trial][4] = .loop(count: 2, body: [
            .random(dst: s(2, 0, 2), .uniform(low: 0, high: 1), key: 7, counter: s(5, 0, 1)),
        ])
    },
    VerifierCase(rule: "initialization reads no input", location: "initialization[0]",
                 message: "initialization reads input buffer 'x'", buffer: "x") { p in
        p[.initialization] = [.elementwise(dst: s(4, 0, 2), el(2, 0, 2))]
    },
    VerifierCase(rule: "random counter has one element", location: "trial[4].body[0]",
                 message: "random counter s[0..<2] has 2 elements, not 1", buffer: "s") { p in
        p[.trial][4] = .loop(count: 2, body: [
            .random(dst: s(3, 0, 3), .uniform(low: 0, high: 1), key: 7, counter: s(4, 0, 2)),
        ])
    },
    VerifierCase(rule: "random counter is state", location: "trial[4].body[0]",
                 message: "random counter lives in temp buffer 'total'", buffer: "total") { p in
        p[.trial][4] = .loop(count: 2, body: [
            .random(dst: s(3, 0, 3), .uniform(low: 0, high: 1), key: 7, counter: s(7, 0, 1)),
        ])
    },
    VerifierCase(rule: "random destination apart from its counter", location: "trial[4].body[0]",
                 message: "random destination s[0..<3] overlaps its counter", buffer: "s") { p in
        p[.trial][4] = .loop(count: 2, body: [
            .random(dst: s(4, 0, 3), .normal(mean: 0, standardDeviation: 1), key: 7, counter: s(4, 1, 1)),
        ])
    },
    VerifierCase(rule: "until flag has one element", location: "trial[5]",
                 message: "flag s[0..<3] has 3 elements, not 1", buffer: "s") { p in
        p[.trial][5] = .until(flag: s(4, 0, 3), maxIterations: 3, body: [])
    },
    VerifierCase(rule: "branch flag has one element", location: "trial[6]",
                 message: "flag y[0..<2] has 2 elements, not 1", buffer: "y") { p in
        p[.trial][6] = .branch(flag: s(8, 0, 2), then: [], otherwise: [])
    },
    VerifierCase(rule: "loop count is not negative", location: "trial[4]",
                 message: "loop count -1 is negative") { p in
        p[.trial][4] = .loop(count: -1, body: [])
    },
    VerifierCase(rule: "until runs at least once", location: "trial[5]",
                 message: "until runs at most 0 times") { p in
        p[.trial][5] = .until(flag: s(6, 0, 1), maxIterations: 0, body: [])
    },
    VerifierCase(rule: "faults inside bodies name their path", location: "trial[6].else[0]",
                 message: "runs past the end of 'total'", buffer: "total") { p in
        p[.trial][6] = .branch(flag: s(6, 0, 1), then: [],
                             otherwise: [.elementwise(dst: s(7, 0, 2), .constant(0))])
    },
    VerifierCase(rule: "initial values are count long", location: "buffers[4]",
                 message: "'s' has 2 initial values for 3 elements", buffer: "s") { p in
        p.buffers[4].initial = [1, 2]
    },
    VerifierCase(rule: "temps have no initial values", location: "buffers[3]",
                 message: "temp buffer 'h' has initial values", buffer: "h") { p in
        p.buffers[3].initial = [1, 2, 3]
    },
    VerifierCase(rule: "buffer names are unique", location: "buffers[8]",
                 message: "buffer name 'h' is also the name of %3", buffer: "h") { p in
        p.buffers[8].name = "h"
    },
    VerifierCase(rule: "input slots name input buffers", location: "inputs[0]",
                 message: "input x.in is bound to state buffer 's'", buffer: "s") { p in
        p.inputs[0].buffer = BufferID(4)
    },
    VerifierCase(rule: "input slots name buffers", location: "inputs[0]",
                 message: "input x.in refers to no buffer %9") { p in
        p.inputs[0].buffer = BufferID(9)
    },
    VerifierCase(rule: "output slots are valid slices", location: "outputs[1]",
                 message: "output total.out total[0..<2] runs past the end of 'total'", buffer: "total") { p in
        p.outputs[1].source = s(7, 0, 2)
    },
    VerifierCase(rule: "a memory plan places every temp", location: "memoryPlan",
                 message: "does not place temp 'y'", buffer: "y") { p in
        p.memoryPlan = [BufferID(3): 0, BufferID(7): 3]
    },
    VerifierCase(rule: "a memory plan places only temps", location: "memoryPlan",
                 message: "places state buffer 's' in the scratch arena", buffer: "s") { p in
        p.memoryPlan = [BufferID(3): 0, BufferID(4): 0, BufferID(7): 3, BufferID(8): 4]
    },
]

@Suite struct VerifierTests {
    @Test func acceptsTheBaseProgram() throws {
        try verify(verifierBase())
        try verifierBase().verify()
        #expect(verificationErrors(of: verifierBase()).isEmpty)
    }

    @Test(arguments: verifierCases)
    func rejects(_ c: VerifierCase) throws {
        var program = verifierBase()
        c.breakIt(&program)
        let error = try #require(throws: IRVerificationError.self) { try verify(program) }
        #expect(error.location == c.location)
        #expect(error.description.contains(c.message), "\(error)")
        #expect(error.buffer == c.buffer)
        #expect(error.description.hasPrefix(c.location + ": "))
    }

    @Test func unknownShapesPassWhenAllowed() throws {
        var program = verifierBase()
        program.buffers[3].shape = nil
        try verify(program, allowingUnknownShapes: true)
        #expect(throws: IRVerificationError.self) { try verify(program) }
    }

    @Test func readingTheDestinationAtTheSameIndexIsAllowed() throws {
        var program = verifierBase()
        program[.trial][1] = .elementwise(dst: s(4, 0, 3), el(4, 0, 3) * el(4, 0, 3))
        try verify(program)
    }

    /// A large Program's declarations and uses are checked on two threads: every case padded
    /// past that size lists the same faults, in the same order, as the one-thread check of the
    /// unpadded Program.
    @Test func largeProgramsListTheSameFaults() {
        let padding = (0..<20_000).map { BufferDecl(name: "pad\($0)", role: .state, shape: .vector(1)) }
        var cases = verifierCases.map { c in { (p: inout Program) in c.breakIt(&p) } }
        cases.append { p in  // faults of both kinds at once
            p.buffers[7].name = "w"
            p[.trial][4] = .loop(count: -1, body: [])
        }
        for breakIt in cases {
            var program = verifierBase()
            breakIt(&program)
            let faults = verificationErrors(of: program)
            // A reference past the last buffer would name a padding buffer once padded.
            if faults.contains(where: { $0.message.contains("refers to no buffer") }) { continue }
            var padded = program
            padded.buffers += padding
            #expect(verificationErrors(of: padded) == faults)
        }
    }

    @Test func collectsEveryFault() {
        var program = verifierBase()
        program[.trial][4] = .loop(count: -1, body: [])
        program[.trial][5] = .until(flag: s(6, 0, 1), maxIterations: 0, body: [])
        #expect(verificationErrors(of: program).map(\.location) == ["trial[4]", "trial[5]"])
    }
}
