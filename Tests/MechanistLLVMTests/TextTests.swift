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

    /// Initialization and run start run once per run: `optnone` keeps them out of O2 and off
    /// the slow instruction selector (compile time); the per-trial loop stays optimized.
    @Test func onlyPerTrialEntryPointsAreOptimized() throws {
        let program = program()
        let text = try LLVMText.ir(program: program, layout: BufferLayout(program), optimized: true)
        let lines = text.split(separator: "\n").map(String.init)
        func attributes(of symbol: String) -> String? {
            guard let define = lines.first(where: { $0.hasPrefix("define") && $0.contains("@\(symbol)(") }),
                  let group = define.split(separator: " ").last(where: { $0.hasPrefix("#") }) else { return nil }
            return lines.first { $0.hasPrefix("attributes \(group) = ") }
        }
        for symbol in ["emit_me_initialize", "emit_me_start_run"] {
            let group = try #require(attributes(of: symbol), "\(symbol) has an attribute group")
            #expect(group.contains("optnone") && group.contains("noinline"), "\(symbol): \(group)")
        }
        let run = try #require(attributes(of: "emit_me_run"))
        #expect(!run.contains("optnone"), "\(run)")
    }

    @Test func assembly() throws {
        let program = program()
        let text = try LLVMText.assembly(program: program, layout: BufferLayout(program))
        #expect(text.contains("emit_me_run:"))
        #expect(text.contains("exp"))
    }
}
