import Foundation
import Mechanist
import MechanistModel
import Testing

/// The sweep engine in Swift: PARAMS parsing, the quantile method, summaries against an
/// independent computation from the per-trial results, and thread-count independence.
struct SweepTests {
    let m2 = Fixtures.path("m2_lca_threshold", "model.json")
    let m2Inputs = Fixtures.path("m2_lca_threshold", "inputs.json")

    @Test func gridIsTheCartesianProductLastNameFastest() throws {
        let p = try SweepParameters.parse(#"{"grid": {"b": [1, 2], "a": [10, 20, 30]}}"#)
        #expect(p.names == ["b", "a"])
        #expect(p.count == 6)
        #expect((0..<6).map { p.values(ofSet: $0) }
            == [[1, 10], [1, 20], [1, 30], [2, 10], [2, 20], [2, 30]])
    }

    @Test func setsKeepTheirOrderAndLeaveUnnamedValuesToTheModel() throws {
        let p = try SweepParameters.parse(#"{"sets": [{"x": 1}, {"y": 2, "x": 3}, {"y": 4}]}"#)
        #expect(p.names == ["x", "y"])
        #expect(p.count == 3)
        #expect(p.values(ofSet: 0) == [1, nil])
        #expect(p.values(ofSet: 1) == [3, 2])
        #expect(p.values(ofSet: 2) == [nil, 4])
    }

    @Test("PARAMS errors", arguments: [
        (#"{"grid": {}}"#, "grid: the object is empty"),
        (#"{"grid": {"lca.leak": []}}"#, "grid.lca.leak: the list is empty"),
        (#"{"grid": {"lca.leak": ["a"]}}"#, #"grid.lca.leak[0]: expected a number, got "a""#),
        (#"{"grid": {"lca.leak": 0.5}}"#, "grid.lca.leak: expected a list of numbers, got 0.5"),
        (#"{"grid": [1]}"#, "grid: expected an object"),
        (#"{"sets": []}"#, "sets: the list is empty"),
        (#"{"sets": [{"lca.leak": true}]}"#, "sets[0].lca.leak: expected a number, got true"),
        (#"{"sets": [3]}"#, "sets[0]: expected an object"),
        (#"{"sets": [{}]}"#, "sets[0]: the set is empty"),
        (#"{"grid": {"a": [1]}, "sets": [{"a": 1}]}"#, "not both"),
        (#"{"grids": {}}"#, #"unknown key "grids""#),
        (#"{}"#, #"expected "grid" or "sets""#),
        (#"{"grid": {"a": [1,]}}"#, "malformed JSON at 1:"),
    ])
    func paramsError(text: String, message: String) {
        #expect {
            _ = try SweepParameters.parse(text)
        } throws: { error in
            (error as? SweepError)?.message.contains(message) == true
        }
    }

    @Test func unknownNameSuggestsTheNearest() throws {
        let model = try Model.load(path: m2)
        let inputs = try InputSet.load(path: m2Inputs)
        let p = try SweepParameters.parse(#"{"grid": {"lca.leek": [0.1]}}"#)
        #expect {
            _ = try Sweep(model: model, inputs: inputs, parameters: p, options: SweepOptions(trials: 5))
        } throws: { error in
            let message = (error as? SweepError)?.message ?? ""
            return message.contains("lca.leek") && message.contains("did you mean \"lca.leak\"")
        }
    }

    /// numpy: np.quantile([0, 10, 20, 30, 40, 50], [.1, .3, .5, .7, .9]) == [5, 15, 25, 35, 45]
    /// (positions (n - 1) p = 0.5, 1.5, 2.5, 3.5, 4.5, halfway between order statistics).
    @Test func quantilesInterpolateLinearlyAsNumpy() {
        let sorted: [Double] = [0, 10, 20, 30, 40, 50]
        #expect(SweepSummary.quantileLevels.map { SweepSummary.quantile(sorted: sorted, $0) } == [5, 15, 25, 35, 45])
        #expect(SweepSummary.quantile(sorted: [1, 3], 0.5) == 2)
        #expect(SweepSummary.quantile(sorted: [7], 0.9) == 7)
        #expect(SweepSummary.quantile(sorted: [1, 2], 1.0) == 2)
        #expect(SweepSummary.quantile(sorted: [1, 2], 0.0) == 1)
    }

    /// Runs every set of a sweep and returns the results by index.
    func runAll(_ sweep: Sweep, threads: Int) throws -> [SweepSetResult] {
        var all: [SweepSetResult] = []
        try sweep.run(indices: Array(0..<sweep.count), threads: threads) { all.append($0) }
        return all
    }

    func m2Sweep(full: Bool, grid: String = #"{"grid": {"lca.leak": [0.3, 0.5], "lca.threshold": [0.8, 0.9]}}"#)
        throws -> Sweep {
        try Sweep(model: try Model.load(path: m2), inputs: try InputSet.load(path: m2Inputs),
                  parameters: try SweepParameters.parse(grid), options: SweepOptions(trials: 100, full: full))
    }

    /// Each set's summaries recomputed here from its per-trial results: mean and population
    /// variance per element in trial order; the choice as the first unit at or above the
    /// threshold (the first argmax, which is DECISION_INDEX), its time the DECISION_STEPS result.
    @Test func summariesMatchTheTrials() throws {
        let sweep = try m2Sweep(full: true)
        let sets = try runAll(sweep, threads: 2)
        #expect(sets.map(\.index) == [0, 1, 2, 3])
        for set in sets {
            let result = try #require(set.result)
            let n = Double(result.trials)
            for (k, port) in set.summary.ports.enumerated() {
                #expect(port.label == result.resultLabels[k])
                for i in port.mean.indices {
                    var sum = 0.0
                    for trial in result.results { sum += trial[k][i] }
                    let mean = sum / n
                    var squares = 0.0
                    for trial in result.results { squares += (trial[k][i] - mean) * (trial[k][i] - mean) }
                    #expect(port.mean[i] == mean)
                    #expect(port.variance[i] == squares / n)
                }
            }
            let threshold = set.parameters.first { $0.name == "lca.threshold" }?.value ?? .nan
            var times: [[Double]] = [[], []]
            for trial in result.results {
                guard let unit = trial[0].firstIndex(where: { $0 >= threshold }) else { continue }
                times[unit].append(trial[1][0])
            }
            let decision = try #require(set.summary.decisions.first)
            #expect(decision.node == "lca")
            #expect(decision.undecided == 0)
            #expect(decision.choices == times.map { Double($0.count) / n })
            #expect(decision.reactionTimeQuantiles == times.map { list in
                list.isEmpty ? nil : SweepSummary.quantileLevels.map { SweepSummary.quantile(sorted: list.sorted(), $0) }
            })
            // The set's parameters, run as a model file with those values, give the same trials.
            var model = try Model.load(path: m2)
            for (name, value) in set.parameters { model = try model.setting(name, to: value) }
            let direct = try model.compile().run(inputs: try InputSet.load(path: m2Inputs).inputs, trials: 100)
            #expect(direct.results == result.results)
        }
    }

    @Test func resultsDoNotDependOnTheThreads() throws {
        let sweep = try m2Sweep(full: false, grid: #"{"grid": {"lca.leak": [0.2, 0.3, 0.4, 0.5, 0.6], "lca.threshold": [0.7, 0.8, 0.9]}}"#)
        let one = try runAll(sweep, threads: 1).map(\.summary)
        #expect(one.count == 15)
        #expect(try runAll(sweep, threads: 2).map(\.summary) == one)
        #expect(try runAll(sweep, threads: 3).map(\.summary) == one)
        var odd: [SweepSummary] = []
        try sweep.run(indices: [13, 1, 7], threads: 2) { odd.append($0.summary) }
        #expect(odd == [one[13], one[1], one[7]])
    }

    /// A noisy model: set i = p x seeds + r runs with seed base + i, giving bitwise the trials of
    /// the model file with the set's parameters and that seed, compiled on its own.
    @Test func noisySetsRunWithSeedBasePlusIndex() throws {
        var model = try Model.load(path: m2)
        model.nodes[0].noise = .normal(mean: 0, standardDeviation: 0.1)
        model.seed = 40
        let inputs = try InputSet.load(path: m2Inputs)
        let sweep = try Sweep(model: model, inputs: inputs,
                              parameters: try SweepParameters.parse(#"{"grid": {"lca.leak": [0.3, 0.5]}}"#),
                              options: SweepOptions(trials: 30, seeds: 2, full: true))
        let sets = try runAll(sweep, threads: 2)
        #expect(sets.map(\.seed) == [40, 41, 42, 43])
        #expect(sets.map { $0.parameters[0].value } == [0.3, 0.3, 0.5, 0.5])
        for set in sets {
            let direct = try model.setting("lca.leak", to: set.parameters[0].value).setting("seed", to: Double(set.seed))
                .compile(mode: .interpreted).run(inputs: inputs.inputs, trials: 30)
            #expect(set.result?.results == direct.results)
        }
        #expect(sets[0].result?.results != sets[1].result?.results)
        #expect(throws: SweepError.self) {
            _ = try Sweep(model: model, inputs: inputs, parameters: try SweepParameters.parse(#"{"grid": {"seed": [1]}}"#),
                          options: SweepOptions(trials: 3))
        }
    }

    @Test func badOptionsAndIndices() throws {
        let model = try Model.load(path: m2)
        let inputs = try InputSet.load(path: m2Inputs)
        let p = try SweepParameters.parse(#"{"grid": {"lca.leak": [0.1]}}"#)
        #expect(throws: SweepError.self) {
            _ = try Sweep(model: model, inputs: inputs, parameters: p, options: SweepOptions(epochs: 2))
        }
        #expect(throws: SweepError.self) {
            _ = try Sweep(model: model, inputs: inputs, parameters: p, options: SweepOptions(epochs: 2, learn: true))
        }
        #expect(throws: SweepError.self) {
            _ = try Sweep(model: model, inputs: inputs, parameters: p, options: SweepOptions(seeds: 0))
        }
        let sweep = try Sweep(model: model, inputs: inputs, parameters: p, options: SweepOptions(trials: 3, seeds: 2))
        #expect(sweep.count == 2)
        #expect(throws: SweepError.self) { try sweep.run(indices: [2]) { _ in } }
        // A value the model refuses names the set.
        let bad = try Sweep(model: model, inputs: inputs, parameters: try SweepParameters.parse(
            #"{"sets": [{"lca.time_step_size": 0.1}, {"lca.time_step_size": -1}]}"#), options: SweepOptions(trials: 3))
        #expect {
            try bad.run(indices: [0, 1]) { _ in }
        } throws: { error in
            (error as? SweepError)?.message.hasPrefix("set 1 (lca.time_step_size = -1.0)") == true
        }
    }
}
