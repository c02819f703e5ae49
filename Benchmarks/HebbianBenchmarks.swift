import Foundation
import Mechanist
import MechanistModel

extension Benchmarks {
    /// Hebbian learning (issue 8): per learning trial of the 8-unit RTM of m6_hebbian (Logistic,
    /// enable_learning, rate 0.1; the trial: the RTM's execution, its AutoAssociativeLearningMechanism,
    /// the matrix update), compiled vs interpreted, and compile time, model file to callable learn.
    /// PsyNeuLink runs it only in Python mode: 21.02 ms per trial in docs/PSYNEULINK_TIMINGS.md
    /// (LLVMRun refuses a learn outside AutodiffComposition); Benchmarks/hebbian_side_by_side.py
    /// measures it afresh.
    static func hebbian(fixtures: String, quick: Bool) throws {
        print("== Hebbian learning, 8-unit RTM (m6), per learning trial")
        let path = fixtures + "/m6_hebbian/model.json"
        let inputs = try InputSet.load(path: fixtures + "/m6_hebbian/inputs.json")
        let compileTimes = try learnCompileTimes(model: path, inputs: inputs, rounds: quick ? 3 : 15)
        report("  compile (model file -> callable learn)", format(compileTimes.learnOnly))
        report("  compile (model file -> callable run and learn)", format(compileTimes.both))
        var perTrial: [ExecutionMode: Double] = [:]
        for (mode, trials) in [(ExecutionMode.compiled, quick ? 20_000 : 1_000_000), (.interpreted, quick ? 500 : 20_000)] {
            let exe = try compile(modelAt: path, options: CompileOptions(mode: mode))
            _ = try exe.learn(inputs: inputs.inputs, targets: [:], trials: min(trials, 100))   // warm up
            var samples: [Double] = []
            for _ in 0..<5 {
                // From the built matrix each time, so that every sample learns the same trials.
                try exe.reset()
                let r = try exe.learn(inputs: inputs.inputs, targets: [:], trials: trials)
                samples.append(r.runSeconds / Double(trials))
            }
            perTrial[mode] = median(samples)
            report("  \(mode.rawValue) (\(trials) trials per learn call)", format(median(samples)) + " / trial")
        }
        if let c = perTrial[.compiled], let i = perTrial[.interpreted] {
            report("  interpreted / compiled", String(format: "%.0fx", i / c))
            report("  PsyNeuLink learn(), Python mode, 21.02 ms / compiled", String(format: "%.0fx", 21.02e-3 / c))
        }
    }
}
