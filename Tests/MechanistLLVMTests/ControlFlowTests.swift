import MechanistIR
import Testing

@Suite struct ControlFlowTests {
    @Test func loops() throws {
        // acc += x four times per trial; a nested 3 x 2 loop counts 6; a zero loop does nothing.
        var b = ProgramBuilder(name: "loops")
        let x = b.input(node: "x", port: "in", count: 2)
        let acc = b.buffer("acc", .state, .vector(2))
        let count = b.buffer("count", .state, .scalar)
        let untouched = b.buffer("untouched", .state, .scalar, initial: [5])
        let four = b.body { $0.assign(acc, .element(acc) + .element(x)) }
        b.emit(.loop(count: 4, body: four))
        let inner = b.body { $0.assign(count, .element(count) + .constant(1)) }
        b.emit(.loop(count: 3, body: [.loop(count: 2, body: inner)]))
        b.emit(.loop(count: 0, body: [.elementwise(dst: untouched, .constant(-1))]))
        b.record(node: "acc", port: "value", acc)
        b.record(node: "count", port: "value", count)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [[0.25, -1]], trials: 2)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(optimized.outputs == [1, -4, 6, 2, -8, 12])
        #expect(optimized.state == [2, -8, 12, 5])
    }

    @Test func until() throws {
        // n counts up from 0 until n >= limit, at most 10 times; always at least once.
        var b = ProgramBuilder(name: "until")
        let limit = b.input(node: "limit", port: "in", count: 1)
        let n = b.buffer("n", .temp, .scalar)
        let done = b.buffer("done", .temp, .scalar)
        b.assign(n, .constant(0))
        let body = b.body {
            $0.assign(n, .element(n) + .constant(1))
            $0.assign(done, .select(.greaterEqual, .element(n), .scalar(limit), then: .constant(1), else: .constant(0)))
        }
        b.emit(.until(flag: done, maxIterations: 10, body: body))
        b.record(node: "n", port: "value", n)
        b.finish(.trial)
        let limits: [[Double]] = [[3], [50], [-1], [.nan]]
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: limits, trials: 4)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        // NaN never satisfies n >= limit, so that trial runs to the limit too.
        #expect(optimized.outputs == [3, 10, 1, 10])
    }

    @Test func branch() throws {
        var b = ProgramBuilder(name: "branch")
        let flag = b.input(node: "flag", port: "in", count: 1)
        let y = b.buffer("y", .temp, .vector(2))
        let then = b.body { $0.assign(y, .index + .constant(1)) }
        let otherwise = b.body { $0.assign(y, .constant(-2)) }
        b.emit(.branch(flag: flag, then: then, otherwise: otherwise))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        // Non-zero (NaN included) takes `then`; both zeros take `otherwise`.
        let flags: [[Double]] = [[1], [0], [.nan], [-0.0], [-3]]
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: flags, trials: 5)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(optimized.outputs == [1, 2, -2, -2, 1, 2, -2, -2, 1, 2])
    }
}
