import MechanistIR
import MechanistLLVM
import MechanistPasses
import Testing

/// `s += x` in state, recording x, 2x and s: input cycling and state across runs.
func integratorProgram(name: String = "integrate", scale: Double = 2) -> Program {
    var b = ProgramBuilder(name: name)
    let x = b.input(node: "x", port: "in", count: 2)
    let s = b.buffer("s", .state, .vector(2), initial: [10, 20])
    let y = b.buffer("y", .temp, .vector(2))
    b.assign(y, .element(x) * .constant(scale))
    b.assign(s, .element(s) + .element(x))
    b.record(node: "x", port: "in", x)
    b.record(node: "y", port: "out", y)
    b.record(node: "s", port: "value", s)
    b.finish(.trial)
    return b.program
}

@Suite struct ProgramTests {
    @Test func inputRowsCycle() throws {
        let rows: [[Double]] = [[1, 2], [3, 4], [5, 6]]
        let (interpreted, optimized, unoptimized) = try Harness(integratorProgram()).runAll(inputs: rows, trials: 7)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        var s = [10.0, 20]
        var expected: [Double] = []
        for t in 0..<7 {
            let x = rows[t % 3]
            s = [s[0] + x[0], s[1] + x[1]]
            expected += x + x.map { $0 * 2 } + s
        }
        #expect(optimized.outputs == expected)
    }

    @Test func statePersistsAcrossRuns() throws {
        let harness = Harness(integratorProgram())
        let calls = [RunCall(inputs: [1, 1], inputRows: 1, trials: 2), RunCall(inputs: [0.5, -1], inputRows: 1, trials: 3)]
        let interpreted = try harness.interpret(calls)
        let compiled = harness.execute(try harness.compile(), calls)
        #expect(compiled.bits == interpreted.bits)
        let expectedState: [Double] = [13.5, 19]  // 10 + 1 + 1 + 3 * 0.5 and 20 + 1 + 1 - 3
        #expect(compiled.state == expectedState)
        // The second call's first row continues from the first call's state.
        let thirdRow = Array(compiled.outputs[12..<18])
        #expect(thirdRow == [0.5, -1, 1, -2, 12.5, 21])
    }

    @Test func initialization() throws {
        // Initialization derives state from a weight; trials then read it.
        var b = ProgramBuilder(name: "init")
        let w = b.buffer("w", .weight, .vector(3), initial: [1, 2, 3])
        let s = b.buffer("s", .state, .vector(3))
        let y = b.buffer("y", .temp, .vector(3))
        b.assign(s, .element(w) * .constant(2) + .constant(1))
        b.finish(.initialization)
        b.assign(y, .element(s) + .index)
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(trials: 2)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(optimized.state == [3, 5, 7])
        #expect(optimized.outputs == [3, 6, 9, 3, 6, 9])
    }

    @Test func emptyArenasAndNoInputRows() throws {
        // No params, state or inputs: every arena is empty and inputRows is 0.
        var b = ProgramBuilder(name: "empty")
        let y = b.buffer("y", .temp, .vector(3))
        b.assign(y, .index * .constant(3))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(
            [RunCall(inputs: [], inputRows: 0, trials: 2)])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(optimized.outputs == [0, 3, 6, 0, 3, 6])
    }

    @Test func zeroTrialsTouchNothing() throws {
        let harness = Harness(integratorProgram())
        let compiled = harness.execute(try harness.compile(), [RunCall(inputs: [1, 1], inputRows: 1, trials: 0)])
        #expect(compiled.state == [10, 20])
        #expect(compiled.outputs.isEmpty)
    }

    @Test func twoProgramsCoexist() throws {
        // Same name, so the same symbols, different bodies: each has its own JIT, so they
        // neither clash nor need a process-wide counter to tell them apart.
        let a = Harness(integratorProgram(name: "twin", scale: 2))
        let b = Harness(integratorProgram(name: "twin", scale: 10))
        var first: CompiledProgram? = try a.compile()
        let second = try b.compile()
        #expect(first?.symbolPrefix == "twin" && second.symbolPrefix == "twin")
        let call = [RunCall(inputs: [1, 2], inputRows: 1, trials: 1)]
        #expect(first.map { a.execute($0, call).outputs } == [1, 2, 2, 4, 11, 22])
        #expect(b.execute(second, call).outputs == [1, 2, 10, 20, 11, 22])
        first = nil  // frees the first JIT; the second keeps working
        #expect(b.execute(second, call).outputs == [1, 2, 10, 20, 11, 22])
    }

    @Test func optimizedPipelineWithMemoryPlan() throws {
        // The standard pass pipeline plans temps into shared scratch space.
        var b = ProgramBuilder(name: "planned")
        let x = b.input(node: "x", port: "in", count: 4)
        let w = b.buffer("w", .weight, .matrix(rows: 4, columns: 3), initial: (0..<12).map { Double($0) / 7 })
        let h = b.buffer("h", .temp, .vector(3))
        let a = b.buffer("a", .temp, .vector(3))
        let m = b.buffer("m", .temp, .scalar)
        let y = b.buffer("y", .temp, .vector(3))
        b.emit(.vecMat(dst: h, vector: x, matrix: w, rows: 4, columns: 3))
        b.assign(a, .unary(.tanh, .element(h)))
        b.emit(.reduce(dst: m, .max, .element(a), count: 3))
        b.assign(y, .unary(.exp, .element(a) - .scalar(m)))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let program = try Pipeline.standard.run(b.program)
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(
            inputs: [[1, -2, 0.5, 3], [0, 0, 1, 1]], trials: 3)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
    }

    @Test func creationTime() throws {
        let harness = Harness(integratorProgram(name: "timed"))
        _ = try harness.compile()  // LLVM's one-time target setup is not part of the timing
        let clock = ContinuousClock()
        for optimize in [true, false] {
            var times: [Duration] = []
            for _ in 0..<5 {
                let start = clock.now
                _ = try harness.compile(optimize: optimize)
                times.append(clock.now - start)
            }
            let milliseconds = times.map { t in
                Double(t.components.seconds) * 1e3 + Double(t.components.attoseconds) / 1e15
            }
            print("CompiledProgram(optimize: \(optimize)) of a 2-op program, ms:",
                  milliseconds.map { ($0 * 100).rounded() / 100 })
        }
    }
}
