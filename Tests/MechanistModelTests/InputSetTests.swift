import MechanistModel
import Testing

/// Inputs files: decoding every entry form, and validation against a model with errors that
/// name the file, node, trial and field.
@Suite struct InputSetTests {
    static let model = Model(nodes: [.transfer(name: "a", size: 3), .transfer(name: "two", defaultVariable: [[0], [0, 0]]),
                                     .transfer(name: "h", size: 2)],
                             projections: [Projection("a", "h", matrix: .fullConnectivity)])

    @Test func decodesEveryEntryForm() throws {
        let set = try InputSet.decode(json: #"""
            {"inputs": {"a": [[1, 2, 3], [[4, 5, 6]]], "two": [[[1], [2, 3]], [7, [8, 9]]], "one": [0.5]},
             "targets": {"h": [[1, 0]]}}
            """#, path: "in.json")
        #expect(set.inputs["a"] == [[[1, 2, 3]], [[4, 5, 6]]])
        #expect(set.inputs["two"] == [[[1], [2, 3]], [[7], [8, 9]]])
        #expect(set.inputs["one"] == [[[0.5]]])
        #expect(set.targets["h"] == [[[1, 0]]])
        #expect(set.inputOrder == ["a", "two", "one"])
        #expect(set.trialCount == 2)
        #expect(set.path == "in.json")
    }

    @Test func validInputsPass() throws {
        let set = try InputSet.decode(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[[1], [2, 3]]]}}"#)
        try set.validate(against: Self.model)
        let reference = try InputSet.load(path: Fixtures.path("m7_objective", "inputs.json"))
        #expect(reference.trialCount == 100)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var json: String
        var kind: ModelError.Kind
        var description: String
        var testDescription: String { description }
    }

    static let cases: [Case] = [
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[[1], [2, 3]]], "b": [[1]]}}"#, kind: .unknownReference,
             description: #"in.json: inputs.b: unknown node "b" (INPUT nodes: a, two)"#),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[[1], [2, 3]]], "h": [[1, 2]]}}"#, kind: .invalidValue,
             description: #"in.json: inputs.h: "h" is not an INPUT node (it receives projections from "a") (INPUT nodes: a, two)"#),
        Case(json: #"{"inputs": {"a": [[1, 2, 3], [1, 2]], "two": [[[1], [2, 3]]]}}"#, kind: .shapeMismatch,
             description: "in.json: inputs.a[1]: expected 3 values, got 2 (an entry is [x, x, x]: the node has one input port of 3 values)"),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[[1], [2]]]}}"#, kind: .shapeMismatch,
             description: "in.json: inputs.two[0][1]: expected 2 values, got 1 (an entry is [[x], [x, x]]: the node has 2 input ports of 1, 2 values)"),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[1, 2, 3]]}}"#, kind: .shapeMismatch,
             description: "in.json: inputs.two[0]: the node has 2 input ports but the entry has 1 (give [[x], [x, x]], one vector per input port)"),
        // One trial's vector written without the list of trials around it: each number reads
        // as a trial, so the error shows the shape meant, not "expected 3 values, got 1".
        Case(json: #"{"inputs": {"a": [1, 0, 0], "two": [[[1], [2, 3]]]}}"#, kind: .shapeMismatch,
             description: "in.json: inputs.a: expected a list with one entry per trial, each entry one vector per input "
                + "port: [[x, x, x]] for one trial; got 3 entries of one value each: [1, 0, 0] "
                + "(a list of numbers reads as one trial per number; the node has one input port of 3 values)"),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [1, 2.5]}}"#, kind: .shapeMismatch,
             description: "in.json: inputs.two: expected a list with one entry per trial, each entry one vector per input "
                + "port: [[[x], [x, x]]] for one trial; got 2 entries of one value each: [1, 2.5] "
                + "(a list of numbers reads as one trial per number; the node has 2 input ports of 1, 2 values)"),
        Case(json: #"{"inputs": {"a": [[1, 2, "NaN"]], "two": [[[1], [2, 3]]]}}"#, kind: .wrongType,
             description: #"in.json: inputs.a[0][2]: expected a number, got "NaN""#),
        Case(json: #"{"inputs": {"a": [], "two": [[[1], [2, 3]]]}}"#, kind: .invalidValue,
             description: "in.json: inputs.a: expected a non-empty list with one entry per trial"),
        Case(json: #"{"inputs": {"a": [[]], "two": [[[1], [2, 3]]]}}"#, kind: .invalidValue,
             description: "in.json: inputs.a[0]: expected a vector or a list of vectors, got an empty list"),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]]}}"#, kind: .missingField,
             description: #"in.json: inputs: no inputs for INPUT node "two""#),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]], "two": [[[1], [2, 3]]]}, "targets": {"h": [[1, 0]]}}"#, kind: .invalidValue,
             description: "in.json: targets.h: the model has no learning pathway, so it takes no targets"),
        Case(json: #"{"inputs": {"a": [true]}}"#, kind: .wrongType,
             description: "in.json: inputs.a[0]: expected a number, a vector or a list of vectors, got true"),
        Case(json: #"{"input": {}}"#, kind: .unknownField,
             description: #"in.json: input: unknown field "input" in an inputs file (did you mean "inputs"? allowed: inputs, targets)"#),
        Case(json: #"{"inputs": {"a": [[1, 2, 3]],}}"#, kind: .malformedJSON,
             description: "in.json:1:30: malformed JSON: trailing comma before '}'"),
    ]

    @Test(arguments: cases)
    func errorsNameFileNodeTrialAndField(_ c: Case) throws {
        let error = try #require(modelError {
            let set = try InputSet.decode(json: c.json, path: "in.json")
            try set.validate(against: Self.model)
        })
        #expect(error.kind == c.kind)
        #expect(error.description == c.description)
    }

    @Test func targetsAreCheckedAgainstLearningPathways() throws {
        var model = Self.model
        model.learning = [LearningPathway(pathway: ["a", "h"])]
        let ok = InputSet(inputs: ["a": [[[1, 2, 3]]], "two": [[[1], [2, 3]]]], targets: ["h_target": [[[1, 0]]]])
        try ok.validate(against: model)
        let bad = InputSet(inputs: ok.inputs, targets: ["a": [[[1]]]], path: "t.json")
        let error = modelError { try bad.validate(against: model) }
        #expect(error?.description == #"t.json: targets.a: no learning pathway ends in (or names its target) "a" (targets are keyed by: h)"#)
        let short = InputSet(inputs: ok.inputs, targets: ["h": [[[1]]]])
        #expect(modelError { try short.validate(against: model) }?.path == "targets.h[0]")
        let nan = InputSet(inputs: ["a": [[[1, .nan, 3]]], "two": [[[1], [2, 3]]]])
        #expect(modelError { try nan.validate(against: model) }?.description == "inputs.a[0]: nan is not a finite number")
    }
}
