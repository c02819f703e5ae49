import Foundation
import Mechanist
import MechanistModel

extension Benchmarks {
    /// Issue 10's figures: a sweep of 10^4 parameter sets x 10^3 trials of the noisy 2-unit
    /// threshold LCA (as `thresholdLCA` builds it) with summaries, on every core; 1 against 2
    /// threads; and the per-set overhead (parameter and seed writes, reset, summaries) against
    /// the set's run. `--quick`: 400 sets.
    static func sweep(fixtures: String, quick: Bool) throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var model = try Model.load(path: fixtures + "/m2_lca_threshold/model.json")
        model.nodes[0].noise = .normal(mean: 0, standardDeviation: 0.1)
        let inputs = try InputSet.load(path: fixtures + "/m2_lca_threshold/inputs.json")
        let side = quick ? 20 : 100
        let trials = 1000
        // leak 0.3 ... 0.7 x threshold 0.8 ... 0.9: every set decides, in 8 to 26 steps on average
        // (15 at the file's 0.5 and 0.9; at 0.95 some sets hardly ever decide).
        let grid = try SweepParameters(grid: [
            ("lca.leak", (0..<side).map { 0.3 + 0.4 * Double($0) / Double(side - 1) }),
            ("lca.threshold", (0..<side).map { 0.8 + 0.1 * Double($0) / Double(side - 1) }),
        ])
        print("== sweep: \(grid.count) sets x \(trials) trials, noisy threshold LCA (2 units), summaries included")
        var steps = 0.0
        var compileSeconds = 0.0
        let total = try seconds {
            let sweep = try Sweep(model: model, inputs: inputs, parameters: grid, options: SweepOptions(trials: trials))
            compileSeconds = sweep.compileSeconds
            try sweep.run(indices: Array(0..<sweep.count), threads: cores) { set in
                steps += (set.summary.ports.first { $0.label == "lca.DECISION_STEPS" }?.mean.first ?? 0) * Double(trials)
            }
        }
        report("  whole sweep, \(cores) thread(s), compile included", String(format: "%.2f s (goal: < 5 s)", total)
            + String(format: "; compile %.3f s", compileSeconds))
        report("  per trial, per step (all threads)", format(total / Double(grid.count * trials)) + " / trial, "
            + format(total / steps) + " / step"
            + String(format: " (%.1f steps/trial)", steps / Double(grid.count * trials)))

        // Threads: the same sets on 1 and on 2 threads (compile excluded).
        let subset = try SweepParameters(grid: [("lca.leak", (0..<(quick ? 200 : 1000)).map { 0.3 + 0.0004 * Double($0) })])
        let sweep = try Sweep(model: model, inputs: inputs, parameters: subset, options: SweepOptions(trials: trials))
        var one: [Double] = []
        var two: [Double] = []
        for _ in 0..<3 {
            one.append(try seconds { try sweep.run(indices: Array(0..<sweep.count), threads: 1) { _ in } })
            two.append(try seconds { try sweep.run(indices: Array(0..<sweep.count), threads: 2) { _ in } })
        }
        report("  \(subset.count) sets, 1 thread / 2 threads", format(median(one)) + " / " + format(median(two))
            + String(format: " = %.2fx (goal: >= 1.8x; %d cores)", median(one) / median(two), cores))

        // Overhead: the sweep's time per set on one thread against the run alone: the same
        // model and parameters, the trial loop on one executable (`rawRun`: input rows, the
        // compiled loop, its output rows), without writes, reset or summaries.
        let sets = quick ? 200 : 1000
        let same = try SweepParameters(sets: Array(repeating: [("lca.leak", 0.5)], count: sets))
        let plain = try Sweep(model: model, inputs: inputs, parameters: same, options: SweepOptions(trials: trials))
        // The same program as the sweep's: it records what the summaries read.
        let plan = try SweepSummary.Plan(model: model, learn: false)
        let exe = try compile(model, options: CompileOptions(mode: .compiled, record: plan.records))
        // The sweep's own writes: plain values straight into the arena.
        guard case .offset(let leak) = try exe.parameterWrite("lca.leak"),
              case .offset(let seed) = try exe.parameterWrite("seed") else {
            print("  lca.leak or seed is not a plain runtime parameter")
            return
        }
        var sweepSamples: [Double] = []
        var runSamples: [Double] = []
        var writeSamples: [Double] = []
        var summarySamples: [Double] = []
        // Summaries of distinct runs (the same run over and over would let the branch
        // predictor learn its data).
        let raws = try (0..<50).map { _ in try exe.rawRun(inputs: inputs.inputs, trials: trials) }
        for _ in 0..<3 {
            sweepSamples.append(try seconds { try plain.run(indices: Array(0..<sets), threads: 1) { _ in } } / Double(sets))
            runSamples.append(try seconds {
                for _ in 0..<sets { _ = try exe.rawRun(inputs: inputs.inputs, trials: trials) }
            } / Double(sets))
            writeSamples.append(try seconds {
                for i in 0..<sets {
                    exe.storeParameter(0.5, atOffset: leak)
                    exe.storeParameter(Double(i), atOffset: seed)
                    try exe.reset()
                }
            } / Double(sets))
            summarySamples.append(seconds {
                for i in 0..<sets { _ = plan.summarize(raws[i % raws.count], of: exe, epochs: nil) }
            } / Double(sets))
        }
        let perSet = median(sweepSamples)
        let run = median(runSamples)
        let writes = median(writeSamples)
        let summaries = median(summarySamples)
        report("  per set (1 thread): sweep / trial loop alone", format(perSet) + " / " + format(run)
            + String(format: " (difference %+.1f %%: machine noise at this size)", (perSet - run) / run * 100))
        report("  per-set overhead (writes, reset, summaries) / run", format(writes + summaries)
            + String(format: " = %.1f %% (goal: < 5 %%)", (writes + summaries) / run * 100))
        report("    parameter + seed writes and reset", format(writes))
        report("    summaries (3 ports, choices, RT quantiles)", format(summaries))
    }
}
