import MechanistModel
import Testing

/// LinearCombination and Reduce as PsyNeuLink 0.21's tests/functions/test_combination.py
/// exercises them: scale and offset as vectors, weights and exponents broadcast from one
/// entry, Reduce over several input ports. Expected values are PsyNeuLink's (small integers
/// and halves, so exact).
@Suite struct CombinationFunctionTests {
    static let ports: [[Double]] = [[1, 2, 3, 4], [5, 6, 7, 8], [-1, 0, 1, 2]]

    /// A ProcessingMechanism with three 4-element input ports and `function` (JSON), run once
    /// on `ports`: its output ports.
    static func combine(_ function: String) throws -> [[Double]] {
        let json = #"{"nodes": [{"name": "p", "type": "ProcessingMechanism", "#
            + #""default_variable": [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], "function": "# + function + "}]}"
        let model = try Model.decode(json: json, path: "model.json")
        return try interpret(try lower(model), inputs: ["p": [Self.ports]], trials: 1)[0]
    }

    @Test func vectorScaleWithBroadcastWeightAndExponent() throws {
        // ProcessingMechanism(function=LinearCombination(weights=[2], exponents=[2.0],
        //     scale=[1, 2.5, 0, -0.5], offset=1.5)).execute(ports) -> [[55.5, 201.5, 1.5, -82.5]]
        let out = try Self.combine(#"{"type": "LinearCombination", "weights": [2], "exponents": [2.0], "#
            + #""scale": [1, 2.5, 0, -0.5], "offset": 1.5}"#)
        #expect(out == [[55.5, 201.5, 1.5, -82.5]])
    }

    @Test func vectorOffsetWithProduct() throws {
        // PRODUCT: [-5, 0, 21, 64] * 2.5 + [1, 2.5, 0, -1]
        let out = try Self.combine(#"{"type": "LinearCombination", "operation": "PRODUCT", "scale": 2.5, "#
            + #""offset": [1, 2.5, 0, -1]}"#)
        #expect(out == [[-11.5, 2.5, 52.5, 159]])
    }

    @Test func oneRowOfWeightsAppliesToEveryPort() throws {
        // LinearCombination(weights=[[1, 2, 3, 4]]): numpy broadcasts the row over the ports.
        #expect(try Self.combine(#"{"type": "LinearCombination", "weights": [[1, 2, 3, 4]]}"#) == [[5, 16, 33, 56]])
    }

    @Test func perPortWeightsAndExponentsAsBefore() throws {
        let out = try Self.combine(#"{"type": "LinearCombination", "weights": [[2], [1], [-1]], "#
            + #""exponents": [[1], [2], [1]]}"#)
        #expect(out == [[28, 40, 54, 70]])
    }

    @Test func oneElementScaleIsANumber() throws {
        // PsyNeuLink turns scale=[4.] into 4 (`scale.item()`).
        #expect(try Self.combine(#"{"type": "LinearCombination", "scale": [4]}"#) == [[20, 32, 44, 56]])
    }

    @Test func reduceGivesOneNumberPerInputPort() throws {
        // ProcessingMechanism(function=Reduce(SUM), default_variable=[[0,0,0]]*3)
        //     .execute([[1,2,3],[4,5,6],[7,8,9]]) -> [[6, 15, 24]]: one output port of 3.
        let node = Node.processing(name: "r", defaultVariable: [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
                                   function: .reduce(operation: .sum))
        let lowered = try lower(Model(nodes: [node]))
        let out = try interpret(lowered, inputs: ["r": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], trials: 1)[0]
        #expect(out == [[6, 15, 24]])
        let product = Node.processing(name: "r", defaultVariable: [[0, 0], [0, 0]],
                                      function: .reduce(operation: .product, scale: 2, offset: -1))
        let two = try interpret(try lower(Model(nodes: [product])), inputs: ["r": [[[2, 3], [-1, 4]]]], trials: 1)[0]
        #expect(two == [[11, -9]])
    }

    static let errors: [DecodingErrorTests.Case] = [
        .init(json: oneNode(#""size": 4, "function": {"type": "LinearCombination", "scale": [1, 2, 3]}"#,
                            type: "ProcessingMechanism"),
              kind: .shapeMismatch, path: "nodes[0].function.scale",
              mentions: ["3 values for a result of 4", "give a number or one value per element"]),
        .init(json: oneNode(#""size": 2, "function": {"type": "LinearCombination", "offset": [[1, 2]]}"#,
                            type: "ProcessingMechanism"),
              kind: .invalidValue, path: "nodes[0].function.offset",
              mentions: ["expected a number or one value per element, got a nested list"]),
        .init(json: oneNode(#""default_variable": [[0], [0], [0]], "function": {"type": "LinearCombination", "#
                            + #""weights": [1, 2]}"#, type: "ProcessingMechanism"),
              kind: .shapeMismatch, path: "nodes[0].function.weights",
              mentions: ["2 values for 3 input ports (one per port, or one for all)"]),
        .init(json: oneNode(#""default_variable": [[0], [0], [0]], "function": {"type": "LinearCombination", "#
                            + #""exponents": [[1], [2]]}"#, type: "ProcessingMechanism"),
              kind: .shapeMismatch, path: "nodes[0].function.exponents",
              mentions: ["2 rows for 3 input ports (one per port, or one for all)"]),
        .init(json: oneNode(#""size": 3, "has_recurrent_input_port": true, "combination_function": "#
                            + #"{"type": "LinearCombination", "scale": [1, 2]}"#, type: "RecurrentTransferMechanism"),
              kind: .shapeMismatch, path: "nodes[0].combination_function.scale", mentions: ["2 values for a result of 3"]),
        .init(json: oneNode(#""size": 3, "function": {"type": "Linear", "scale": [1, 2, 3]}"#),
              kind: .wrongType, path: "nodes[0].function.scale", mentions: ["expected a number, got a list"]),
    ]

    @Test(arguments: errors)
    func rejectsCoefficientsThatDoNotFit(_ c: DecodingErrorTests.Case) throws {
        let error = try #require(decodeError(c.json), "accepted: \(c.json)")
        #expect(error.kind == c.kind, "\(error)")
        #expect(error.path == c.path, "\(error)")
        for text in c.mentions { #expect(error.description.contains(text), "\(error) lacks \(text)") }
    }

    @Test func swiftBuiltVectorScaleIsCheckedToo() throws {
        let node = Node.processing(name: "p", size: 2, function: .linearCombination(scale: [1, .nan]))
        let error = modelError { try Model(nodes: [node]).validate() }
        #expect(error?.description == "nodes[0].function.scale: nan is not a finite number")
    }
}
