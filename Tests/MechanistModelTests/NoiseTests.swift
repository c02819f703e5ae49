import Foundation
import MechanistIR
import MechanistModel
import Testing

/// Noise: NormalDist / UniformDist drawn by `Op.random` from a stream keyed by the seed and
/// the node; statistics with fixed seeds, reproducibility, and the LCA's sqrt(dt) scaling.
@Suite struct NoiseTests {
    /// `trials` draws of a Linear TransferMechanism's noise (its input is 0).
    func draws(_ noise: Noise, seed: Int = 0, size: Int = 1, trials: Int, name: String = "t") throws -> [Double] {
        let node = Node.transfer(name: name, size: size, noise: noise)
        let out = try run(Model(seed: seed, nodes: [node]), [name: [[Double](repeating: 0, count: size)]], trials: trials)
        return out.flatMap { $0[0] }
    }

    /// Kolmogorov-Smirnov statistic of `x` against `cdf`.
    func ksStatistic(_ x: [Double], _ cdf: (Double) -> Double) -> Double {
        let sorted = x.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (k, v) in sorted.enumerated() {
            let f = cdf(v)
            d = max(d, abs(f - Double(k) / n), abs(Double(k + 1) / n - f))
        }
        return d
    }

    @Test func normalDistHasItsMeanVarianceAndShape() throws {
        let x = try draws(.normal(mean: 1, standardDeviation: 2), size: 4, trials: 5000)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        #expect(abs(mean - 1) < 4 * 2 / n.squareRoot())
        #expect(abs(variance - 4) < 0.15)
        // 1.63 / sqrt(n): the 1% critical value of the KS statistic.
        let d = ksStatistic(x) { 0.5 * (1 + erf(($0 - 1) / (2 * 2.0.squareRoot()))) }
        #expect(d < 1.63 / n.squareRoot(), "KS statistic \(d)")
    }

    @Test func uniformDistHasItsMeanVarianceAndShape() throws {
        let x = try draws(.uniform(low: -1, high: 3), size: 4, trials: 5000)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        #expect(x.allSatisfy { $0 >= -1 && $0 < 3 })
        #expect(abs(mean - 1) < 0.05)
        #expect(abs(variance - 16.0 / 12) < 0.05)
        let d = ksStatistic(x) { min(max(($0 + 1) / 4, 0), 1) }
        #expect(d < 1.63 / n.squareRoot(), "KS statistic \(d)")
    }

    @Test func sameSeedSameNumbersOtherSeedOthers() throws {
        let a = try draws(.normal(), seed: 7, size: 3, trials: 10)
        let b = try draws(.normal(), seed: 7, size: 3, trials: 10)
        let c = try draws(.normal(), seed: 8, size: 3, trials: 10)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == a.count, "fresh draws every element and trial")
        // A distribution's own seed fixes its stream whatever the model's seed.
        let d = try draws(.normal(seed: 3), seed: 7, size: 3, trials: 10)
        let e = try draws(.normal(seed: 3), seed: 8, size: 3, trials: 10)
        #expect(d == e)
        #expect(d != a)
    }

    @Test func lcaScalesNoiseBySqrtOfTheTimeStep() throws {
        // No leak, no competition, Linear: one step is v = noise * sqrt(dt); the same stream
        // (same seed and node name) in a TransferMechanism gives the noise itself.
        let lca = Node(name: "n", type: .lcaMechanism, size: 3, function: .linear(), noise: .normal(),
                       lca: LCAParameters(leak: 0, competition: 0, timeStepSize: 0.25))
        let out = try run(Model(seed: 5, nodes: [lca]), ["n": [[0, 0, 0]]], trials: 1)
        let plain = try draws(.normal(), seed: 5, size: 3, trials: 1, name: "n")
        #expect(out[0][0] == plain.map { $0 * 0.5 })
    }

    @Test func integratorNoiseIsAddedUnscaled() throws {
        // AdaptiveIntegrator: v = 0.5 * 0 + 0.5 * 0 + noise.
        let node = Node.transfer(name: "n", size: 2, integratorMode: true, noise: .uniform())
        let out = try run(Model(seed: 1, nodes: [node]), ["n": [[0, 0]]], trials: 1)
        #expect(out[0][0] == (try draws(.uniform(), seed: 1, size: 2, trials: 1, name: "n")))
    }
}
