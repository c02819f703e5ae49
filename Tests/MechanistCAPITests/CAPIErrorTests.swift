import Foundation
@testable import Mechanist
@testable import MechanistCAPI
import Testing

/// Every refusal is a status with this thread's message (the Swift API's or the CLI's words),
/// never a crash, and leaves the output parameters alone.
struct CAPIErrorTests {
    let stroop = Repository.example("stroop", "model.json")

    /// Expects `status` and a message containing each of `words`.
    func expectError(_ status: mechanist_status, _ expected: mechanist_status, _ words: String...,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "status \(status.rawValue), expected \(expected.rawValue): \(lastError)",
                sourceLocation: sourceLocation)
        for word in words {
            #expect(lastError.contains(word), "'\(lastError)' lacks '\(word)'", sourceLocation: sourceLocation)
        }
    }

    @Test func modelsRefuseBadTextFilesAndNames() throws {
        var model: OpaquePointer?
        expectError(mechanist_model_from_json(nil, &model), MECHANIST_INVALID_ARGUMENT, "json", "NULL")
        expectError(mechanist_model_from_json("{}", nil), MECHANIST_INVALID_ARGUMENT, "out")
        let bad = #"{"nodes": [{"name": "a", "type": "TransferMechanism", "size": 0}]}"#
        expectError(mechanist_model_from_json(bad, &model), MECHANIST_MODEL_ERROR)
        #expect(model == nil)
        do {
            _ = try Model.decode(json: bad)
        } catch {
            #expect(lastError == error.description)
        }
        expectError(mechanist_model_load("/nonexistent/model.json", &model), MECHANIST_MODEL_ERROR,
                    "/nonexistent/model.json")
        #expect(model == nil)

        expectOK(mechanist_model_load(stroop, &model))
        defer { mechanist_model_free(model) }
        expectError(mechanist_model_set(model, "response.function.gian", 2), MECHANIST_PARAMETER_ERROR,
                    "did you mean \"response.function.gain\"")
        expectError(mechanist_model_set(nil, "seed", 2), MECHANIST_INVALID_ARGUMENT, "model", "NULL")
        expectError(mechanist_model_set_seed(nil, 2), MECHANIST_INVALID_ARGUMENT, "model")
        // A success clears the message.
        expectOK(mechanist_model_set_seed(model, 3))
        #expect(lastError == "")
        mechanist_model_free(nil)
        mechanist_executable_free(nil)
        mechanist_result_free(nil)
        mechanist_string_free(nil)
        #expect(String(cString: mechanist_version()!) == MechanistVersion.string)
    }

    @Test func compileRefusesBadOptions() throws {
        var model: OpaquePointer?
        expectOK(mechanist_model_load(stroop, &model))
        defer { mechanist_model_free(model) }
        var exe: OpaquePointer?
        expectError(mechanist_compile(nil, nil, &exe), MECHANIST_INVALID_ARGUMENT, "model")
        expectError(mechanist_compile(model, nil, nil), MECHANIST_INVALID_ARGUMENT, "out")
        var options = CExecutable.defaults
        options.mode = mechanist_mode(rawValue: 7)
        expectError(mechanist_compile(model, &options, &exe), MECHANIST_INVALID_ARGUMENT, "options.mode", "7")
        options = CExecutable.defaults
        options.record_count = 1
        expectError(mechanist_compile(model, &options, &exe), MECHANIST_INVALID_ARGUMENT, "record", "NULL")
        options.record_count = -1
        expectError(mechanist_compile(model, &options, &exe), MECHANIST_INVALID_ARGUMENT, "record_count", "-1")
        let texts = CStringArray(["response", "response.NOPE"])
        texts.withPointer { texts in
            options.record = texts
            options.record_count = 1
            expectError(mechanist_compile(model, &options, &exe), MECHANIST_INVALID_ARGUMENT,
                        "record response: expected node.PORT, e.g. response.RESULT")
            options.record = texts.map { $0 + 1 }
            expectError(mechanist_compile(model, &options, &exe), MECHANIST_MODEL_ERROR, "NOPE")
        }
        #expect(exe == nil)
        var seconds = 0.0
        expectError(mechanist_compile_seconds(nil, &seconds), MECHANIST_INVALID_ARGUMENT, "executable")
    }

    @Test func aModelThatCannotBeCompiledIsNamedByItsFile() throws {
        // Valid as a file, refused by lowering (which knows the JSON path but not the file).
        let json = """
            {"nodes": [{"name": "a", "type": "ProcessingMechanism", "size": 1}],
             "scheduler": {"termination": {"pass": {"type": "AtPass", "n": 1}}}}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("capi-\(UUID().uuidString).json").path
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var model: OpaquePointer?
        var exe: OpaquePointer?
        expectOK(mechanist_model_load(file, &model))
        expectError(mechanist_compile(model, nil, &exe), MECHANIST_MODEL_ERROR, "pass termination")
        #expect(lastError.hasPrefix(file + ": scheduler.termination.pass"), "\(lastError)")
        mechanist_model_free(model)
        expectOK(mechanist_model_from_json(json, &model))
        expectError(mechanist_compile(model, nil, &exe), MECHANIST_MODEL_ERROR)
        #expect(lastError.hasPrefix("scheduler.termination.pass"), "\(lastError)")
        mechanist_model_free(model)
        #expect(exe == nil)
    }

    @Test func runAndLearnRefuseInputsThatDoNotFit() throws {
        let c = try CExecutable(path: stroop)
        let swift = try compile(try Model.load(path: stroop))
        // Messages are the Swift API's (and the CLI's).
        func swiftMessage(_ inputs: [String: [[[Double]]]], trials: Int? = nil) -> String {
            do { _ = try swift.run(inputs: inputs, trials: trials) } catch { return "\(error)" }
            return "<no error>"
        }
        let unknown = stroopInputs + [("nowhere", [1, 2], 1)]
        #expect(throws: RunError.self) { try c.run(unknown) }
        #expect(lastError == swiftMessage(CLists.nested(unknown)))
        let missing = Array(stroopInputs.prefix(2))
        #expect(throws: RunError.self) { try c.run(missing) }
        #expect(lastError == swiftMessage(CLists.nested(missing)))
        #expect(lastError.contains("task_input"))
        #expect(throws: RunError.self) { try c.run(stroopInputs, trials: -5) }
        #expect(lastError == swiftMessage(CLists.nested(stroopInputs), trials: -5))
        #expect(throws: RunError.self) { try c.run([("color_input", [], 0)] + stroopInputs.dropFirst()) }
        #expect(lastError.contains("no inputs given for INPUT node 'color_input'"))

        let inputs = CLists(stroopInputs)
        var result: OpaquePointer?
        expectError(inputs.call { mechanist_run(nil, 3, $0, $1, $2, -1, &result) }, MECHANIST_INVALID_ARGUMENT,
                    "executable")
        expectError(inputs.call { mechanist_run(c.pointer, 3, $0, $1, $2, -1, nil) }, MECHANIST_INVALID_ARGUMENT, "out")
        expectError(mechanist_run(c.pointer, 3, nil, nil, nil, -1, &result), MECHANIST_INVALID_ARGUMENT, "inputs")
        expectError(inputs.call { mechanist_run(c.pointer, -3, $0, $1, $2, -1, &result) }, MECHANIST_INVALID_ARGUMENT,
                    "inputs_count")
        expectError(inputs.call { mechanist_run(c.pointer, 3, $0, $1, $2, 1 << 40, &result) },
                    MECHANIST_OUT_OF_MEMORY, "would not fit in memory")
        let twice = CLists(stroopInputs + [stroopInputs[0]])
        expectError(twice.call { mechanist_run(c.pointer, 4, $0, $1, $2, -1, &result) }, MECHANIST_INVALID_ARGUMENT,
                    "'color_input' given twice")
        let negative = CLists([("color_input", [1, 0], -1)] + stroopInputs.dropFirst())
        expectError(negative.call { mechanist_run(c.pointer, 3, $0, $1, $2, -1, &result) },
                    MECHANIST_INVALID_ARGUMENT, "entries[0]", "-1")
        #expect(result == nil)

        // Learning: a model without it, then targets that do not fit.
        #expect(throws: RunError.self) { try c.learn(stroopInputs, targets: []) }
        #expect(lastError.contains("no learning pathway"))
        let xor = try CExecutable(path: Repository.example("xor_learning", "model.json"))
        let xorInputs: [(node: String, values: [Double], entries: Int64)] = [("input", [0, 0, 0, 1, 1, 0, 1, 1], 4)]
        #expect(throws: RunError.self) { try xor.learn(xorInputs, targets: [("hidden", [0, 1, 1, 0], 4)]) }
        #expect(lastError.contains("'hidden' is not a learning pathway's target"))
        #expect(throws: RunError.self) { try xor.learn(xorInputs, targets: []) }
        #expect(lastError.contains("no targets given"))
        let targets: [(node: String, values: [Double], entries: Int64)] = [("output", [0, 1, 1, 0], 4)]
        #expect(throws: RunError.self) { try xor.learn(xorInputs, targets: targets, epochs: 1, trials: 1) }
        #expect(lastError.contains("give epochs or trials, not both"))
        let tooMany = CLists(xorInputs)
        let tooManyTargets = CLists(targets)
        var learned: OpaquePointer?
        expectError(tooMany.call { names, values, entries in
            tooManyTargets.call { tNames, tValues, tEntries in
                mechanist_learn(xor.pointer, 1, names, values, entries, 1, tNames, tValues, tEntries, 1 << 40, -1, .nan,
                                &learned)
            }
        }, MECHANIST_OUT_OF_MEMORY, "would not fit in memory")
        #expect(learned == nil)
        #expect(throws: RunError.self) { try xor.learn(xorInputs, targets: targets, learningRate: .infinity) }
        #expect(lastError.contains("learningRate"))
        // A run refuses targets, naming where they belong.
        #expect(throws: RunError.self) { try xor.run(xorInputs + targets) }
        #expect(lastError.contains("give its values under targets"))
    }

    @Test func resultsRefuseIndicesOutOfRange() throws {
        let result = try CExecutable(path: stroop).run(stroopInputs)
        var label: UnsafePointer<CChar>?
        var values: UnsafePointer<Double>?
        var n: Int64 = 0
        expectError(mechanist_result_column_label(result.pointer, 1, &label), MECHANIST_INVALID_ARGUMENT,
                    "index 1 out of range (there are 1)")
        expectError(mechanist_result_column(result.pointer, -1, &values), MECHANIST_INVALID_ARGUMENT, "-1")
        expectError(mechanist_result_column(result.pointer, 0, nil), MECHANIST_INVALID_ARGUMENT, "values")
        expectError(mechanist_result_trials(nil, &n), MECHANIST_INVALID_ARGUMENT, "result")
        // A handle of another kind is refused, not taken for a result.
        let executable = try CExecutable(path: stroop)
        expectError(mechanist_result_trials(executable.pointer, &n), MECHANIST_INVALID_ARGUMENT,
                    "expected a mechanist_result")
        expectError(mechanist_reset(result.pointer), MECHANIST_INVALID_ARGUMENT, "expected a mechanist_executable")
        expectError(mechanist_result_step_port_width(result.pointer, 0, &n), MECHANIST_INVALID_ARGUMENT, "step port")
        expectError(mechanist_result_undecided(result.pointer, 0, nil, nil, nil, nil), MECHANIST_INVALID_ARGUMENT)
        #expect(label == nil && values == nil)
    }

    @Test func valuesRefuseUnknownNamesAndShortBuffers() throws {
        let c = try CExecutable(path: stroop)
        var buffer = [Double](repeating: 0, count: 4)
        var rows: Int64 = 0, columns: Int64 = 0
        expectError(mechanist_weight_get(c.pointer, "word_weight", &buffer, 4), MECHANIST_INPUT_ERROR,
                    "no weight named 'word_weight'")
        expectError(mechanist_weight_get(c.pointer, "word_weights", &buffer, 3), MECHANIST_INVALID_ARGUMENT,
                    "holds 3 doubles, 4 are needed")
        expectError(mechanist_weight_get(c.pointer, "word_weights", nil, 4), MECHANIST_INVALID_ARGUMENT, "NULL")
        expectError(mechanist_weight_set(c.pointer, "word_weights", buffer, 3), MECHANIST_INPUT_ERROR,
                    "expected 2x2 = 4 values, got 3")
        expectError(mechanist_weight_set(c.pointer, "word_weights", nil, 4), MECHANIST_INVALID_ARGUMENT, "NULL")
        expectError(mechanist_weight_shape(c.pointer, nil, &rows, &columns), MECHANIST_INVALID_ARGUMENT, "name")
        var name: UnsafePointer<CChar>?
        expectError(mechanist_weight_name(c.pointer, 99, &name), MECHANIST_INVALID_ARGUMENT, "index 99")

        var value = 0.0
        let swift = try compile(try Model.load(path: stroop))
        expectError(mechanist_parameter_get(c.pointer, "response.function.gian", &value), MECHANIST_PARAMETER_ERROR)
        #expect(throws: ParameterError.self) { _ = try swift.parameter("response.function.gian") }
        do { _ = try swift.parameter("response.function.gian") } catch { #expect(lastError == "\(error)") }
        _ = mechanist_parameter_get(c.pointer, "response.function.gian", &value)
        expectError(mechanist_parameter_set(c.pointer, "response.function.gain", .nan), MECHANIST_PARAMETER_ERROR)
        var specialized = CExecutable.defaults
        specialized.specialize = 1
        let fixed = try CExecutable(path: stroop, options: specialized)
        expectError(mechanist_parameter_set(fixed.pointer, "response.function.gain", 2), MECHANIST_PARAMETER_ERROR,
                    "recompil")
        #expect(fixed.names(mechanist_parameter_count, mechanist_parameter_name).allSatisfy { $0.contains(".matrix[") })

        expectError(mechanist_state_get(c.pointer, "nowhere.value", &buffer, 4), MECHANIST_INPUT_ERROR,
                    "no state named 'nowhere.value'")
        let state = try #require(swift.stateNames.first)
        var size: Int64 = 0
        expectOK(mechanist_state_size(c.pointer, state, &size))
        expectError(mechanist_state_get(c.pointer, state, &buffer, size - 1), MECHANIST_INVALID_ARGUMENT, "buffer holds")
        expectError(mechanist_state_set(c.pointer, state, buffer, size + 1), MECHANIST_INPUT_ERROR, "expected \(size) values")
        expectError(mechanist_reset(nil), MECHANIST_INVALID_ARGUMENT, "executable")
    }

    @Test func snapshotsRefuseTextAndFilesThatDoNotFit() throws {
        let c = try CExecutable(path: stroop)
        expectError(mechanist_restore(c.pointer, "{"), MECHANIST_INPUT_ERROR)
        expectError(mechanist_restore(c.pointer, #"{"weights": 3}"#), MECHANIST_INPUT_ERROR,
                    "\"weights\" must be an object of name: [numbers]")
        expectError(mechanist_restore(c.pointer, #"{"state": {"nowhere.value": [1]}}"#), MECHANIST_INPUT_ERROR,
                    "no state named 'nowhere.value'")
        expectError(mechanist_restore(c.pointer, nil), MECHANIST_INVALID_ARGUMENT, "json")
        expectError(mechanist_load_state(c.pointer, "/nonexistent/state.json"), MECHANIST_INVALID_ARGUMENT,
                    "/nonexistent/state.json: cannot read the file")
        expectError(mechanist_save_state(c.pointer, "/nonexistent/dir/state.json"), MECHANIST_INVALID_ARGUMENT,
                    "cannot write")
        expectError(mechanist_snapshot(c.pointer, nil), MECHANIST_INVALID_ARGUMENT, "json")
        // A weight that is not finite cannot go into JSON.
        let inf = [Double](repeating: .infinity, count: 4)
        expectOK(mechanist_weight_set(c.pointer, "word_weights", inf, 4))
        var text: UnsafeMutablePointer<CChar>?
        expectError(mechanist_snapshot(c.pointer, &text), MECHANIST_INPUT_ERROR, "'word_weights' holds inf")
        #expect(text == nil)
    }

    @Test func errorsMapToTheirStatuses() {
        let divergence = Divergence(trial: 3, location: "out.RESULT", index: 0, interpreted: 1, compiled: 2)
        #expect(classify(divergence, .general) == (MECHANIST_DIVERGENCE, divergence.description))
        struct Other: Error {}
        #expect(classify(Other(), .compile).0 == MECHANIST_COMPILE_ERROR)
        #expect(classify(Other(), .general).0 == MECHANIST_INTERNAL)
        #expect(classify(RunError("x"), .general) == (MECHANIST_INPUT_ERROR, "x"))
        #expect(classify(RunError("x"), .compile) == (MECHANIST_COMPILE_ERROR, "x"))
    }
}
