import MechanistIR
import MechanistInterpreter
import MechanistLLVM
import Testing

/// Programs the IR verifier rejects. Compiled, most would touch memory outside the arenas;
/// the rest (a sum over nothing, a product written over its own operand) mean something
/// different in each executor. Neither executor may run any of them.
func malformedPrograms() -> [(String, Program)] {
    var cases: [(String, Program)] = []
    func make(_ label: String, _ build: (inout ProgramBuilder, Slice, Slice) -> Void) {
        var b = ProgramBuilder(name: label)
        let x = b.input(node: "x", port: "in", count: 3)
        let y = b.buffer("y", .temp, .vector(3))
        build(&b, x, y)
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        cases.append((label, b.program))
    }
    make("slice past the end") { b, x, y in b.assign(Slice(y.buffer, offset: 2, count: 3), .constant(1)) }
    make("negative offset") { b, x, y in b.assign(y, .element(Slice(x.buffer, offset: -1, count: 3))) }
    make("no such buffer") { b, x, y in b.assign(y, .element(Slice(BufferID(99), count: 3))) }
    make("element count mismatch") { b, x, y in b.assign(y, .element(Slice(x.buffer, offset: 0, count: 2))) }
    make("writes an input") { b, x, y in b.assign(x, .constant(0)) }
    make("max of nothing") { b, x, y in b.emit(.reduce(dst: y.element(0), .max, .element(Slice(x.buffer, count: 0)), count: 0)) }
    make("sum of nothing") { b, x, y in b.emit(.reduce(dst: y.element(0), .sum, .constant(1), count: 0)) }
    make("row read in a 1-D op") { b, x, y in b.assign(y, .row(x)) }
    make("elementwise2D over too few elements") { b, x, y in
        b.emit(.elementwise2D(dst: y, rows: 2, columns: 2, .row(Slice(x.buffer, count: 2)) * .column(Slice(x.buffer, count: 2))))
    }
    make("reduce into a vector") { b, x, y in b.emit(.reduce(dst: y, .sum, .element(x), count: 3)) }
    make("vecMat sizes") { b, x, y in b.emit(.vecMat(dst: y, vector: x, matrix: x, rows: 3, columns: 3)) }
    make("matVec sizes") { b, x, y in b.emit(.matVec(dst: y, matrix: x, vector: x, rows: 1, columns: 3)) }
    make("vecMat over its vector") { b, x, y in
        let m = b.buffer("m", .weight, .matrix(rows: 3, columns: 3), initial: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        b.assign(y, .element(x))
        b.emit(.vecMat(dst: y, vector: y, matrix: m, rows: 3, columns: 3))
    }
    make("matVec over its matrix") { b, x, y in
        let m = b.buffer("m", .state, .matrix(rows: 3, columns: 3), initial: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        b.emit(.matVec(dst: m.element(0), matrix: Slice(m.buffer, count: 3), vector: x, rows: 1, columns: 3))
    }
    make("random counter of two") { b, x, y in
        let counter = b.buffer("counter", .state, .vector(2))
        b.emit(.random(dst: y, .uniform(low: 0, high: 1), key: 1, counter: counter))
    }
    make("until flag out of range") { b, x, y in
        b.emit(.until(flag: Slice(y.buffer, offset: 3, count: 1), maxIterations: 2, body: []))
    }
    make("nested bad slice") { b, x, y in
        b.emit(.branch(flag: x.element(0), then: [], otherwise: [
            .loop(count: 2, body: [.elementwise(dst: Slice(y.buffer, offset: 1, count: 3), .constant(0))]),
        ]))
    }
    make("output out of range") { b, x, y in b.record(node: "bad", port: "out", Slice(y.buffer, offset: 1, count: 5)) }
    make("initialization reads an input") { b, x, y in
        b.assign(y, .element(x))
        b.finish(.initialization)
    }
    make("run start reads an input") { b, x, y in
        b.assign(y, .element(x))
        b.finish(.runStart)
    }
    var planned = cases[0].1
    planned[.trial] = []
    planned.memoryPlan = [BufferID(1): -5]
    cases.append(("temp planned before the arena", planned))
    return cases
}

@Suite struct ErrorTests {
    @Test(arguments: malformedPrograms())
    func neitherExecutorRunsAnInvalidProgram(_ label: String, _ program: Program) throws {
        let fault = try #require(throws: IRVerificationError.self, "\(label)") { try verify(program) }
        // The interpreter refuses it with the verifier's own error...
        let refused = #expect(throws: IRVerificationError.self, "\(label)") { try Interpreter(program: program) }
        #expect(refused == fault, "\(label)")
        // ...and codegen, before emitting anything, with it as an LLVMError of stage `program`.
        let layout = BufferLayout(program)
        let compiled = #expect(throws: LLVMError.self, "\(label)") { try CompiledProgram(program: program, layout: layout) }
        #expect(compiled == LLVMError(stage: .program, message: fault.description), "\(label)")
        do {
            _ = try LLVMText.ir(program: program, layout: layout, optimized: false)
            Issue.record("\(label): no error")
        } catch {
            #expect(error.stage == .program, "\(label): \(error)")
            #expect(error.description == "invalid IR: \(fault)")
        }
    }

    @Test func mismatchedLayoutIsAnError() {
        let program = integratorProgram()
        var other = program
        other.buffers.removeLast()
        let error = #expect(throws: LLVMError.self) { try CompiledProgram(program: program, layout: BufferLayout(other)) }
        #expect(error?.stage == .codegen)
    }

    @Test func bufferOutsideItsArenaIsAnError() {
        // Same buffer count, different sizes: the state buffer no longer fits its arena.
        let program = integratorProgram()
        var smaller = program
        smaller.buffers[1].shape = .scalar
        smaller.buffers[1].initial = [10]
        let error = #expect(throws: LLVMError.self) { try CompiledProgram(program: program, layout: BufferLayout(smaller)) }
        #expect(error?.stage == .codegen)
        #expect(error?.message.contains("outside its arena") == true, "\(String(describing: error))")
    }
}
