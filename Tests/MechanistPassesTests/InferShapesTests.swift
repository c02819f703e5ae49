import MechanistIR
import MechanistPasses
import Testing

@Suite struct InferShapesTests {
    /// Temps without shapes, written by each kind of op, one in two parts.
    static func shapeless() -> Program {
        Program(
            name: "shapes",
            buffers: [
                input("x", 2),                                                   // %0
                weight("w", rows: 2, columns: 3, [1, 2, 3, 4, 5, 6]),            // %1
                temp("net", nil),                                                // %2
                temp("act", nil),                                                // %3
                temp("total", nil),                                              // %4
                temp("parts", nil),                                              // %5
                temp("back", nil),                                               // %6
                temp("known", 4),                                                // %7
            ],
            bodies: [.trial: [
                .vecMat(dst: s(2, 0, 3), vector: s(0, 0, 2), matrix: s(1, 0, 6), rows: 2, columns: 3),
                .elementwise(dst: s(3, 0, 3), .unary(.tanh, el(2, 0, 3))),
                .reduce(dst: s(4, 0, 1), .sum, el(3, 0, 3), count: 3),
                .elementwise(dst: s(5, 0, 2), el(0, 0, 2)),
                .elementwise(dst: s(5, 2, 3), el(3, 0, 3) * sc(4)),
                .matVec(dst: s(6, 0, 2), matrix: s(1, 0, 6), vector: s(5, 2, 3), rows: 2, columns: 3),
                .elementwise(dst: s(7, 0, 4), .index),
            ]],
            inputs: [InputSlot(node: "x", port: "in", buffer: BufferID(0))],
            outputs: [OutputSlot(node: "p", port: "out", source: s(5, 0, 5)),
                      OutputSlot(node: "b", port: "out", source: s(6, 0, 2))])
    }

    @Test func shapesCoverEveryWrite() throws {
        let program = InferShapesTests.shapeless()
        try verify(program, allowingUnknownShapes: true)
        let inferred = try inferShapes(program)
        #expect(inferred.buffers.map(\.shape) == [
            .vector(2), .matrix(rows: 2, columns: 3), .vector(3), .vector(3), .vector(1), .vector(5),
            .vector(2), .vector(4),
        ])
        #expect(inferred[.trial] == program[.trial])
        try verify(inferred)
    }

    @Test func inferredShapesRunAsDeclaredOnes() throws {
        var declared = InferShapesTests.shapeless()
        for (index, n) in [(2, 3), (3, 3), (4, 1), (5, 5), (6, 2)] { declared.buffers[index].shape = .vector(n) }
        let inputs = sampleInputs(declared, rows: 2)
        #expect(try observe(try inferShapes(InferShapesTests.shapeless()), inputs: inputs, inputRows: 2)
                == observe(declared, inputs: inputs, inputRows: 2))
    }

    @Test func leavesKnownShapesAlone() throws {
        let program = verifierBase()
        #expect(try inferShapes(program) == program)
    }

    @Test func rejectsATempNeverWritten() {
        var program = InferShapesTests.shapeless()
        program[.trial].removeFirst()
        #expect(throws: ShapeInferenceError(buffer: "net", message: "it is read but never written")) {
            try inferShapes(program)
        }
        var unused = InferShapesTests.shapeless()
        unused.buffers.append(temp("orphan", nil))
        #expect(throws: ShapeInferenceError(buffer: "orphan", message: "no op writes it")) {
            try inferShapes(unused)
        }
    }

    @Test func rejectsAReadPastTheWrites() {
        var program = InferShapesTests.shapeless()
        program.outputs[0].source = s(5, 0, 6)
        let error = #expect(throws: ShapeInferenceError.self) { try inferShapes(program) }
        #expect(error?.buffer == "parts")
        #expect(error?.description == "cannot infer the shape of 'parts': it is read up to element 6 "
                + "but written only up to 5")
    }

    @Test func rejectsAWriteInconsistentWithItsOp() {
        var program = InferShapesTests.shapeless()
        program[.trial][0] = .vecMat(dst: s(2, 0, 4), vector: s(0, 0, 2), matrix: s(1, 0, 6), rows: 2, columns: 3)
        let error = #expect(throws: ShapeInferenceError.self) { try inferShapes(program) }
        #expect(error?.buffer == "net")
        #expect(error?.message.contains("produces 3 elements") == true)
    }
}
