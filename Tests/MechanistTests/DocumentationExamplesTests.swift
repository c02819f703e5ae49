import Foundation
import Mechanist
import Testing

/// The code samples of docs/SWIFT_API.md, compiled and run: a sample that stops compiling or
/// computes something else fails here. Only `import Mechanist` (the public API) is used.
/// Expected numbers are derived by hand in the comments, or come from the model file the
/// sample rebuilds in code.
struct DocumentationExamplesTests {
    /// "Loading a model": decode a model and an inputs file, compile, run.
    @Test func loadAndRun() throws {
        let model = try Model.decode(json: """
            {"nodes": [{"name": "in", "type": "ProcessingMechanism", "size": 2},
                       {"name": "out", "type": "TransferMechanism", "size": 2, "function": "Logistic"}],
             "projections": [{"sender": "in", "receiver": "out", "matrix": [[1, 0], [0, -1]]}]}
            """, path: "inline.json")
        let inputs = try InputSet.decode(json: #"{"inputs": {"in": [[0, 0], [1, 1]]}}"#)
        try inputs.validate(against: model)
        let executable = try compile(model, options: CompileOptions(mode: .compiled))
        let result = try executable.run(inputs: inputs.inputs)
        #expect(executable.resultLabels == ["out.RESULT"])
        #expect(result.trials == 2)
        // Trial 1: x = [1, 1] @ [[1, 0], [0, -1]] = [1, -1]; Logistic(x) = 1 / (1 + e^-x).
        #expect(result.results[1] == [[1 / (1 + exp(-1.0)), 1 / (1 + exp(1.0))]])
        #expect(result.results[0] == [[0.5, 0.5]])
    }

    /// "Building a model in code": the LCA of Examples/lca_decision_2, with noise and a
    /// scheduler, equals the decoded file and runs to the same numbers.
    @Test func lcaInCode() throws {
        var decision = Node.lca(
            name: "decision", size: 2, function: .logistic(gain: 1),
            lca: LCAParameters(leak: 0.2, competition: 0.8, selfExcitation: 0, timeStepSize: 0.1,
                               threshold: 0.85, thresholdCriterion: .value),
            outputPorts: ["RESULT", "DECISION_INDEX", "DECISION_STEPS", "DECISION_TIME"])
        decision.noise = .normal(mean: 0, standardDeviation: 0.5)
        let model = Model(
            name: "lca_decision_2", seed: 2024,
            nodes: [.processing(name: "evidence", size: 2), decision],
            projections: [Projection("evidence", "decision", matrix: .identity)],
            scheduler: Scheduler(resetStatefulFunctionWhen: [
                NodeCondition(node: "decision", condition: .atPass(0)),
            ]))
        try model.validate()
        let file = try Model.load(path: Fixtures.examples + "/lca_decision_2/model.json")
        #expect(model == file)

        let inputs: [String: [[[Double]]]] = ["evidence": [[[1.2, 0.4]], [[1.0, 0.9]]]]
        let executable = try model.compile(mode: .compiled, record: ["decision.DECISION_STEPS"])
        let result = try executable.run(inputs: inputs, trials: 10)
        let steps = result.nodes["decision"]?["DECISION_STEPS"] ?? []
        #expect(steps.count == 10)
        let fromFile = try compile(file, options: CompileOptions(mode: .interpreted, record: ["decision.DECISION_STEPS"]))
            .run(inputs: inputs, trials: 10)
        #expect(result.results == fromFile.results)
        #expect(steps == fromFile.nodes["decision"]?["DECISION_STEPS"])
    }

    /// "A scheduler": hidden runs ten times per trial, response once after it.
    @Test func schedulerInCode() throws {
        let model = Model(
            nodes: [
                .processing(name: "in", size: 1),
                .transfer(name: "hidden", size: 1, integratorMode: true, integrationRate: 0.5),
                .transfer(name: "response", size: 1),
            ],
            projections: [Projection("in", "hidden"), Projection("hidden", "response")],
            scheduler: Scheduler(
                conditions: [NodeCondition(node: "response", condition: .everyNCalls(node: "hidden", n: 10))],
                trialTermination: .afterNCalls(node: "response", n: 1, timeScale: nil)))
        let result = try model.compile().run(inputs: ["in": [[[1]]]])
        // v_k = 0.5 * v_{k-1} + 0.5 * 1 from v_0 = 0: after 10 executions v = 1 - 2^-10.
        #expect(result.results == [[[1 - 0.0009765625]]])
    }

    /// "Weights and state": read, set, reset.
    @Test(arguments: ExecutionMode.allCases)
    func weightsAndState(mode: ExecutionMode) throws {
        let model = Model(nodes: [
            .processing(name: "in", size: 2),
            .transfer(name: "hidden", size: 2, integratorMode: true, integrationRate: 0.5),
        ], projections: [Projection("in", "hidden", matrix: .explicit([[1, 0], [0, 1]]), name: "w")])
        let executable = try compile(model, options: CompileOptions(mode: mode))
        #expect(executable.weightNames == ["w"])
        #expect(try executable.weight("w") == [[1, 0], [0, 1]])
        #expect(executable.stateNames.contains("hidden.integrator"))
        try executable.setWeight("w", [[2, 0], [0, 2]])
        let first = try executable.run(inputs: ["in": [[[1, 1]]]])
        // 0.5 * 0 + 0.5 * 2 = 1.
        #expect(first.results == [[[1, 1]]])
        #expect(try executable.state("hidden.integrator") == [1, 1])
        try executable.setState("hidden.integrator", [0, 0])
        #expect(try executable.run(inputs: ["in": [[[1, 1]]]]).results == [[[1, 1]]])
        try executable.reset()
        #expect(try executable.weight("w") == [[1, 0], [0, 1]])
        #expect(try executable.state("hidden.integrator") == [0, 0])
        #expect(throws: RunError.self) { try executable.weight("input->hidden") }
    }

    /// "Reading a RunResult": `print(result)`'s table, derived by hand from its rules (labels,
    /// 6 significant digits, one-value vectors without brackets).
    @Test func printedResult() throws {
        let model = Model(nodes: [
            .processing(name: "in", size: 2),
            .transfer(name: "out", size: 2, function: .logistic()),
        ], projections: [Projection("in", "out", matrix: .explicit([[1, 0], [0, -1]]))])
        let result = try model.compile(record: ["out.MEAN"]).run(inputs: ["in": [[[0, 0]], [[1, 1]]]])
        #expect(result.resultLabels == ["out.RESULT"])
        // Logistic(1) = 0.7310585786..., Logistic(-1) = 0.2689414213..., their mean 0.5.
        #expect(result.description == """
            RunResult: 2 trials, compiled
            trial  out.RESULT            out.MEAN
                0  [0.5, 0.5]            0.5
                1  [0.731059, 0.268941]  0.5
            """)
    }

    /// "Parameters by name": set on the executable without recompiling; the run equals that
    /// of the model with those values compiled afresh (and run by the other executor).
    @Test(arguments: ExecutionMode.allCases)
    func parametersByName(mode: ExecutionMode) throws {
        let model = Model(nodes: [
            .processing(name: "in", size: 1),
            .transfer(name: "hidden", size: 1, function: .logistic(), integratorMode: true, integrationRate: 0.5),
        ], projections: [Projection("in", "hidden", name: "w")])
        #expect(try model.parameter("hidden.integration_rate") == 0.5)
        let first = try model.parameters.first
        #expect(first?.name == "seed" && first?.value == 0)
        let executable = try model.compile(mode: mode)
        #expect(executable.parameterNames == [
            "in.function.slope", "in.function.intercept", "in.function.scale", "in.function.offset",
            "hidden.function.gain", "hidden.function.bias", "hidden.function.x_0", "hidden.function.offset",
            "hidden.function.scale", "hidden.integration_rate", "w.matrix[0][0]",
        ])
        #expect(try executable.parameter("hidden.function.gain") == 1)
        try executable.setParameter("hidden.function.gain", to: 2)
        try executable.setParameter("hidden.integration_rate", to: 1)
        let result = try executable.run(inputs: ["in": [[[0.5]]]])
        // integrator (1 - 1) * 0 + 1 * 0.5 = 0.5; Logistic(2 * 0.5) = 1 / (1 + e^-1).
        #expect(result.results == [[[1 / (1 + exp(-1.0))]]])
        let changed = try model.setting("hidden.function.gain", to: 2).setting("hidden.integration_rate", to: 1)
        let other: ExecutionMode = mode == .interpreted ? .compiled : .interpreted
        #expect(try changed.compile(mode: other).run(inputs: ["in": [[[0.5]]]]).results == result.results)
        try executable.reset()
        #expect(try executable.parameter("hidden.function.gain") == 2)
        // This model draws no random numbers: its seed is accepted, changes nothing, is not listed.
        try executable.setParameter("seed", to: 7)
        #expect(try executable.parameter("seed") == 7)
        try executable.reset()
        #expect(try executable.run(inputs: ["in": [[[0.5]]]]).results == result.results)
        #expect(throws: ParameterError.self) { try executable.setParameter("hidden.function.gian", to: 2) }
        let reseeded = try model.setting("seed", to: 7)
        #expect(reseeded.seed == 7)

        let fixed = try model.compile(mode: mode, specialize: true)
        #expect(fixed.parameterNames == ["w.matrix[0][0]"])
        #expect(throws: ParameterError.self) { try fixed.setParameter("hidden.function.gain", to: 2) }
        try fixed.setParameter("w.matrix[0][0]", to: 2)
        // integrator 0.5 * 0 + 0.5 * (2 * 0.5) = 0.5; Logistic(0.5).
        #expect(try fixed.run(inputs: ["in": [[[0.5]]]]).results == [[[1 / (1 + exp(-0.5))]]])
    }

    /// "Parameters by name": what needs recompiling throws and changes nothing; a matrix entry
    /// set by name is what `reset()` restores, a weight set by `setWeight` is not.
    @Test func parametersThatNeedRecompiling() throws {
        var hidden = Node.transfer(name: "hidden", size: 1, integratorMode: true, integrationRate: 0.5,
                                   initialValue: 0)
        hidden.maxExecutionsBeforeFinished = 10
        let model = Model(
            nodes: [.processing(name: "in", size: 1), hidden],
            projections: [Projection(sender: "in", receiver: "hidden", matrix: .explicit([[1]]), name: "w",
                                     learningRate: 0.5)],
            learning: [LearningPathway(pathway: ["in", "hidden"])])
        let executable = try model.compile()
        #expect(try executable.parameter("seed") == 0)
        #expect(executable.parameterNames.contains("hidden.initial_value"))
        // The execution loop's bound is compiled in: this one still throws, and changes nothing.
        let name = "hidden.max_executions_before_finished"
        #expect(!executable.parameterNames.contains(name))
        #expect(throws: ParameterError.self) { try executable.setParameter(name, to: 1) }
        #expect(try executable.parameter(name) == 10)
        #expect(try executable.parameter("w.learning_rate") == 0.5)
        #expect(executable.parameterNames.contains("w.learning_rate"))
        try executable.setWeight("w", [[3]])
        try executable.reset()
        #expect(try executable.weight("w") == [[1]])
        try executable.setParameter("w.matrix[0][0]", to: 2)
        #expect(try executable.weight("w") == [[2]])
        try executable.reset()
        #expect(try executable.weight("w") == [[2]])
        // 0.5 * 0 + 0.5 * (2 * 1) = 1.
        #expect(try executable.run(inputs: ["in": [[[1]]]]).results == [[[1]]])
    }

    /// "Trajectories and undecided trials": a settling integrator, derived by hand.
    @Test(arguments: ExecutionMode.allCases)
    func stepsAndUndecided(mode: ExecutionMode) throws {
        var hidden = Node.transfer(name: "hidden", size: 1, integratorMode: true, integrationRate: 0.5)
        hidden.terminationThreshold = 0.1
        hidden.maxExecutionsBeforeFinished = 3
        let model = Model(nodes: [.processing(name: "stimulus", size: 1), hidden],
                          projections: [Projection("stimulus", "hidden")])
        let executable = try model.compile(mode: mode, recordSteps: ["hidden.RESULT"])
        let result = try executable.run(inputs: ["stimulus": [[[1]]]], trials: 3)
        // v = 0.5 * v + 0.5 * 1. Trial 0: 0.5, 0.75, 0.875 (changes 0.5, 0.25, 0.125, never
        // <= 0.1: stopped at the cap of 3); trial 1: 0.9375 (change 0.0625); trial 2: 0.96875.
        #expect(result.steps["hidden"]?["RESULT"] == [[[0.5], [0.75], [0.875]], [[0.9375]], [[0.96875]]])
        #expect(result.stepOrder.map(\.node) == ["hidden"])
        #expect(result.results == [[[0.875]], [[0.9375]], [[0.96875]]])
        #expect(result.undecided.map(\.node) == ["hidden"])
        #expect(result.undecided.first?.trials == [0])
        #expect(result.undecided.first?.reason.hasPrefix("reached its execution cap (3)") == true)
    }

    /// "Learning": one backpropagation trial, derived by hand.
    @Test func learnInCode() throws {
        let model = Model(
            nodes: [.processing(name: "input", size: 2), .processing(name: "output", size: 1)],
            projections: [Projection("input", "output", matrix: .explicit([[0], [0]]))],
            learning: [LearningPathway(pathway: ["input", "output"], learningRate: 0.1)])
        let executable = try model.compile()
        #expect(executable.learnedWeightNames == ["input->output"])
        let result = try executable.learn(inputs: ["input": [[[1, 0]]]], targets: ["output": [[[1]]]], epochs: 1)
        // output 0, error 1 - 0 = 1, MSE scaling 2/n = 2, Linear derivative 1:
        // dW = 0.1 * outer([1, 0], [2]) = [[0.2], [0]].
        #expect(result.results == [[[0]]])
        #expect(try executable.weight("input->output") == [[0.2], [0]])
    }

    /// "Errors": a ModelError names the file, the JSON path and the fault.
    @Test func modelErrors() {
        do {
            _ = try Model.decode(json: #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 0}]}"#,
                                 path: "m.json")
            Issue.record("decoding should have failed")
        } catch {
            #expect(error.kind == .invalidValue)
            #expect(error.path == "nodes[0].size")
            #expect(error.description == "m.json: nodes[0].size: expected a positive integer, got 0")
        }
    }

    /// "Errors": catching a Divergence (none here: both executors agree).
    @Test func verifyCatch() throws {
        let model = Model(nodes: [
            .processing(name: "in", size: 2),
            .transfer(name: "hidden", size: 2, integratorMode: true, integrationRate: 0.5),
        ], projections: [Projection("in", "hidden", matrix: .explicit([[1, 0], [0, 1]]), name: "w")])
        let verifying = try compile(model, options: CompileOptions(mode: .verify))
        var trials = 0
        do {
            let result = try verifying.run(inputs: ["in": [[[1, 1]]]], trials: 100)
            trials = result.trials
        } catch let divergence as Divergence {
            Issue.record("\(divergence)")
        } catch {
            Issue.record("\(error)")
        }
        #expect(trials == 100)
    }

    /// "Sweeps": the sample, and what it says: grid order, seeds, one result per set in order,
    /// the same for one thread and two, and each set equal to the model compiled with its values.
    @Test func sweeps() throws {
        let dir = Fixtures.examples + "/lca_decision_2/"
        let model = try Model.load(path: dir + "model.json")
        let inputs = try InputSet.load(path: dir + "inputs.json")
        let grid = try SweepParameters(grid: [("decision.leak", [0.2, 0.3]), ("decision.threshold", [0.8, 0.9])])
        let sweep = try Sweep(model: model, inputs: inputs, parameters: grid, options: SweepOptions(trials: 200))
        var two: [SweepSetResult] = []
        try sweep.run(indices: Array(0..<sweep.count), threads: 2) { two.append($0) }
        var one: [SweepSetResult] = []
        try sweep.run(indices: Array(0..<sweep.count), threads: 1) { one.append($0) }
        #expect(two.map(\.index) == [0, 1, 2, 3])
        #expect(two.map(\.summary) == one.map(\.summary))
        #expect(two[1].parameters.map(\.value) == [0.2, 0.9])
        #expect(two.map(\.seed) == [2024, 2025, 2026, 2027])
        // Set 1 is the model with those values and seed 2025, compiled on its own.
        let alone = try model.setting("decision.leak", to: 0.2).setting("decision.threshold", to: 0.9)
            .setting("seed", to: 2025).compile(mode: .interpreted).run(inputs: inputs.inputs, trials: 200)
        let choices = try #require(two[1].summary.decisions.first?.choices)
        let index = try #require(alone.resultLabels.firstIndex(of: "decision.DECISION_INDEX"))
        let undecided = Set(alone.undecided.first { $0.node == "decision" }?.trials ?? [])
        let chose0 = alone.results.indices.filter { !undecided.contains($0) && alone.results[$0][index] == [0] }.count
        #expect(choices[0] == Double(chose0) / 200)
        #expect(two[1].summary.decisions[0].undecided == undecided.count)
    }

    /// "Snapshots": a restored executable continues as the first would (an integrator's state).
    @Test func snapshots() throws {
        let model = Model(nodes: [.processing(name: "in", size: 2),
                                  .transfer(name: "acc", size: 2, integratorMode: true, integrationRate: 0.5)],
                          projections: [Projection("in", "acc", matrix: .explicit([[1, 0], [0, 1]]))])
        let first = try model.compile()
        _ = try first.run(inputs: ["in": [[[1, 0]]]], trials: 3)
        let saved = first.snapshot()
        let second = try model.compile()
        try second.restore(saved)
        let continued = try second.run(inputs: ["in": [[[1, 0]]]], trials: 2)
        // The integrator after 3 trials of 1: 0.875; then 0.9375, 0.96875 (each step halves the gap).
        #expect(continued.results == [[[0.9375, 0]], [[0.96875, 0]]])
        #expect(try first.run(inputs: ["in": [[[1, 0]]]], trials: 2).results == continued.results)
        var wrong = saved
        wrong.state.append(("nowhere", [0]))
        #expect(throws: RunError.self) { try second.restore(wrong) }
    }

    /// "Ahead-of-time libraries": the sample writes a library and its header with the prefix.
    @Test func aheadOfTime() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("doc-aot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Model.load(path: Fixtures.examples + "/stroop/model.json")
        let library = try compileAheadOfTime(model, options: AheadOfTimeOptions(
            output: folder.path + "/libstroop.so", header: folder.path + "/stroop.h", prefix: "stroop"))
        #expect(library.prefix == "stroop")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/libstroop.so"))
        let header = try String(contentsOfFile: folder.path + "/stroop.h", encoding: .utf8)
        #expect(header.contains("stroop_create") && header.contains("stroop_run"))
    }
}
