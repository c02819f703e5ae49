import Foundation
import Mechanist
import MechanistCAPI
import Testing

/// The C API called from Swift (its functions are Swift functions): every number equals the
/// Swift API's for the same model and inputs (`==`).
struct CAPIRunTests {
    @Test(arguments: [(MECHANIST_MODE_COMPILED, ExecutionMode.compiled),
                      (MECHANIST_MODE_INTERPRETED, .interpreted), (MECHANIST_MODE_VERIFY, .verify)])
    func stroopRunsAsTheSwiftAPIRunsIt(_ modes: (mechanist_mode, ExecutionMode)) throws {
        let path = Repository.example("stroop", "model.json")
        var options = CExecutable.defaults
        options.mode = modes.0
        let c = try CExecutable(path: path, options: options)
        #expect(c.names(mechanist_input_count, mechanist_input_name) == ["color_input", "word_input", "task_input"])
        var width: Int64 = 0
        expectOK(mechanist_input_width(c.pointer, 1, &width))
        #expect(width == 2)
        let result = try c.run(stroopInputs)

        let swift = try compile(try Model.load(path: path), options: CompileOptions(mode: modes.1))
        let expected = try swift.run(inputs: CLists.nested(stroopInputs))
        #expect(result.trials == 6)
        #expect(result.resultCount == 1)
        #expect(result.columns.map(\.label) == expected.resultLabels)
        #expect(result.vectors(0) == expected.results.map { $0[0] })
        // A second run continues from the state the first left (a feed-forward model has none
        // that changes its results): twice the trials through `trials`, cycling the lists.
        let twelve = try c.run(stroopInputs, trials: 12)
        #expect(twelve.vectors(0) == expected.results.map { $0[0] } + expected.results.map { $0[0] })
    }

    @Test func recordedPortsTrajectoriesAndUndecidedTrialsAreTheSwiftAPIs() throws {
        let json = """
            {"nodes": [{"name": "stimulus", "type": "ProcessingMechanism", "size": 1},
                       {"name": "hidden", "type": "TransferMechanism", "size": 1, "integrator_mode": true,
                        "integration_rate": 0.5, "termination_threshold": 0.1, "max_executions_before_finished": 3}],
             "projections": [{"sender": "stimulus", "receiver": "hidden"}]}
            """
        let record = CStringArray(["stimulus.RESULT", "hidden.RESULT", "stimulus.RESULT"])
        let steps = CStringArray(["hidden.RESULT"])
        let result: CResult = try record.withPointer { record in
            try steps.withPointer { steps in
                var options = CExecutable.defaults
                options.record = record
                options.record_count = 3
                options.record_steps = steps
                options.record_steps_count = 1
                return try CExecutable(json: json, options: options).run([("stimulus", [1], 1)], trials: 3)
            }
        }
        let model = try Model.decode(json: json)
        let expected = try model.compile(record: ["stimulus.RESULT", "hidden.RESULT"], recordSteps: ["hidden.RESULT"])
            .run(inputs: ["stimulus": [[[1]]]], trials: 3)
        // The results, then each recorded port once.
        #expect(result.columns.map(\.label) == ["hidden.RESULT", "stimulus.RESULT", "hidden.RESULT"])
        #expect(result.resultCount == 1)
        #expect(result.vectors(0) == expected.results.map { $0[0] })
        #expect(result.vectors(1) == expected.nodes["stimulus"]?["RESULT"])
        #expect(result.vectors(2) == expected.nodes["hidden"]?["RESULT"])
        // SWIFT_API.md derives these by hand: 0.5, 0.75, 0.875 in trial 0 (undecided), then one step each.
        #expect(result.steps.map(\.label) == ["hidden.RESULT"])
        #expect(result.steps.first?.trials == [[[0.5], [0.75], [0.875]], [[0.9375]], [[0.96875]]])
        #expect(result.steps.first?.trials == expected.steps["hidden"]?["RESULT"])
        let undecided = result.undecided
        #expect(undecided.map(\.node) == expected.undecided.map(\.node))
        #expect(undecided.map(\.trials) == [[0]])
        #expect(undecided.map(\.reason) == expected.undecided.map(\.reason))
        var compileSeconds = -1.0, runSeconds = -1.0
        expectOK(mechanist_result_seconds(result.pointer, &compileSeconds, &runSeconds))
        #expect(compileSeconds > 0 && runSeconds >= 0)
    }

    @Test func learningIsTheSwiftAPIs() throws {
        let path = Repository.example("xor_learning", "model.json")
        let inputs: [(node: String, values: [Double], entries: Int64)] = [("input", [0, 0, 0, 1, 1, 0, 1, 1], 4)]
        let targets: [(node: String, values: [Double], entries: Int64)] = [("output", [0, 1, 1, 0], 4)]
        let c = try CExecutable(path: path)
        let targetNames = c.names(mechanist_target_count, mechanist_target_name)
        #expect(targetNames.count == 1)
        let result = try c.learn(inputs, targets: targets, epochs: 3)

        let swift = try compile(try Model.load(path: path))
        let expected = try swift.learn(inputs: CLists.nested(inputs), targets: CLists.nested(targets), epochs: 3)
        #expect(result.trials == 12)
        #expect(result.vectors(0) == expected.results.map { $0[0] })
        for name in swift.learnedWeightNames {
            #expect(c.weight(name) == (try swift.weight(name)).flatMap { $0 }, "\(name)")
        }
        // Targets keyed by the TARGET node's own name, a trial count and a learning rate.
        let keyed = targets.map { (node: targetNames[0], values: $0.values, entries: $0.entries) }
        let more = try c.learn(inputs, targets: keyed, trials: 5, learningRate: 0.5)
        let expectedMore = try swift.learn(inputs: CLists.nested(inputs), targets: CLists.nested(targets), trials: 5,
                                           learningRate: 0.5)
        #expect(more.vectors(0) == expectedMore.results.map { $0[0] })
        #expect(c.weight("hidden_to_output") == (try swift.weight("hidden_to_output")).flatMap { $0 })
    }
}

struct CAPIValuesTests {
    @Test func weightsParametersAndStateReadAndWriteAsInSwift() throws {
        let path = Repository.example("stroop", "model.json")
        let c = try CExecutable(path: path)
        let swift = try compile(try Model.load(path: path))
        #expect(c.names(mechanist_weight_count, mechanist_weight_name) == swift.weightNames)
        #expect(c.names(mechanist_parameter_count, mechanist_parameter_name) == swift.parameterNames)
        #expect(c.names(mechanist_state_count, mechanist_state_name) == swift.stateNames)

        var rows: Int64 = 0, columns: Int64 = 0
        expectOK(mechanist_weight_shape(c.pointer, "word_weights", &rows, &columns))
        #expect(rows == 2 && columns == 2)
        #expect(c.weight("word_weights") == [2.6, -2.6, -2.6, 2.6])
        let weights: [Double] = [1, 2, 3, 4]
        expectOK(mechanist_weight_set(c.pointer, "word_weights", weights, 4))
        try swift.setWeight("word_weights", [[1, 2], [3, 4]])
        #expect(c.weight("word_weights") == weights)

        var gain = 0.0
        expectOK(mechanist_parameter_get(c.pointer, "response.function.gain", &gain))
        #expect(gain == 1)
        expectOK(mechanist_parameter_set(c.pointer, "response.function.gain", 2.5))
        try swift.setParameter("response.function.gain", to: 2.5)
        expectOK(mechanist_parameter_get(c.pointer, "response.function.gain", &gain))
        #expect(gain == 2.5)

        let result = try c.run(stroopInputs)
        let expected = try swift.run(inputs: CLists.nested(stroopInputs))
        #expect(result.vectors(0) == expected.results.map { $0[0] })
        for name in swift.stateNames { #expect(c.state(name) == (try swift.state(name)), "\(name)") }

        let name = try #require(swift.stateNames.first)
        let values = [Double](repeating: 0.25, count: try swift.state(name).count)
        expectOK(mechanist_state_set(c.pointer, name, values, Int64(values.count)))
        #expect(c.state(name) == values)

        // reset: weights and state back to the start, the set parameter kept.
        expectOK(mechanist_reset(c.pointer))
        try swift.reset()
        #expect(c.weight("word_weights") == [2.6, -2.6, -2.6, 2.6])
        expectOK(mechanist_parameter_get(c.pointer, "response.function.gain", &gain))
        #expect(gain == 2.5)
        #expect(c.state(name) == (try swift.state(name)))
    }

    @Test func modelSettingsAndTheSeedAreTheModelsWithThoseValues() throws {
        let path = Repository.example("lca_decision_2", "model.json")
        let c = try CExecutable(path: path, sets: [("decision.leak", 0.3), ("seed", 11)])
        let evidence: [(node: String, values: [Double], entries: Int64)] = [("evidence", [1.2, 0.4, 1.0, 0.9], 2)]
        let result = try c.run(evidence, trials: 20)
        let model = try Model.load(path: path).setting("decision.leak", to: 0.3).setting("seed", to: 11)
        let expected = try model.compile().run(inputs: CLists.nested(evidence), trials: 20)
        #expect(result.vectors(0) == expected.results.map { $0[0] })

        var handle: OpaquePointer?
        expectOK(mechanist_model_load(path, &handle))
        defer { mechanist_model_free(handle) }
        expectOK(mechanist_model_set_seed(handle, 11))
        expectOK(mechanist_model_set(handle, "decision.leak", 0.3))
        var exe: OpaquePointer?
        expectOK(mechanist_compile(handle, nil, &exe))
        defer { mechanist_executable_free(exe) }
        var seed = 0.0
        expectOK(mechanist_parameter_get(exe, "seed", &seed))
        #expect(seed == 11)
    }

    @Test func aSnapshotContinuesANoisySimulationBitForBit() throws {
        let path = Repository.example("lca_decision_2", "model.json")
        let evidence: [(node: String, values: [Double], entries: Int64)] = [("evidence", [1.2, 0.4, 1.0, 0.9], 2)]
        let first = try CExecutable(path: path)
        _ = try first.run(evidence, trials: 7)
        var text: UnsafeMutablePointer<CChar>?
        expectOK(mechanist_snapshot(first.pointer, &text))
        defer { mechanist_string_free(text) }
        let saved = text.map { String(cString: $0) } ?? ""
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("capi-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        expectOK(mechanist_save_state(first.pointer, file))
        #expect((try String(contentsOfFile: file, encoding: .utf8)) == saved)

        // The snapshot is the Swift API's, in the CLI's state-file format.
        let swift = try compile(try Model.load(path: path))
        _ = try swift.run(inputs: CLists.nested(evidence), trials: 7)
        #expect(saved == (try swift.snapshot().jsonText()))

        let next = try first.run(evidence, trials: 9).vectors(0)
        let fromText = try CExecutable(path: path)
        expectOK(mechanist_restore(fromText.pointer, saved))
        #expect(try fromText.run(evidence, trials: 9).vectors(0) == next)
        var interpretedOptions = CExecutable.defaults
        interpretedOptions.mode = MECHANIST_MODE_INTERPRETED
        let fromFile = try CExecutable(path: path, options: interpretedOptions)
        expectOK(mechanist_load_state(fromFile.pointer, file))
        #expect(try fromFile.run(evidence, trials: 9).vectors(0) == next)
    }

    @Test func distinctExecutablesCompileAndRunInParallelThreads() throws {
        let path = Repository.example("lca_decision_2", "model.json")
        let evidence: [(node: String, values: [Double], entries: Int64)] = [("evidence", [1.2, 0.4, 1.0, 0.9], 2)]
        let serial = try CExecutable(path: path).run(evidence, trials: 200).vectors(0)
        var model: OpaquePointer?
        expectOK(mechanist_model_load(path, &model))
        defer { mechanist_model_free(model) }
        let shared = SharedModel(model)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            // One model compiled by every thread at once, each into its own executable.
            var pointer: OpaquePointer?
            guard mechanist_compile(shared.pointer, nil, &pointer) == MECHANIST_OK else { return }
            let executable = CExecutable(compiled: pointer)
            let values = try? executable.run(evidence, trials: 200).vectors(0)
            // The last error is per thread: a failure here is not seen by the other threads.
            var value = 0.0
            let status = mechanist_parameter_get(executable.pointer, "thread\(i)", &value)
            outcomes.set(i, values ?? [], status == MECHANIST_PARAMETER_ERROR && lastError.contains("thread\(i)"))
        }
        #expect(outcomes.values == [serial, serial, serial, serial])
        #expect(outcomes.ownErrors == [true, true, true, true])
    }
}

/// A model handle the threads of `distinctExecutablesCompileAndRunInParallelThreads` only read.
struct SharedModel: @unchecked Sendable {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
}

/// What the threads of `distinctExecutablesRunInParallelThreads` found.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [[[Double]]] = [[], [], [], []]
    private(set) var ownErrors = [false, false, false, false]
    func set(_ i: Int, _ v: [[Double]], _ ownError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        values[i] = v
        ownErrors[i] = ownError
    }
}
