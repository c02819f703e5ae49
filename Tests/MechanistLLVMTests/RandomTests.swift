import MechanistIR
import MechanistRuntime
import Testing

let distributions: [RandomDistribution] = [
    .uniform(low: -1, high: 3), .normal(mean: 0.5, standardDeviation: 2),
]

@Suite struct RandomTests {
    @Test(arguments: distributions)
    func draws(_ distribution: RandomDistribution) throws {
        var b = ProgramBuilder(name: "random")
        let counter = b.buffer("counter", .state, .scalar, initial: [7])
        let y = b.buffer("y", .temp, .vector(5))
        b.emit(.random(dst: y, distribution, key: 0xDEAD_BEEF_1234, counter: counter))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        // Two run calls of two trials: the counter persists in state between them.
        let calls = [RunCall(inputs: [], inputRows: 0, trials: 2), RunCall(inputs: [], inputRows: 0, trials: 2)]
        let harness = Harness(b.program)
        let interpreted = try harness.interpret(calls)
        let optimized = harness.execute(try harness.compile(), calls)
        let unoptimized = harness.execute(try harness.compile(optimize: false), calls)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let expected = (7..<27).map { n -> Double in
            switch distribution {
            case .uniform(let low, let high): return low + (high - low) * mechanist_uniform(0xDEAD_BEEF_1234, UInt64(n))
            case .normal(let mean, let sd): return mean + sd * mechanist_normal(0xDEAD_BEEF_1234, UInt64(n))
            }
        }
        #expect(bits(optimized.outputs) == bits(expected))
        #expect(optimized.state == [27])
    }
}
