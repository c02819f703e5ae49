import Foundation
import Mechanist
import MechanistModel

enum Benchmarks {
    /// Model file to callable native function, median over repeats (the CLI's seconds.compile).
    static func compileTime(fixtures: String, repeats: Int) throws {
        print("== compile time (model file -> callable function), median of \(repeats)")
        for file in ["m3_transfer_chain/model.json", "m7_objective/model.json", "m1_lca4/model.json",
                     "m2_lca_threshold/model.json"] {
            var times: [Double] = []
            for _ in 0..<repeats {
                let exe = try compile(modelAt: fixtures + "/" + file, options: CompileOptions(mode: .compiled))
                times.append(exe.compileSeconds)
            }
            report("  \(file)", "\(format(median(times)))   (PsyNeuLink LLVMRun: 1.4-2.2 s)")
        }
    }

    /// Per-trial time compiled vs interpreted on the transfer-chain model and the 4-unit LCA.
    static func perTrial(fixtures: String, quick: Bool) throws {
        try perTrial(name: "m3 transfer chain 3-5-2", model: fixtures + "/m3_transfer_chain/model.json",
                     inputs: fixtures + "/m3_transfer_chain/inputs.json", quick: quick,
                     psyNeuLink: (llvm: 812e-9, python: 23.13e-3))
        try perTrial(name: "m1 LCA, 4 units, 7 output ports", model: fixtures + "/m1_lca4/model.json",
                     inputs: fixtures + "/m1_lca4/inputs.json", quick: quick,
                     psyNeuLink: (llvm: 1.0e-6, python: 51.77e-3))
    }

    static func perTrial(name: String, model: String, inputs path: String, quick: Bool,
                         psyNeuLink: (llvm: Double, python: Double)) throws {
        print("== per-trial time, \(name)")
        let inputs = try InputSet.load(path: path).inputs
        let compiledTrials = quick ? 100_000 : 2_000_000
        let interpretedTrials = quick ? 2_000 : 20_000
        var perTrial: [ExecutionMode: Double] = [:]
        for (mode, trials) in [(ExecutionMode.compiled, compiledTrials), (.interpreted, interpretedTrials)] {
            let exe = try compile(modelAt: model, options: CompileOptions(mode: mode))
            _ = try exe.run(inputs: inputs, trials: min(trials, 1000))  // warm up
            var samples: [Double] = []
            for _ in 0..<5 {
                let r = try exe.run(inputs: inputs, trials: trials)
                samples.append(r.runSeconds / Double(trials))
            }
            perTrial[mode] = median(samples)
            report("  \(mode.rawValue) (\(trials) trials per run call)", format(median(samples)) + " / trial")
        }
        // Parameters folded as constants (--specialize) against runtime parameters (the default).
        let specialized = try compile(modelAt: model, options: CompileOptions(mode: .compiled, specialize: true))
        _ = try specialized.run(inputs: inputs, trials: min(compiledTrials, 1000))
        var samples: [Double] = []
        for _ in 0..<5 {
            samples.append(try specialized.run(inputs: inputs, trials: compiledTrials).runSeconds / Double(compiledTrials))
        }
        report("  compiled, specialized (parameters as constants)", format(median(samples)) + " / trial")
        if let c = perTrial[.compiled] {
            report("  runtime parameters / specialized", String(format: "%.2fx", c / median(samples)))
        }
        if let c = perTrial[.compiled], let i = perTrial[.interpreted] {
            report("  interpreted / compiled", String(format: "%.0fx", i / c))
            report("  PsyNeuLink LLVMRun marginal \(format(psyNeuLink.llvm)) / compiled",
                   String(format: "%.1fx", psyNeuLink.llvm / c))
            report("  PsyNeuLink Python \(format(psyNeuLink.python)) / interpreted",
                   String(format: "%.0fx", psyNeuLink.python / i))
        }
    }

    /// The noisy 2-unit LCA running to threshold within each trial (reset every trial): time
    /// per internal step, noise included (steps counted from DECISION_STEPS).
    static func thresholdLCA(fixtures: String, quick: Bool) throws {
        print("== noisy threshold LCA, 2 units (m2 with NormalDist noise 0.1), per internal step")
        var model = try Model.load(path: fixtures + "/m2_lca_threshold/model.json")
        model.nodes[0].noise = .normal(mean: 0, standardDeviation: 0.1)
        let inputs = try InputSet.load(path: fixtures + "/m2_lca_threshold/inputs.json").inputs
        let compiledTrials = quick ? 10_000 : 200_000
        for (label, mode, trials, specialize) in [("compiled", ExecutionMode.compiled, compiledTrials, false),
                                                  ("compiled, specialized", .compiled, compiledTrials, true),
                                                  ("interpreted", .interpreted, quick ? 200 : 2_000, false)] {
            let exe = try compile(model, options: CompileOptions(mode: mode, specialize: specialize))
            var samples: [Double] = []
            var steps = 0.0
            for _ in 0..<5 {
                let r = try exe.run(inputs: inputs, trials: trials)
                steps = r.results.reduce(0) { $0 + $1[1][0] }
                samples.append(r.runSeconds / steps)
            }
            report("  \(label) (\(trials) trials, \(String(format: "%.1f", steps / Double(trials))) steps/trial)",
                   format(median(samples)) + " / step")
        }
        report("  PsyNeuLink LLVMRun marginal (no noise)", "91 ns / step")
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
