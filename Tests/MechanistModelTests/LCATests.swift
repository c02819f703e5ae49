import Foundation
import MechanistIR
import MechanistModel
import Testing

/// LCAMechanism lowering: PsyNeuLink 0.21's reference runs (Tests/MechanistTests/Fixtures
/// m1_lca4, r*_lca_*: the LeakyCompetingIntegrator, thresholds, every output port) and
/// PsyNeuLink's own test_lca.py step counts.
@Suite struct LCATests {
    /// Every recurrent / termination fixture (m2 and r*b_*_reset also exercise the
    /// scheduler's reset_stateful_function_when).
    @Test(arguments: ["m1_lca4", "m2_lca_threshold", "r1b_lca_value_reset", "r2b_lca_max_vs_next_reset",
                      "r3b_lca_max_vs_avg_reset", "r1_lca_value", "r1c_lca_value_noreset", "r2_lca_max_vs_next",
                      "r3_lca_max_vs_avg", "r4_lca_convergence", "r4b_lca_convergence_noreset", "r5_lca_ports",
                      "r6_lca_until_finished_false", "r7_rtm_basic", "r8_rtm_auto_hetero", "r8b_rtm_matrix_hetero",
                      "r8c_rtm_auto_vector", "r9_rtm_recurrent_port", "r10_rtm_in_chain", "r11_transfer_termination",
                      "r11b_transfer_termination_trial"])
    func matchesPsyNeuLink(folder: String) throws {
        guard FileManager.default.fileExists(atPath: Fixtures.path(folder, "expected.json")) else { return }
        let worst = try fixtureDifference(folder)
        #expect(worst <= 1e-12, "\(folder) differs from PsyNeuLink by \(worst)")
    }

    /// test_lca.py (TestLCAThresholds): 22 / 9 / 6 / 18 steps for the four criteria.
    @Test(arguments: [(ThresholdCriterion.value, 2, [1.0, 0], 0.7, 22.0),
                      (.maxVsNext, 3, [1, 0.5, 0], 0.1, 9),
                      (.maxVsAvg, 3, [1, 0.5, 0], 0.1, 6),
                      (.convergence, 3, [0, 1, 2], 0.01, 18)])
    func thresholdCriteriaTakePsyNeuLinksSteps(criterion: ThresholdCriterion, size: Int, input: [Double],
                                               threshold: Double, steps: Double) throws {
        let node = Node.lca(name: "lca", size: size,
                            lca: LCAParameters(leak: 0.5, threshold: threshold, thresholdCriterion: criterion),
                            outputPorts: ["RESULT", "DECISION_STEPS", "DECISION_TIME"])
        let out = try run(Model(nodes: [node]), ["lca": [input]], trials: 1)
        #expect(out[0][1] == [steps])
        #expect(abs(out[0][2][0] - steps * 0.1) < 1e-12)
    }

    @Test func firstStepUsesTheInitialOutputAsRecurrentInput() throws {
        // x = input + 0.5 * (-1) per other unit; v = 0 + (x - 0.5 * 0) * 0.1; value = logistic(v).
        let out = try run(Model(nodes: [.lca(name: "lca", size: 2)]), ["lca": [[1, 0]]], trials: 1)
        let x = [1 - 0.5, 0 - 0.5]
        #expect(out[0][0] == x.map { 1 / (1 + exp(-($0 * 0.1))) })
    }

    @Test func initialValueStepsOnceAtConstruction() throws {
        // SEMANTICS.md: Linear, initial_value 0.5, leak 0.1, dt 1 starts at 0.45; the
        // integrator itself stays at 0.5, so the first trial (zero input, no competition)
        // gives 0.45 again.
        let node = Node(name: "lca", type: .lcaMechanism, size: 2, function: .linear(), initialValue: [0.5, 0.5],
                        lca: LCAParameters(leak: 0.1, competition: 0, timeStepSize: 1))
        let lowered = try lower(Model(nodes: [node]))
        let out = try interpret(lowered, inputs: ["lca": [[[0, 0]]]], trials: 1)
        #expect(out[0][0] == [0.45, 0.45])
    }

    @Test func withoutExecuteUntilFinishedTheCounterRunsAcrossTrials() throws {
        let node = Node(name: "lca", type: .lcaMechanism, size: 2, outputPorts: ["RESULT", "DECISION_STEPS"],
                        executeUntilFinished: false,
                        lca: LCAParameters(leak: 0.5, threshold: 0.7, thresholdCriterion: .value))
        let out = try run(Model(nodes: [node]), ["lca": [[1, 0]]], trials: 25)
        // One step per trial: the steps count 1, 2, ... up to 22 (finished), then restart at 1.
        #expect(out.prefix(22).map { $0[1][0] } == (1...22).map(Double.init))
        #expect(out[22][1] == [1])
        // The same trajectory as the within-trial loop reaches at its 22nd step.
        let looped = try run(Model(nodes: [Node(name: "lca", type: .lcaMechanism, size: 2,
                                                lca: LCAParameters(leak: 0.5, threshold: 0.7))]), ["lca": [[1, 0]]],
                             trials: 1)
        #expect(out[21][0] == looped[0][0])
    }

    @Test func maxExecutionsBeforeFinishedStopsTheLoop() throws {
        let node = Node(name: "lca", type: .lcaMechanism, size: 2, outputPorts: ["RESULT", "DECISION_STEPS"],
                        maxExecutionsBeforeFinished: 5, lca: LCAParameters(threshold: 0.99))
        let out = try run(Model(nodes: [node]), ["lca": [[1, 0]]], trials: 2)
        #expect(out.map { $0[1] } == [[5], [5]])
    }

    @Test func clipBoundsTheValue() throws {
        let node = Node(name: "lca", type: .lcaMechanism, size: 2, clip: Clip(0.45, 0.51))
        let out = try run(Model(nodes: [node]), ["lca": [[1, 0]]], trials: 3)
        for trial in out { #expect(trial[0].allSatisfy { (0.45...0.51).contains($0) }) }
        #expect(out[0][0][0] == 0.51 || out[0][0][0] < 0.51)
    }
}

/// Runs a fixture folder through the interpreter; the largest difference from PsyNeuLink's
/// results.
func fixtureDifference(_ folder: String) throws -> Double {
    let model = try Model.load(path: Fixtures.path(folder, "model.json"))
    let inputs = try InputSet.load(path: Fixtures.path(folder, "inputs.json"))
    let expected = try Fixtures.json(folder, "expected.json")
    let results = try #require(expected["results"] as? [[[Double]]])
    let trials = (expected["run"] as? [String: Any])?["trials"] as? Int ?? expected["trials"] as? Int ?? results.count
    let lowered = try lower(model)
    let recorded = try interpret(lowered, inputs: inputs.inputs, trials: trials)
    var worst = 0.0
    for t in 0..<trials {
        worst = max(worst, maxDifference(Array(recorded[t][0..<lowered.resultCount]), results[t]))
    }
    return worst
}
