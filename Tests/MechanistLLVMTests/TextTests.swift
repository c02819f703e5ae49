import MechanistIR
import MechanistLLVM
import Testing

@Suite struct TextTests {
    func program() -> Program {
        elementwiseProgram("emit me", count: 8) { .unary(.exp, .element($0[0])) + .unary(.sqrt, .element($0[0])) }
    }

    @Test func irBeforeAndAfterOptimization() throws {
        let program = program()
        let layout = BufferLayout(program)
        for optimized in [false, true] {
            let text = try LLVMText.ir(program: program, layout: layout, optimized: optimized)
            // Symbols come from the sanitized program name, without a counter.
            #expect(text.contains("@emit_me_run("), "optimized: \(optimized)")
            #expect(text.contains("@emit_me_initialize("), "optimized: \(optimized)")
            // No learning trial, no learning function (compiledWhenEmpty).
            #expect(!text.contains("@emit_me_learn("), "optimized: \(optimized)")
            // exp stays a real C library call; sqrt is the (exact) intrinsic.
            #expect(text.contains("@exp("), "optimized: \(optimized)")
            #expect(text.contains("llvm.sqrt"), "optimized: \(optimized)")
            #expect(!text.contains(" fast "), "no fast-math flags")
        }
    }

    @Test func assembly() throws {
        let program = program()
        let text = try LLVMText.assembly(program: program, layout: BufferLayout(program))
        #expect(text.contains("emit_me_run:"))
        #expect(text.contains("exp"))
    }
}
