import MechanistIR
import MechanistPasses
import Testing

@Suite struct PipelineTests {
    /// A hand-lowered transfer chain: input (3) -> W_ih -> hidden logistic (5) -> W_ho ->
    /// output tanh (2), with shapeless temps and parameters, as lowering would emit it.
    static func transferChain() -> Program {
        Program(
            name: "m3",
            buffers: [
                input("input.InputPort-0", 3),                                                 // %0
                weight("W_ih.matrix", rows: 3, columns: 5, (0..<15).map { Double($0) / 7 - 1 }), // %1
                weight("W_ho.matrix", rows: 5, columns: 2, (0..<10).map { 0.5 - Double($0) / 9 }), // %2
                param("hidden.gain", [1.0]),                                                   // %3
                param("hidden.bias", [0.0]),                                                   // %4
                param("output.gain", [1.0]),                                                   // %5
                temp("input.value", nil),                                                      // %6
                temp("hidden.net", nil),                                                       // %7
                temp("hidden.scaled", nil),                                                    // %8
                temp("hidden.value", nil),                                                     // %9
                temp("output.net", nil),                                                       // %10
                temp("output.value", nil),                                                     // %11
                temp("unused", nil),                                                           // %12
            ],
            bodies: [.trial: [
                .elementwise(dst: s(6, 0, 3), el(0, 0, 3) * .constant(1) + .constant(0)),
                .vecMat(dst: s(7, 0, 5), vector: s(6, 0, 3), matrix: s(1, 0, 15), rows: 3, columns: 5),
                .elementwise(dst: s(8, 0, 5), sc(3) * (el(7, 0, 5) + sc(4))),
                .elementwise(dst: s(9, 0, 5), .constant(1) / (.constant(1) + .unary(.exp, -el(8, 0, 5)))),
                .vecMat(dst: s(10, 0, 2), vector: s(9, 0, 5), matrix: s(2, 0, 10), rows: 5, columns: 2),
                .elementwise(dst: s(11, 0, 2), .unary(.tanh, sc(5) * el(10, 0, 2))),
                .elementwise(dst: s(12, 0, 2), el(11, 0, 2) * .constant(3)),
            ]],
            inputs: [InputSlot(node: "input", port: "InputPort-0", buffer: BufferID(0))],
            outputs: [OutputSlot(node: "hidden", port: "RESULT", source: s(9, 0, 5)),
                      OutputSlot(node: "output", port: "RESULT", source: s(11, 0, 2))])
    }

    @Test func standardPassNames() {
        #expect(Pipeline.standard.passNames == ["verify", "infer-shapes", "fold-constants", "fuse-elementwise",
                                                "eliminate-dead-code", "plan-memory"])
    }

    @Test func optimizesATransferChain() throws {
        let program = PipelineTests.transferChain()
        let optimized = try Pipeline.standard.run(program)
        #expect(printProgram(optimized).contains("""
            trial {
              input.value[0..<3] = input.InputPort-0[i] + 0.0
              hidden.net[0..<5] = input.value[0..<3] @ W_ih.matrix[0..<15] (3x5)
              hidden.value[0..<5] = 1.0 / (1.0 + exp(-(hidden.net[i] + 0.0)))
              output.net[0..<2] = hidden.value[0..<5] @ W_ho.matrix[0..<10] (5x2)
              output.value[0..<2] = tanh(output.net[i])
            }
            memory plan:
              input.value @ 0..<3
              hidden.net @ 3..<8
              hidden.scaled @ 0..<5 (unused)
              hidden.value @ 8..<13
              output.net @ 0..<2
              output.value @ 2..<4
              unused @ 0..<2 (unused)

            """))
        let reference = try inferShapes(program)
        let inputs = sampleInputs(program, rows: 3)
        #expect(try observe(optimized, inputs: inputs, inputRows: 3, trials: 4)
                == observe(reference, inputs: inputs, inputRows: 3, trials: 4))
        #expect(BufferLayout(optimized).size(.scratch) < BufferLayout(reference).size(.scratch))
    }

    @Test func dumpsAfterTheNamedPasses() throws {
        var dumped: [String] = []
        _ = try Pipeline.standard.run(PipelineTests.transferChain(), dumpAfter: ["plan-memory", "infer-shapes"]) {
            name, program in
            dumped.append(name)
            if name == "infer-shapes" { #expect(program.buffers.allSatisfy { $0.shape != nil }) }
            if name == "plan-memory" { #expect(program.memoryPlan != nil) }
        }
        #expect(dumped == ["infer-shapes", "plan-memory"])
    }

    @Test func rejectsUnknownPassNames() {
        #expect {
            try Pipeline.standard.run(PipelineTests.transferChain(), dumpAfter: ["fuse"])
        } throws: { error in
            guard case PipelineError.unknownPass("fuse", let known)? = error as? PipelineError else { return false }
            return known == Pipeline.standard.passNames
                && "\(error)".hasPrefix("no pass named 'fuse'; passes: verify, infer-shapes")
        }
        #expect(throws: PipelineError.self) { try Pipeline.standard.removing(["nope"]) }
    }

    @Test func removingPassesKeepsTheRest() throws {
        let pipeline = try Pipeline.standard.removing(["fuse-elementwise", "plan-memory"])
        #expect(pipeline.passNames == ["verify", "infer-shapes", "fold-constants", "eliminate-dead-code"])
        let result = try pipeline.run(PipelineTests.transferChain())
        #expect(result.memoryPlan == nil)
    }

    @Test func namesThePassThatFailed() {
        var program = PipelineTests.transferChain()
        program[.trial].removeFirst()     // input.value is now read but never written
        #expect {
            try Pipeline.standard.run(program)
        } throws: { error in
            guard case PipelineError.passFailed(let pass, let underlying)? = error as? PipelineError else {
                return false
            }
            return pass == "infer-shapes" && underlying is ShapeInferenceError
                && "\(error)" == "pass 'infer-shapes' failed: cannot infer the shape of 'input.value': "
                + "it is read but never written"
        }
    }

    @Test func blamesAPassThatBreaksTheIR() {
        let breaking = Pass(name: "break-things") { program in
            var broken = program
            broken[.trial].append(.elementwise(dst: s(3, 0, 1), .constant(2)))   // writes a parameter
            return broken
        }
        #expect {
            try Pipeline([.inferShapes, breaking]).run(PipelineTests.transferChain())
        } throws: { error in
            guard case PipelineError.invalidAfter("break-things", let fault)? = error as? PipelineError else {
                return false
            }
            return fault.location == "trial[7]" && fault.buffer == "hidden.gain"
        }
    }

    @Test func aPassMayNotLoseShapes() {
        let forgetful = Pass(name: "forget") { program in
            var p = program
            p.buffers[6].shape = nil
            return p
        }
        #expect(throws: PipelineError.self) {
            try Pipeline([.inferShapes, forgetful]).run(PipelineTests.transferChain())
        }
    }

    @Test func rejectsInvalidInput() {
        var program = PipelineTests.transferChain()
        program.buffers[1].name = "hidden.gain"
        #expect {
            try Pipeline.standard.run(program)
        } throws: { error in
            guard case PipelineError.invalidInput(let fault)? = error as? PipelineError else { return false }
            return fault.location == "buffers[3]"
        }
    }
}
