import Foundation
import Mechanist
import MechanistModel

enum Benchmarks {
    /// Model file to callable native function, median over repeats (the CLI's seconds.compile).
    static func compileTime(fixtures: String, repeats: Int) throws {
        print("== compile time (model file -> callable function), median of \(repeats)")
        for file in ["m3_transfer_chain/model.json", "m7_objective/model.json"] {
            var times: [Double] = []
            for _ in 0..<repeats {
                let exe = try compile(modelAt: fixtures + "/" + file, options: CompileOptions(mode: .compiled))
                times.append(exe.compileSeconds)
            }
            report("  \(file)", "\(format(median(times)))   (PsyNeuLink LLVMRun: 1.4-2.2 s)")
        }
    }

    /// Per-trial time on the transfer-chain model: compiled vs interpreted.
    static func perTrial(fixtures: String, quick: Bool) throws {
        print("== per-trial time, m3 transfer chain 3-5-2")
        let path = fixtures + "/m3_transfer_chain"
        let inputs = try InputSet.load(path: path + "/inputs.json").inputs
        let compiledTrials = quick ? 100_000 : 2_000_000
        let interpretedTrials = quick ? 2_000 : 20_000
        var perTrial: [ExecutionMode: Double] = [:]
        for (mode, trials) in [(ExecutionMode.compiled, compiledTrials), (.interpreted, interpretedTrials)] {
            let exe = try compile(modelAt: path + "/model.json", options: CompileOptions(mode: mode))
            _ = try exe.run(inputs: inputs, trials: min(trials, 1000))  // warm up
            var samples: [Double] = []
            for _ in 0..<5 {
                let r = try exe.run(inputs: inputs, trials: trials)
                samples.append(r.runSeconds / Double(trials))
            }
            perTrial[mode] = median(samples)
            report("  \(mode.rawValue) (\(trials) trials per run call)", format(median(samples)) + " / trial")
        }
        if let c = perTrial[.compiled], let i = perTrial[.interpreted] {
            report("  interpreted / compiled", String(format: "%.0fx", i / c))
            report("  PsyNeuLink LLVMRun marginal 812 ns / compiled", String(format: "%.1fx", 812e-9 / c))
            report("  PsyNeuLink Python 23.13 ms / interpreted", String(format: "%.0fx", 23.13e-3 / i))
        }
    }

    /// One 1000x1000 Linear layer: matvec throughput against measured memory read bandwidth.
    static func matvec(quick: Bool) throws {
        print("== 1000x1000 layer (x @ W, 8 MB of weights per trial)")
        let n = 1000
        let model = Model(name: "matvec", seed: 1, nodes: [
            .processing(name: "input", size: n),
            .processing(name: "layer", size: n),
        ], projections: [
            Projection("input", "layer", matrix: .random(low: -1, high: 1)),
        ])
        let exe = try compile(model, options: CompileOptions(mode: .compiled))
        let x = (0..<n).map { Double($0 % 7) - 3 }
        let trials = quick ? 200 : 2000
        _ = try exe.run(inputs: ["input": [[x]]], trials: 10)
        var samples: [Double] = []
        for _ in 0..<5 {
            samples.append(try exe.run(inputs: ["input": [[x]]], trials: trials).runSeconds / Double(trials))
        }
        let t = median(samples)
        let bytes = Double(n * n * 8)
        let matvecBandwidth = bytes / t
        let memory = readBandwidth(megabytes: quick ? 128 : 512)
        report("  compiled, per trial", format(t) + String(format: "  (%.2f GB/s of weights, %.2f GFLOP/s)",
                                                         matvecBandwidth / 1e9, 2 * Double(n * n) / t / 1e9))
        report("  memory read bandwidth (streaming SIMD loads)", String(format: "%.2f GB/s", memory / 1e9))
        report("  bandwidth / matvec throughput", String(format: "%.2fx (goal: within 2x)", memory / matvecBandwidth))
    }

    /// Streams a buffer far larger than the caches and sums it with four independent SIMD
    /// accumulators (no dependency chain limits the loads); bytes read per second, best of
    /// five passes: the machine's memory read bandwidth.
    static func readBandwidth(megabytes: Int) -> Double {
        let count = megabytes * 1024 * 1024 / 32
        let buffer = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: count)
        defer { buffer.deallocate() }
        for i in 0..<count { buffer[i] = SIMD4(repeating: Double(i & 1023)) }
        var best = Double.infinity
        var sink = 0.0
        for _ in 0..<5 {
            let t = seconds {
                var a = SIMD4<Double>(), b = a, c = a, d = a
                var i = 0
                while i + 4 <= count {
                    a += buffer[i]; b += buffer[i + 1]; c += buffer[i + 2]; d += buffer[i + 3]
                    i += 4
                }
                sink += (a + b + c + d).sum()
            }
            best = min(best, t)
        }
        if sink == 42 { print("") }  // keeps the loop alive
        return Double(count * 32) / best
    }
}
