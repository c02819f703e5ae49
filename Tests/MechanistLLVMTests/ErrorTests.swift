import MechanistIR
import MechanistLLVM
import Testing

/// Malformed programs that would make compiled code touch memory outside its arenas.
/// Codegen must refuse each with an LLVMError (stage "codegen"), not crash.
func malformedPrograms() -> [(String, Program)] {
    var cases: [(String, Program)] = []
    func make(_ label: String, _ build: (inout ProgramBuilder, Slice, Slice) -> Void) {
        var b = ProgramBuilder(name: label)
        let x = b.input(node: "x", port: "in", count: 3)
        let y = b.buffer("y", .temp, .vector(3))
        build(&b, x, y)
        b.record(node: "y", port: "out", y)
        b.finishTrial()
        cases.append((label, b.program))
    }
    make("slice past the end") { b, x, y in b.assign(Slice(y.buffer, offset: 2, count: 3), .constant(1)) }
    make("negative offset") { b, x, y in b.assign(y, .element(Slice(x.buffer, offset: -1, count: 3))) }
    make("no such buffer") { b, x, y in b.assign(y, .element(Slice(BufferID(99), count: 3))) }
    make("element count mismatch") { b, x, y in b.assign(y, .element(Slice(x.buffer, offset: 0, count: 2))) }
    make("writes an input") { b, x, y in b.assign(x, .constant(0)) }
    make("max of nothing") { b, x, y in b.emit(.reduce(dst: y.element(0), .max, .element(Slice(x.buffer, count: 0)), count: 0)) }
    make("reduce into a vector") { b, x, y in b.emit(.reduce(dst: y, .sum, .element(x), count: 3)) }
    make("vecMat sizes") { b, x, y in b.emit(.vecMat(dst: y, vector: x, matrix: x, rows: 3, columns: 3)) }
    make("matVec sizes") { b, x, y in b.emit(.matVec(dst: y, matrix: x, vector: x, rows: 1, columns: 3)) }
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
        b.finishInitialization()
    }
    var planned = cases[0].1
    planned.trial = []
    planned.memoryPlan = [BufferID(1): -5]
    cases.append(("temp planned before the arena", planned))
    return cases
}

@Suite struct ErrorTests {
    @Test(arguments: malformedPrograms())
    func malformedProgramIsAnError(_ label: String, _ program: Program) {
        let layout = BufferLayout(program)
        #expect(throws: LLVMError.self, "\(label)") { try CompiledProgram(program: program, layout: layout) }
        do {
            _ = try LLVMText.ir(program: program, layout: layout, optimized: false)
            Issue.record("\(label): no error")
        } catch {
            #expect(error.stage == "codegen", "\(label): \(error)")
            #expect(error.description.contains("codegen"))
        }
    }

    @Test func mismatchedLayoutIsAnError() {
        let program = integratorProgram()
        var other = program
        other.buffers.removeLast()
        #expect(throws: LLVMError.self) { try CompiledProgram(program: program, layout: BufferLayout(other)) }
    }
}
