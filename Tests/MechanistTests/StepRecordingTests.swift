import Foundation
import Mechanist
import MechanistCommands
import Testing

/// `--record-steps` / `CompileOptions.recordSteps`: a port's value at every execution within a
/// trial; and undecided trials (a threshold never reached).
@Suite struct StepRecordingTests {
    /// Runs a model file over its inputs file in `mode`, recording `steps`.
    func run(_ model: String, _ inputs: String, mode: ExecutionMode, steps: [PortReference],
             record: [PortReference] = [], trials: Int? = nil) throws -> RunResult {
        let executable = try compile(modelAt: model, options: CompileOptions(mode: mode, record: record,
                                                                             recordSteps: steps))
        return try executable.run(inputs: try InputSet.load(path: inputs).inputs, trials: trials)
    }

    /// A tiny LCA: Linear, leak 0.5, competition 1, dt 0.1, input [1, 0.5].
    func tinyLCA(threshold: Double, cap: Int? = nil, extra: String = "") throws -> (String, String) {
        let capText = cap.map { "\"max_executions_before_finished\": \($0), " } ?? ""
        let model = """
            {"format": 1, "name": "steps_lca", "seed": 0, "nodes": [
              {"name": "evidence", "type": "ProcessingMechanism", "size": 2},
              {"name": "lca", "type": "LCAMechanism", "size": 2, "function": "Linear", "leak": 0.5, "competition": 1.0,
               "time_step_size": 0.1, "threshold": \(threshold), \(capText)\(extra)
               "output_ports": ["RESULT", "DECISION_STEPS"]}],
             "projections": [{"sender": "evidence", "receiver": "lca", "matrix": "IDENTITY"}]}
            """
        return (try temporary("model.json", model), try temporary("inputs.json", #"{"inputs": {"evidence": [[1.0, 0.5]]}}"#))
    }

    @Test func lcaTrajectoryEndsAtTheTrialsResultAfterDecisionStepsSteps() throws {
        // The noisy two-choice LCA, reset every trial (a scheduler section, so the area's
        // capacity is the execution cap times the passes, bounded).
        let model = Fixtures.examples + "/lca_decision_2/model.json"
        let inputs = Fixtures.examples + "/lca_decision_2/inputs.json"
        var trajectories: [[[[Double]]]] = []
        for mode in [ExecutionMode.interpreted, .compiled, .verify] {
            let result = try run(model, inputs, mode: mode, steps: ["decision.RESULT"], trials: 12)
            let steps = try #require(result.steps["decision"]?["RESULT"])
            #expect(steps.count == 12)
            for (t, trajectory) in steps.enumerated() {
                // results[t]: RESULT, DECISION_INDEX, DECISION_STEPS, DECISION_TIME.
                #expect(Double(trajectory.count) == result.results[t][2][0])
                #expect(trajectory.last == result.results[t][0])
            }
            #expect(result.stepOrder.map(\.node) == ["decision"])
            trajectories.append(steps)
        }
        // Compiled and interpreted agree exactly.
        #expect(trajectories[0] == trajectories[1] && trajectories[1] == trajectories[2])
    }

    @Test func firstStepsAsDerivedByHandAndTheEndAsPsyNeuLinkRunsIt() throws {
        // By hand: the initial output is Linear(0) = 0, so step 0 is v = x * dt = [0.1, 0.05];
        // step 1 adds (-leak * v + x + W v) * dt with W = [[0, -1], [-1, 0]]:
        // [0.1 + (-0.05 + 1 - 0.05) * 0.1, 0.05 + (-0.025 + 0.5 - 0.1) * 0.1] = [0.19, 0.0875].
        let (model, inputs) = try tinyLCA(threshold: 0.99)
        for mode in [ExecutionMode.interpreted, .compiled] {
            let result = try run(model, inputs, mode: mode, steps: ["lca.RESULT"])
            let steps = try #require(result.steps["lca"]?["RESULT"]?.first)
            #expect(steps.count >= 2)
            let expected: [[Double]] = [[0.1, 0.05], [0.19, 0.0875]]
            for (row, want) in zip(steps, expected) {
                #expect(zip(row, want).allSatisfy { abs($0 - $1) <= 1e-15 })
            }
            // PsyNeuLink 0.21 (scripts/pnl_from_model.py on this model): 15 executions, ending at
            // [0.9957869801550578, -0.08314119925630953].
            #expect(steps.count == 15)
            let last = try #require(steps.last)
            #expect(abs(last[0] - 0.9957869801550578) <= 1e-12 && abs(last[1] + 0.08314119925630953) <= 1e-12)
        }
    }

    @Test func rtmSettlesUntilTheChangeFallsUnderItsThreshold() throws {
        let model = try temporary("model.json", """
            {"format": 1, "name": "settle", "seed": 0, "nodes": [
              {"name": "rtm", "type": "RecurrentTransferMechanism", "size": 3, "function": "Logistic",
               "integrator_mode": true, "integration_rate": 0.3, "termination_threshold": 0.001}]}
            """)
        let inputs = try temporary("inputs.json", #"{"inputs": {"rtm": [[1.0, -0.5, 0.25], [0.0, 2.0, -1.0]]}}"#)
        let interpreted = try run(model, inputs, mode: .interpreted, steps: ["rtm.RESULT"])
        let compiled = try run(model, inputs, mode: .verify, steps: ["rtm.RESULT"])
        let trajectories = try #require(interpreted.steps["rtm"]?["RESULT"])
        #expect(trajectories == compiled.steps["rtm"]?["RESULT"])
        for (t, steps) in trajectories.enumerated() {
            #expect(steps.count > 2)
            #expect(steps.last == interpreted.results[t][0])
            // It stops at the first execution whose change is at most 0.001 (MAX_ABS_DIFF).
            let changes = zip(steps.dropFirst(), steps).map { new, old in zip(new, old).map { abs($0 - $1) }.max() ?? 0 }
            #expect((changes.last ?? 1) <= 0.001)
            #expect(changes.dropLast().allSatisfy { $0 > 0.001 })
        }
        #expect(interpreted.undecided.map(\.node) == ["rtm"] && interpreted.undecided[0].trials.isEmpty)
    }

    @Test func undecidedTrialsAreListedPerNode() throws {
        // Reset every trial; [0.1, 0.1] never reaches 0.8 within 40 executions.
        let model = try temporary("model.json", """
            {"format": 1, "name": "undecided", "seed": 1, "nodes": [
              {"name": "evidence", "type": "ProcessingMechanism", "size": 2},
              {"name": "lca", "type": "LCAMechanism", "size": 2, "leak": 0.2, "competition": 0.8, "time_step_size": 0.1,
               "threshold": 0.8, "max_executions_before_finished": 40,
               "output_ports": ["RESULT", "DECISION_INDEX", "DECISION_STEPS"]}],
             "projections": [{"sender": "evidence", "receiver": "lca", "matrix": "IDENTITY"}],
             "scheduler": {"reset_stateful_function_when": {"lca": {"type": "AtPass", "n": 0}}}}
            """)
        let inputs = try temporary("inputs.json",
                                   #"{"inputs": {"evidence": [[3.0, 0.0], [0.1, 0.1], [0.1, 0.1], [0.0, 3.0]]}}"#)
        var all: [[UndecidedTrials]] = []
        for mode in [ExecutionMode.interpreted, .compiled, .verify] {
            let result = try run(model, inputs, mode: mode, steps: [])
            #expect(result.undecided.map(\.node) == ["lca"])
            #expect(result.undecided.first?.trials == [1, 2])
            #expect(result.undecided.first?.reason.contains("execution cap (40)") == true)
            // What the undecided trials report reads like a decision: flagged, not changed.
            #expect(result.results[1][2] == [40] && result.results[1][1] == [0])
            #expect(result.results[0][2][0] < 40 && result.results[3][1] == [1])
            all.append(result.undecided)
        }
        #expect(all[0] == all[1] && all[1] == all[2])

        let (code, out, err) = CLI.run(["run", model, "--inputs", inputs])
        #expect(code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
        #expect((object["undecided"] as? [String: [Int]])?["lca"] == [1, 2])
        #expect(err.contains(#"warning: lca reached its execution cap (40) without crossing the threshold in 2 of 4 trials (listed under "undecided")"#))
        let (_, csv, csvErr) = CLI.run(["run", model, "--inputs", inputs, "--format", "csv"])
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",lca.undecided") == true)
        #expect(lines.dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" } == ["0", "1", "1", "0"])
        #expect(csvErr.contains("(column lca.undecided)"))
    }

    @Test func cliWritesStepsAsJSONAndLongCSV() throws {
        let (model, inputs) = try tinyLCA(threshold: 0.99, cap: 3)
        let (code, out, err) = CLI.run(["run", model, "--inputs", inputs, "--trials", "2", "--record-steps", "lca.RESULT",
                                        "--record-steps", "lca.DECISION_STEPS", "--mode", "verify"])
        #expect(code == 0, "\(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
        let steps = object["steps"] as? [String: [String: [[[Double]]]]]
        // Trial 1 continues from trial 0's state (no reset): 3 more executions, capped.
        #expect(steps?["lca"]?["DECISION_STEPS"] == [[[1], [2], [3]], [[1], [2], [3]]])
        #expect(steps?["lca"]?["RESULT"]?.first?.count == 3)
        #expect((object["undecided"] as? [String: [Int]])?["lca"] == [0, 1])
        #expect(err.contains("in 2 of 2 trials"))

        let (csvCode, csv, _) = CLI.run(["run", model, "--inputs", inputs, "--trials", "2", "--format", "csv",
                                         "--record-steps", "lca.RESULT", "--record-steps", "lca.DECISION_STEPS"])
        #expect(csvCode == 0)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "trial,step,lca.RESULT[0],lca.RESULT[1],lca.DECISION_STEPS[0],lca.undecided")
        #expect(lines.count == 1 + 6)
        #expect(lines[1].hasPrefix("0,0,0.1,0.05,1.0,1"))
        #expect(lines[6].hasPrefix("1,2,"))

        let (badCode, _, badErr) = CLI.run(["run", model, "--inputs", inputs, "--record-steps", "lcx.RESULT"])
        #expect(badCode != 0 && badErr.contains("--record-steps lcx.RESULT"))
    }

    @Test func learnRecordsStepsToo() throws {
        let model = Fixtures.examples + "/xor_learning/model.json"
        let inputs = Fixtures.examples + "/xor_learning/inputs.json"
        let (code, out, err) = CLI.run(["learn", model, "--inputs", inputs, "--record-steps", "output.RESULT",
                                        "--mode", "verify"])
        #expect(code == 0, "\(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
        let steps = (object["steps"] as? [String: [String: [[[Double]]]]])?["output"]?["RESULT"]
        let results = object["results"] as? [[[Double]]]
        // One execution per trial: each trajectory is the trial's result.
        #expect(steps?.count == results?.count && steps?.count ?? 0 > 0)
        #expect(steps?.map { $0.count == 1 ? $0[0] : [] } == results?.map { $0[0] })
    }

    @Test func checkWarnsOfThresholdsTheFunctionCannotReach() throws {
        let (unreachable, _) = try tinyLCA(threshold: 1.5, extra: #""function": "Logistic", "#)
        // "function" appears twice otherwise; tinyLCA's Linear is replaced.
        let logistic = try String(contentsOfFile: unreachable, encoding: .utf8)
            .replacingOccurrences(of: #""function": "Linear", "#, with: "")
        let path = try temporary("model.json", logistic)
        let (code, out, err) = CLI.run(["check", path])
        #expect(code == 0 && out.hasSuffix("OK\n"))
        #expect(err.contains("threshold 1.5 can never be reached"))
        #expect(err.contains("Logistic outputs lie in (0.0, 1.0)"))
        let reachable = try temporary("model.json", logistic.replacingOccurrences(of: "1.5", with: "0.9"))
        #expect(!CLI.run(["check", reachable]).2.contains("warning"))
        let tanh = try temporary("model.json", logistic.replacingOccurrences(of: #""function": "Logistic", "#,
                                                                               with: #""function": "Tanh", "threshold_criterion": "MAX_VS_NEXT", "#)
            .replacingOccurrences(of: "1.5", with: "2.5"))
        #expect(CLI.run(["check", tanh]).2.contains("MAX_VS_NEXT is at most 2.0"))
    }

}
