import Foundation
import MechanistModel
import Testing

/// Each transfer function, lowered and interpreted, against SEMANTICS.md's formula written
/// out in plain Swift (non-default parameters throughout).
@Suite struct TransferFunctionTests {
    static let x: [Double] = [-2.5, -0.3, 0, 0.7, 3.1]

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var function: TransferFunction
        var formula: @Sendable (Double) -> Double
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Linear", function: .linear(slope: 2.5, intercept: -0.75)) { 2.5 * $0 - 0.75 },
        Case(name: "Linear scale offset", function: .linear(slope: 2.5, intercept: -0.75, scale: 2, offset: 1)) {
            2 * (2.5 * $0 - 0.75) + 1
        },
        Case(name: "Logistic", function: .logistic(gain: 1.7, bias: 0.3, x0: -0.2, offset: 0.1, scale: 2)) {
            2 / (1 + exp(-1.7 * ($0 + 0.3 - -0.2))) + 0.1
        },
        Case(name: "Tanh", function: .tanh(gain: 0.8, bias: 0.2, x0: 0.1, offset: 0.05, scale: 1.5)) {
            1.5 * tanh(0.8 * ($0 + 0.2 - 0.1) + 0.05)
        },
        Case(name: "ReLU", function: .relu(gain: 2, bias: 0.5, leak: 0.1)) {
            let y = 2 * ($0 - 0.5)
            return max(y, 0.1 * y)
        },
        Case(name: "ReLU scale offset", function: .relu(gain: 2, bias: 0.5, leak: 0.1, scale: 3, offset: -1)) {
            let y = 2 * ($0 - 0.5)
            return 3 * max(y, 0.1 * y) - 1
        },
        Case(name: "Exponential", function: .exponential(rate: 0.7, bias: -0.2, scale: 1.3, offset: 0.4)) {
            1.3 * exp(0.7 * $0 - 0.2) + 0.4
        },
        Case(name: "Gaussian", function: .gaussian(standardDeviation: 0.8, bias: 0.3, scale: 2, offset: -0.1)) {
            // sqrt(2*pi*sd), not sd*sqrt(2*pi): PsyNeuLink 0.21's normalization.
            2 * exp(-pow($0 - 0.3, 2) / (2 * 0.8 * 0.8)) / sqrt(2 * Double.pi * 0.8) - 0.1
        },
    ]

    @Test(arguments: cases)
    func matchesTheFormula(_ c: Case) throws {
        let model = Model(nodes: [.transfer(name: "t", size: Self.x.count, function: c.function)])
        let out = try run(model, ["t": [Self.x]])[0][0]
        for (value, input) in zip(out, Self.x) {
            let expected = c.formula(input)
            #expect(abs(value - expected) <= 1e-14 * max(1, abs(expected)), "f(\(input)) = \(value), expected \(expected)")
        }
    }

    @Test func defaultFunctionIsIdentityLinear() throws {
        let out = try run(Model(nodes: [.transfer(name: "t", size: 3)]), ["t": [[1.5, -2, 0.25]]])
        #expect(out[0][0] == [1.5, -2, 0.25])
        let processing = try run(Model(nodes: [.processing(name: "p", size: 2)]), ["p": [[3, 4]]])
        #expect(processing[0][0] == [3, 4])
    }

    // MARK: SoftMax

    static func softmax(_ x: [Double], gain: Double) -> [Double] {
        let m = x.map { gain * $0 }.max() ?? 0
        let e = x.map { exp(gain * $0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    @Test func softMaxAll() throws {
        let x: [Double] = [1, 2, 3, 0.5]
        let model = Model(nodes: [.transfer(name: "s", size: 4, function: .softMax(gain: 2))])
        let out = try run(model, ["s": [x]])[0][0]
        let expected = Self.softmax(x, gain: 2)
        for (a, b) in zip(out, expected) { #expect(abs(a - b) <= 1e-15) }
        #expect(abs(out.reduce(0, +) - 1) <= 1e-15)
    }

    @Test func softMaxMaxValAndIndicator() throws {
        let x: [Double] = [0.2, 1.4, -0.5, 0.9]
        let sm = Self.softmax(x, gain: 1.5)
        let maxVal = try run(Model(nodes: [.transfer(name: "s", size: 4, function: .softMax(gain: 1.5, output: .maxVal))]),
                             ["s": [x]])[0][0]
        #expect(maxVal[0] == 0 && maxVal[2] == 0 && maxVal[3] == 0)
        #expect(abs(maxVal[1] - sm[1]) <= 1e-15)
        let indicator = try run(Model(nodes: [.transfer(name: "s", size: 4, function: .softMax(output: .maxIndicator))]),
                                ["s": [x]])[0][0]
        #expect(indicator == [0, 1, 0, 0])
        // PsyNeuLink's OneHot (tie=ALL) marks every element equal to the maximum.
        let tie = try run(Model(nodes: [.transfer(name: "s", size: 3, function: .softMax(output: .maxIndicator))]),
                          ["s": [[1, 3, 3]]])[0][0]
        #expect(tie == [0, 1, 1])
    }

    @Test func softMaxPerItemAppliesToEachInputPort() throws {
        let model = Model(nodes: [.transfer(name: "s", defaultVariable: [[0, 0], [0, 0, 0]], function: .softMax(gain: 0.5))])
        let lowered = try lower(model)
        #expect(lowered.program.outputs.map(\.port) == ["RESULT-0", "RESULT-1"])
        let out = try interpret(lowered, inputs: ["s": [[[1, 2], [3, -1, 0]]]], trials: 1)[0]
        for (a, b) in zip(out[0], Self.softmax([1, 2], gain: 0.5)) { #expect(abs(a - b) <= 1e-15) }
        for (a, b) in zip(out[1], Self.softmax([3, -1, 0], gain: 0.5)) { #expect(abs(a - b) <= 1e-15) }
    }
}
