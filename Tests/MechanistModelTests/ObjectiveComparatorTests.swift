import Foundation
import MechanistModel
import Testing

/// ObjectiveMechanism's LinearCombination and ComparatorMechanism's ports.
@Suite struct ObjectiveComparatorTests {
    static let a: [Double] = [0.5, -1.25, 2]
    static let b: [Double] = [1.5, 0.25, -0.75]

    func twoSources(_ third: Node) -> Model {
        Model(nodes: [.transfer(name: "A", size: 3), .transfer(name: "B", size: 3), third])
    }

    @Test func sumWithMonitorWeightsExponentsScaleAndOffset() throws {
        let objective = Node.objective(name: "obj",
                                       monitor: [MonitorSpec("A", weight: -1.5, exponent: 2), MonitorSpec("B.RESULT", weight: 2)],
                                       function: .linearCombination(scale: 0.5, offset: 0.25))
        let out = try run(twoSources(objective), ["A": [Self.a], "B": [Self.b]])[0]
        #expect(out.count == 1)
        let expected = (0..<3).map { k -> Double in
            let sum = pow(Self.a[k], 2) * -1.5 + Self.b[k] * 2
            return 0.5 * sum + 0.25
        }
        #expect(out[0] == expected)
    }

    @Test func productAndFunctionWeightsPerElement() throws {
        let objective = Node.objective(name: "obj", monitor: ["A", "B"],
                                       function: .linearCombination(operation: .product,
                                                                    weights: .matrix([[1, 2, 3], [-1]]),
                                                                    exponents: [1, 3]))
        let out = try run(twoSources(objective), ["A": [Self.a], "B": [Self.b]])[0][0]
        let w: [Double] = [1, 2, 3]
        let expected = (0..<3).map { k -> Double in (Self.a[k] * w[k]) * (pow(Self.b[k], 3) * -1) }
        #expect(out == expected)
    }

    @Test func monitorVariableReshapesThePortWithAllOnes() throws {
        // A (3 values) into a 2-value port: the default matrix is all ones.
        let objective = Node.objective(name: "obj", monitor: [MonitorSpec("A", variable: [0, 0])])
        let lowered = try lower(Model(nodes: [.transfer(name: "A", size: 3), objective]))
        #expect(lowered.weights.map(\.name) == ["A->obj"])
        #expect(lowered.weights[0].rows == 3 && lowered.weights[0].columns == 2)
        let out = try interpret(lowered, inputs: ["A": [[Self.a]]], trials: 1)[0][0]
        let total = Self.a.reduce(0, +)
        #expect(out == [total, total])
    }

    @Test func monitorMatrixIsAWeightNamedAfterThePort() throws {
        let objective = Node.objective(name: "obj", monitor: [MonitorSpec("A.RESULT", matrix: .explicit([[2, 0], [0, 1], [1, 1]]),
                                                                          variable: [0, 0])])
        let lowered = try lower(Model(nodes: [.transfer(name: "A", size: 3), objective]))
        #expect(lowered.weight(named: "A.RESULT->obj")?.rows == 3)
        let out = try interpret(lowered, inputs: ["A": [[[1, 2, 3]]]], trials: 1)[0][0]
        #expect(out == [2 + 3, 2 + 3])
    }

    @Test func comparatorOutcomeAndStatistics() throws {
        let comparator = Node.comparator(name: "cmp", sample: "A", target: "B.RESULT",
                                         outputPorts: ["OUTCOME", "SUM", "SSE", "MSE"])
        let lowered = try lower(twoSources(comparator))
        #expect(lowered.program.outputs.map(\.label) == ["cmp.OUTCOME", "cmp.SUM", "cmp.SSE", "cmp.MSE"])
        let out = try interpret(lowered, inputs: ["A": [[Self.a]], "B": [[Self.b]]], trials: 1)[0]
        let outcome = zip(Self.b, Self.a).map { $0 - $1 }
        #expect(out[0] == outcome)
        #expect(out[1] == [outcome.reduce(0, +)])
        let sse = outcome.map { $0 * $0 }.reduce(0, +)
        #expect(out[2] == [sse])
        #expect(out[3] == [sse / 3])
        // The comparator reads its ports directly: no weights to set.
        #expect(lowered.weights.isEmpty)
    }

    @Test func comparatorDefaultsToOutcomeOnly() throws {
        let lowered = try lower(twoSources(.comparator(name: "cmp", sample: "A", target: "B")))
        #expect(lowered.program.outputs.map(\.label) == ["cmp.OUTCOME"])
        #expect(lowered.outputNodes == ["cmp"])
    }
}
