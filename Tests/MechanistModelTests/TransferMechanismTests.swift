import Foundation
import MechanistModel
import Testing

/// TransferMechanism and ProcessingMechanism lowering: integrator, noise, clip, several
/// input ports, combination functions and computed output ports.
@Suite struct TransferMechanismTests {
    static func logistic(_ v: Double) -> Double { 1 / (1 + exp(-v)) }

    @Test func integratorModeStepsFromInitialValueAcrossTrials() throws {
        let node = Node.transfer(name: "t", size: 2, function: .logistic(), integratorMode: true, integrationRate: 0.3,
                                 initialValue: [0.5, -1], noise: 0.01)
        let inputs: [[Double]] = [[1, 2], [-0.5, 0.25], [3, 0]]
        let out = try run(Model(nodes: [node]), ["t": inputs], trials: 5)
        var v: [Double] = [0.5, -1]
        for t in 0..<5 {
            let x = inputs[t % 3]
            v = (0..<2).map { (1 - 0.3) * v[$0] + 0.3 * x[$0] + 0.01 }
            for (a, b) in zip(out[t][0], v.map(Self.logistic)) { #expect(abs(a - b) <= 1e-15, "trial \(t)") }
        }
    }

    @Test func integratorDefaultsAndPerElementRates() throws {
        // Default rate 0.5 from 0.
        let plain = try run(Model(nodes: [.transfer(name: "t", size: 1, integratorMode: true)]), ["t": [[1]]], trials: 3)
        #expect(plain.map { $0[0][0] } == [0.5, 0.75, 0.875])
        let node = Node.transfer(name: "t", size: 2, integratorMode: true, integrationRate: [0.2, 0.9])
        let out = try run(Model(nodes: [node]), ["t": [[10, 10]]], trials: 2)
        #expect(abs(out[0][0][0] - 2) <= 1e-15 && abs(out[0][0][1] - 9) <= 1e-15)
        #expect(abs(out[1][0][0] - (0.8 * 2 + 2)) <= 1e-15 && abs(out[1][0][1] - (0.1 * 9 + 9)) <= 1e-14)
    }

    @Test func noiseWithoutIntegratorIsAddedBeforeTheFunction() throws {
        let node = Node.transfer(name: "t", size: 2, function: .exponential(), noise: [0.1, -0.2])
        let out = try run(Model(nodes: [node]), ["t": [[1, 2]]])[0][0]
        #expect(out == [exp(1 + 0.1), exp(2 + -0.2)])
    }

    @Test func clipClampsTheFinalValue() throws {
        let node = Node.transfer(name: "t", size: 4, function: .linear(slope: 3), clip: Clip(-1, 2))
        let out = try run(Model(nodes: [node]), ["t": [[-5, 0.1, 0.5, 1]]])[0][0]
        #expect(out == [-1, 3 * 0.1, 1.5, 2])
    }

    @Test func severalInputPortsGiveOneResultPortEach() throws {
        let a = Node.transfer(name: "a", defaultVariable: [[0, 0], [0, 0, 0]], function: .linear(slope: 2))
        let b = Node.transfer(name: "b", defaultVariable: [[0], [0, 0, 0]])
        let model = Model(nodes: [a, b], projections: [Projection("a.RESULT-1", "b.InputPort-1", matrix: .identity),
                                                        Projection("a.RESULT-0", "b", matrix: .explicit([[1], [10]]))])
        let lowered = try lower(model)
        #expect(lowered.inputs.map(\.node) == ["a"])
        #expect(lowered.inputs[0].ports.map(\.port) == ["InputPort-0", "InputPort-1"])
        #expect(lowered.inputs[0].ports.map(\.size) == [2, 3])
        #expect(lowered.program.outputs.map(\.label) == ["b.RESULT-0", "b.RESULT-1"])
        let out = try interpret(lowered, inputs: ["a": [[[1, 2], [3, 4, 5]]]], trials: 1)[0]
        #expect(out[0] == [2 * 1 + 10 * 4])
        #expect(out[1] == [6, 8, 10])
    }

    @Test func processingMechanismReportsItsFirstRow() throws {
        let node = Node.processing(name: "p", defaultVariable: [[0, 0], [0]], function: .linear(intercept: 1))
        let lowered = try lower(Model(nodes: [node]))
        #expect(lowered.program.outputs.map(\.label) == ["p.RESULT"])
        let out = try interpret(lowered, inputs: ["p": [[[1, 2], [7]]]], trials: 1)[0]
        #expect(out == [[2, 3]])
    }

    @Test func inputPortWithoutProjectionsHoldsItsDefaultVariable() throws {
        let model = Model(nodes: [.transfer(name: "a", size: 2),
                                  .transfer(name: "b", defaultVariable: [[0, 0], [5, 6]])],
                          projections: [Projection("a", "b")])
        let out = try run(model, ["a": [[1, 2]]])[0]
        #expect(out == [[1, 2], [5, 6]])
    }

    @Test func linearCombinationFunctionCombinesInputPorts() throws {
        let node = Node.transfer(name: "t", defaultVariable: [[0, 0, 0], [0, 0, 0]],
                                 function: .linearCombination(operation: .product, weights: [2, -1], exponents: [1, 2],
                                                              scale: 0.5, offset: 1))
        let lowered = try lower(Model(nodes: [node]))
        let x0: [Double] = [1, 2, 3], x1: [Double] = [0.5, -1, 2]
        let out = try interpret(lowered, inputs: ["t": [[x0, x1]]], trials: 1)[0]
        #expect(out.count == 1)
        let expected: [Double] = (0..<3).map { (k: Int) -> Double in
            let product: Double = (x0[k] * 2) * (pow(x1[k], 2) * -1)
            return 0.5 * product + 1
        }
        #expect(out[0] == expected)
    }

    @Test func reduceCombinesEachRowToOneNumber() throws {
        let node = Node.transfer(name: "t", size: 3,
                                 function: .reduce(operation: .sum, weights: [1, 2, 3], exponents: 2, scale: 2, offset: 1))
        let out = try run(Model(nodes: [node]), ["t": [[1, -2, 0.5]]])[0][0]
        let sum: Double = 1 * 1 + 4 * 2 + 0.25 * 3
        #expect(out == [2 * sum + 1])
        let product = Node.transfer(name: "t", size: 3, function: .reduce(operation: .product))
        #expect(try run(Model(nodes: [product]), ["t": [[2, -3, 0.5]]])[0][0] == [-3])
    }

    @Test func meanVarianceAndStandardDeviationPorts() throws {
        let node = Node.transfer(name: "t", size: 4, outputPorts: ["RESULT", "MEAN", "VARIANCE", "STANDARD_DEVIATION"])
        let x: [Double] = [1, 2, 4, 9]
        let out = try run(Model(nodes: [node]), ["t": [x]])[0]
        let mean = x.reduce(0, +) / 4
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        #expect(out == [x, [mean], [variance], [variance.squareRoot()]])
    }

    @Test func valueAndIntegratorLiveInStateBuffers() throws {
        let lowered = try lower(Model(nodes: [.transfer(name: "t", size: 2, integratorMode: true,
                                                        outputPorts: ["RESULT", "MEAN"])]))
        let names = lowered.states[0].buffers.map { lowered.program[$0].name }
        #expect(names == ["t.integrator", "t.value", "t.MEAN"])
        #expect(lowered.states[0].buffers.allSatisfy { lowered.program[$0].role == .state })
    }
}
