import Foundation
import Mechanist
import Testing

/// The learning examples learn as their READMEs say, in compiled mode. The figures there are
/// PsyNeuLink 0.21's (Python mode; a float64 numpy re-implementation agrees with it to 7e-16),
/// each checked here to the digits the README states: the value must round to the stated
/// figure, |value - figure| <= half a unit of its last digit. With 3-4 decimals over hundreds
/// of learning trials, any change to the learning itself shows (bitwise agreement per trial is
/// LearnConformanceTests' job).
struct LearningExamplesTests {
    /// True when `value` rounds to `figure` written with `decimals` decimals.
    static func rounds(_ value: Double, to figure: Double, decimals: Int) -> Bool {
        // Half a unit of the last stated digit, plus 1e-12 for the decimal figure's own
        // binary rounding (0.0370 is not exactly representable).
        abs(value - figure) <= 0.5 * pow(10, -Double(decimals)) + 1e-12
    }

    /// Per-trial error as the READMEs define it: mean over the output units of (y - t)².
    static func squaredError(_ y: [Double], _ t: [Double]) -> Double {
        zip(y, t).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(t.count)
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    // MARK: XOR

    struct XOR {
        var executable: Executable
        var inputs: InputSet
        var result: RunResult
        /// MSE of each epoch (mean over its four trials), epoch 1 first.
        var curve: [Double]
    }

    /// Trains Examples/xor_learning for the README's 200 epochs, compiled.
    static func xor() throws -> XOR {
        let folder = Fixtures.examples + "/xor_learning"
        let inputs = try InputSet.load(path: folder + "/inputs.json")
        let exe = try compile(modelAt: folder + "/model.json", options: CompileOptions(mode: .compiled))
        let result = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, epochs: 200)
        let targets = inputs.targets["output"] ?? []
        let errors = result.results.indices.map { squaredError(result.results[$0][0], targets[$0 % 4][0]) }
        let curve = stride(from: 0, to: errors.count, by: 4).map { mean(Array(errors[$0..<($0 + 4)])) }
        return XOR(executable: exe, inputs: inputs, result: result, curve: curve)
    }

    @Test func xorLearnsAsPsyNeuLinkDoes() throws {
        let xor = try Self.xor()
        #expect(xor.result.trials == 800 && xor.curve.count == 200)
        // README: "MSE first falls under 0.1 at epoch 159; after 200 epochs it is 0.0370".
        #expect(xor.curve[199] < 0.1)
        let table: [(epoch: Int, mse: Double)] = [(1, 0.3546), (50, 0.3048), (100, 0.2114), (150, 0.1188),
                                                  (158, 0.1008), (159, 0.0986), (200, 0.0370)]
        for (epoch, mse) in table {
            #expect(Self.rounds(xor.curve[epoch - 1], to: mse, decimals: 4),
                    "epoch \(epoch): MSE \(xor.curve[epoch - 1]), PsyNeuLink \(mse)")
        }
        #expect((xor.curve.firstIndex { $0 < 0.1 } ?? -1) + 1 == 159)
        // Outputs of the last epoch, for 00, 01, 10, 11.
        let last = xor.result.results.suffix(4).map { $0[0][0] }
        for (value, figure) in zip(last, [0.152, 0.812, 0.809, 0.230]) {
            #expect(Self.rounds(value, to: figure, decimals: 3), "last epoch: \(last)")
        }
    }

    /// README: "A run of the learned weights (PsyNeuLink, no learning) gives 0.151, 0.820,
    /// 0.815, 0.209 (MSE 0.0332)".
    @Test func xorLearnedWeightsRunAsPsyNeuLinks() throws {
        let xor = try Self.xor()
        let run = try xor.executable.run(inputs: xor.inputs.inputs)
        let outputs = run.results.map { $0[0][0] }
        #expect(outputs.count == 4)
        for (value, figure) in zip(outputs, [0.151, 0.820, 0.815, 0.209]) {
            #expect(Self.rounds(value, to: figure, decimals: 3), "run of the learned weights: \(outputs)")
        }
        let targets = (xor.inputs.targets["output"] ?? []).map { $0[0] }
        let mse = Self.mean(zip(run.results, targets).map { Self.squaredError($0[0], $1) })
        #expect(mse < 0.1)
        #expect(Self.rounds(mse, to: 0.0332, decimals: 4), "MSE of the run \(mse)")
    }

    // MARK: Stroop

    struct Stroop {
        var executable: Executable
        var result: RunResult
        /// Per task, the MSE of each epoch (mean over that task's trials in it), epoch 1 first.
        var curves: [String: [Double]]
        /// Every trial's error, in trial order.
        var trialErrors: [Double]
        /// Per task, every trial's error with its trial number (1-based, as the README counts).
        var errors: [String: [(trial: Int, error: Double, right: Bool)]]
    }

    static let tasks: [[Double]: String] = [[1, 0]: "color naming", [0, 1]: "word reading"]

    /// Trains Examples/stroop_learning for the README's 100 epochs (22 trials each), compiled,
    /// recording the comparator's MSE port.
    static func stroop() throws -> Stroop {
        let folder = Fixtures.examples + "/stroop_learning"
        let inputs = try InputSet.load(path: folder + "/inputs.json")
        let exe = try compile(modelAt: folder + "/model.json",
                              options: CompileOptions(mode: .compiled, record: ["response_comparator.MSE"]))
        let result = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, epochs: 100)
        let targets = inputs.targets["response"] ?? [], task = inputs.inputs["task_input"] ?? []
        var perEpoch: [String: [[Double]]] = [:]
        var errors: [String: [(trial: Int, error: Double, right: Bool)]] = [:]
        var trialErrors: [Double] = []
        for (t, trial) in result.results.enumerated() {
            let name = tasks[task[t % 22][0]] ?? "?"
            let y = trial[0], target = targets[t % 22][0]
            let error = squaredError(y, target)
            trialErrors.append(error)
            perEpoch[name, default: Array(repeating: [], count: 100)][t / 22].append(error)
            // Right: the larger response unit is the target's.
            errors[name, default: []].append((t + 1, error, (y[0] > y[1]) == (target[0] > target[1])))
        }
        return Stroop(executable: exe, result: result, curves: perEpoch.mapValues { $0.map(mean) },
                      trialErrors: trialErrors, errors: errors)
    }

    @Test func stroopLearnsAsPsyNeuLinkDoes() throws {
        let stroop = try Self.stroop()
        #expect(stroop.result.trials == 2200)
        let epochs = [1, 5, 8, 10, 20, 40, 53, 60, 80, 100]
        let table: [String: [Double]] = [
            "color naming": [0.2577, 0.2473, 0.2397, 0.2345, 0.2059, 0.1460, 0.0992, 0.0743, 0.0327, 0.0183],
            "word reading": [0.2645, 0.1769, 0.0813, 0.0401, 0.0064, 0.0020, 0.0013, 0.0011, 0.0008, 0.0006],
        ]
        for (task, figures) in table {
            let curve = stroop.curves[task] ?? []
            try #require(curve.count == 100, "\(task): \(curve.count) epochs")
            for (epoch, figure) in zip(epochs, figures) {
                #expect(Self.rounds(curve[epoch - 1], to: figure, decimals: 4),
                        "\(task), epoch \(epoch): MSE \(curve[epoch - 1]), PsyNeuLink \(figure)")
            }
        }
        // Under 0.1 from epoch 53 (color naming) and 8 (word reading).
        #expect((stroop.curves["color naming"]?.firstIndex { $0 < 0.1 } ?? -1) + 1 == 53)
        #expect((stroop.curves["word reading"]?.firstIndex { $0 < 0.1 } ?? -1) + 1 == 8)
        // The last wrong response: trial 110 for word reading, 716 for color naming (1-based:
        // trial 110 is a word-reading trial only when counted from 1); the last epoch all right.
        #expect(stroop.errors["word reading"]?.last { !$0.right }?.trial == 110)
        #expect(stroop.errors["color naming"]?.last { !$0.right }?.trial == 716)
        #expect(stroop.errors.values.allSatisfy { $0.filter { $0.trial > 2178 }.allSatisfy(\.right) })
        // The README's curve is the comparator's MSE port, "the same number": the same
        // float64 sum of squares over 2 (equal bits seen; 1e-15 allows a last-bit rounding).
        let port = stroop.result.nodes["response_comparator"]?["MSE"] ?? []
        #expect(port.count == 2200)
        for (t, values) in port.enumerated() where abs(values[0] - stroop.trialErrors[t]) > 1e-15 {
            Issue.record("trial \(t + 1): comparator MSE \(values[0]), from results \(stroop.trialErrors[t])")
            break
        }
    }

    /// README: the learned matrices put into ../stroop/model.json and run on
    /// ../stroop/inputs.json give (PsyNeuLink, `response` for red, green) the Stroop effect.
    @Test func stroopLearnedWeightsShowTheStroopEffect() throws {
        let stroop = try Self.stroop()
        let folder = Fixtures.examples + "/stroop"
        let inputs = try InputSet.load(path: folder + "/inputs.json")
        let exe = try compile(modelAt: folder + "/model.json", options: CompileOptions(mode: .compiled))
        let learned = ["color_weights", "word_weights", "color_response_weights", "word_response_weights"]
        #expect(Set(stroop.executable.learnedWeightNames) == Set(learned))
        for name in learned { try exe.setWeight(name, try stroop.executable.weight(name)) }
        let responses = try exe.run(inputs: inputs.inputs).results.map { $0[0] }
        // ../stroop/inputs.json's trials: color naming congruent, incongruent, neutral; word
        // reading congruent, neutral, incongruent.
        let figures: [(String, [Double])] = [
            ("color naming congruent", [0.964, 0.031]), ("color naming incongruent", [0.722, 0.244]),
            ("color naming neutral", [0.876, 0.107]), ("word reading congruent", [0.984, 0.016]),
            ("word reading neutral", [0.026, 0.974]), ("word reading incongruent", [0.036, 0.963]),
        ]
        try #require(responses.count == figures.count)
        for ((condition, figure), response) in zip(figures, responses) {
            #expect(zip(response, figure).allSatisfy { Self.rounds($0, to: $1, decimals: 3) },
                    "\(condition): \(response), PsyNeuLink \(figure)")
        }
        // "word_response_weights ±3.9 to ±4.4, color_response_weights ±2.1 to ±3.0" (one decimal).
        for (name, low, high) in [("word_response_weights", 3.9, 4.4), ("color_response_weights", 2.1, 3.0)] {
            let magnitudes = try stroop.executable.weight(name).flatMap { $0 }.map(abs)
            #expect(Self.rounds(magnitudes.min() ?? 0, to: low, decimals: 1)
                    && Self.rounds(magnitudes.max() ?? 0, to: high, decimals: 1), "\(name): \(magnitudes)")
        }
    }
}
