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

    /// A key derived at run time from a seed in the params arena: both executors call
    /// `mechanist_stream_key`, and setting the seed between runs changes the stream.
    @Test func streamKeyFromASeed() throws {
        var b = ProgramBuilder(name: "seeded")
        let seed = b.buffer("seed", .parameter, .scalar, initial: [2024])
        let counter = b.buffer("counter", .state, .scalar)
        let y = b.buffer("y", .temp, .vector(4))
        b.emit(.random(dst: y, .normal(mean: 0, standardDeviation: 1), key: .stream(seed: seed, name: "lca.noise"),
                       counter: counter))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let calls = [RunCall(inputs: [], inputRows: 0, trials: 1)]
        let harness = Harness(b.program)
        let interpreted = try harness.interpret(calls)
        let compiled = harness.execute(try harness.compile(), calls)
        #expect(compiled.bits == interpreted.bits)
        let key = Array("lca.noise".utf8).withUnsafeBufferPointer { mechanist_stream_key(2024, $0.baseAddress, 9) }
        #expect(key == formerStreamKey(seed: 2024, name: "lca.noise"))
        #expect(bits(compiled.outputs) == bits((0..<4).map { mechanist_normal(key, UInt64($0)) }))
    }

    /// The key is the one lowering computed in Swift before seeds became runtime values (the
    /// former `streamKey`, copied here), so every existing stream keeps its numbers.
    @Test(arguments: [0, 1, 7, 2024, -3, 9_007_199_254_740_992, -9_007_199_254_740_992])
    func streamKeyIsTheFormerOne(_ seed: Int) {
        for name in ["", "decision.noise", "hidden->output", "r\u{e9}current"] {
            let bytes = Array(name.utf8)
            let key = bytes.withUnsafeBufferPointer {
                mechanist_stream_key(Double(seed), $0.baseAddress, UInt64($0.count))
            }
            #expect(key == formerStreamKey(seed: seed, name: name), "\(seed) \(name)")
        }
        // NaN and values beyond int64 count as seed 0 (defined, never undefined behaviour).
        #expect(mechanist_stream_key(.nan, nil, 0) == formerStreamKey(seed: 0, name: ""))
        #expect(mechanist_stream_key(1e300, nil, 0) == formerStreamKey(seed: 0, name: ""))
    }
}

/// FNV-1a over the seed's 8 little-endian bytes, 0xFF and the name's UTF-8, then SplitMix64's
/// finalizer: lowering's Swift `streamKey` as it was.
func formerStreamKey(seed: Int, name: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    let bits = UInt64(bitPattern: Int64(seed))
    for k in 0..<8 { mix(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    mix(0xFF)
    for byte in name.utf8 { mix(byte) }
    var z = hash &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
