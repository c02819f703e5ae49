import Foundation
import Mechanist
import MechanistModel

extension Benchmarks {
    /// Supervised learning, per sample (one learning trial: forward, backward, weight changes),
    /// compiled vs interpreted, on XOR 2-10-1 (m4) and 64-128-10 (m5); and compile time, model
    /// file to callable learn function. PsyNeuLink's figures: ../shared/reference/
    /// PSYNEULINK_TIMINGS.md; Benchmarks/learning_side_by_side.py measures them afresh
    /// (Composition.learn in Python mode, AutodiffComposition compiled, PyTorch SGD batch 1).
    static func learning(fixtures: String, quick: Bool) throws {
        for (name, folder, autodiff) in [("XOR 2-10-1 (m4)", "m4_backprop_xor", 1.7e-6),
                                         ("64-128-10 (m5)", "m5_backprop_big", 12.5e-6)] {
            print("== learning, \(name), per sample")
            let path = fixtures + "/\(folder)/model.json"
            let inputs = try InputSet.load(path: fixtures + "/\(folder)/inputs.json")
            let compileTimes = try learnCompileTimes(model: path, inputs: inputs, rounds: quick ? 3 : 15)
            report("  compile (model file -> callable learn)", format(compileTimes.learnOnly))
            report("  same, on one thread (side by side)", format(compileTimes.oneThread))
            report("  compile (model file -> callable run and learn)", format(compileTimes.both))
            let big = folder == "m5_backprop_big"
            var perSample: [ExecutionMode: Double] = [:]
            let compiledTrials = quick ? 20_000 : (big ? 100_000 : 2_000_000)
            for (mode, trials) in [(ExecutionMode.compiled, compiledTrials),
                                   (.interpreted, quick ? 200 : (big ? 500 : 20_000))] {
                let exe = try compile(modelAt: path, options: CompileOptions(mode: mode))
                perSample[mode] = try perSampleSeconds(exe, inputs, trials: trials)
                report("  \(mode.rawValue) (\(trials) samples per learn call)", format(perSample[mode] ?? 0) + " / sample")
            }
            // The learn loop compiled in one piece, beside the default (in parts, when it splits).
            var serial = CompileOptions(mode: .compiled)
            serial.parallelism = .none
            report("  compiled on one thread (side by side)",
                   format(try perSampleSeconds(try compile(modelAt: path, options: serial), inputs,
                                               trials: compiledTrials)) + " / sample")
            if let c = perSample[.compiled], let i = perSample[.interpreted] {
                report("  interpreted / compiled", String(format: "%.0fx", i / c))
                report("  PsyNeuLink AutodiffComposition LLVMRun \(format(autodiff)) / compiled",
                       String(format: "%.1fx", autodiff / c))
            }
        }
    }

    /// Median of 5 learn calls of `trials` samples, after a warm-up call.
    private static func perSampleSeconds(_ exe: Executable, _ inputs: InputSet, trials: Int) throws -> Double {
        _ = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, trials: min(trials, 100))
        var samples: [Double] = []
        for _ in 0..<5 {
            let r = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, trials: trials)
            samples.append(r.runSeconds / Double(trials))
        }
        return median(samples)
    }
}
