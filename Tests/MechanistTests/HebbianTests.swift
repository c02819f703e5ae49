import Foundation
import Mechanist
import Testing

/// Hebbian learning of a RecurrentTransferMechanism with `enable_learning` (issue 8): its
/// AutoAssociativeLearningMechanism `<rtm>_learning` computes LEARNING_SIGNAL from the trial's
/// output and adds it to the recurrent matrix (m6_hebbian checks PsyNeuLink's numbers).
struct HebbianTests {
    /// A 3-unit Linear RTM with a zero matrix: the first trial's output is the input itself.
    static func model(learningRate: String?, enabled: Bool = true) throws -> Model {
        let rate = learningRate.map { #", "learning_rate": \#($0)"# } ?? ""
        let json = #"""
        {"format": 1, "name": "hebb", "nodes": [{"name": "rec", "type": "RecurrentTransferMechanism", "size": 3,
         "function": {"type": "Linear"}, "auto": 0, "hetero": 0, "enable_learning": true,
         "learning_enabled": \#(enabled)\#(rate)}]}
        """#
        return try Model.decode(json: json, path: "model.json")
    }

    static let a = [1.0, 2.0, 3.0]

    /// The expected matrix: `change(i, j)` off the diagonal, 0 on it.
    static func hollow(_ change: (Int, Int) -> Double) -> [[Double]] {
        var m: [[Double]] = []
        for i in 0..<3 {
            var row: [Double] = []
            for j in 0..<3 { row.append(i == j ? 0 : change(i, j)) }
            m.append(row)
        }
        return m
    }

    /// Scalar rate: `(a_j * a_i) * lr`.
    static func scalarChange(_ lr: Double) -> [[Double]] {
        hollow { i, j in
            let product: Double = a[j] * a[i]
            return product * lr
        }
    }
    static let signal = [PortReference(node: "rec_learning", port: "LEARNING_SIGNAL")]

    static func learnOnce(_ model: Model, mode: ExecutionMode, learningRate: Double? = nil)
        throws -> (RunResult, [[Double]]) {
        let exe = try compile(model, options: CompileOptions(mode: mode, record: signal))
        let result = try exe.learn(inputs: ["rec": [[a]]], targets: [:], trials: 1, learningRate: learningRate)
        return (result, try exe.weight("rec"))
    }

    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func vectorRateScalesTheColumnUnit(mode: ExecutionMode) throws {
        let lr = [0.1, 0.2, 0.3]
        let (result, w) = try Self.learnOnce(try Self.model(learningRate: "[0.1, 0.2, 0.3]"), mode: mode)
        // PsyNeuLink's Hebbian: dW_ij = (a_j * lr_j) * a_i, zero diagonal; not symmetric.
        let a = Self.a
        let expected = Self.hollow { i, j in
            let scaled: Double = a[j] * lr[j]
            return scaled * a[i]
        }
        #expect(w == expected)
        #expect(w[0][1] != w[1][0])
        let flat: [Double] = expected.flatMap { $0 }
        #expect(result.nodes["rec_learning"]?["LEARNING_SIGNAL"] == [flat])
    }

    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func scalarRateDefaultsAndCanBeOverridden(mode: ExecutionMode) throws {
        let byDefault = try Self.learnOnce(try Self.model(learningRate: nil), mode: mode).1
        #expect(byDefault == Self.scalarChange(0.05))
        let overridden = try Self.learnOnce(try Self.model(learningRate: "0.5"), mode: mode, learningRate: 0.25).1
        #expect(overridden == Self.scalarChange(0.25))
    }

    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func matrixRateIsElementwise(mode: ExecutionMode) throws {
        let lr = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
        let (_, w) = try Self.learnOnce(try Self.model(learningRate: "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"), mode: mode)
        let a = Self.a
        let expected = Self.hollow { i, j in
            let product: Double = a[j] * a[i]
            return product * lr[i][j]
        }
        #expect(w == expected)
    }

    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func learningEnabledFalseComputesTheSignalButKeepsTheMatrix(mode: ExecutionMode) throws {
        let (result, w) = try Self.learnOnce(try Self.model(learningRate: "0.1", enabled: false), mode: mode)
        #expect(w == [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
        let expected: [Double] = Self.scalarChange(0.1).flatMap { $0 }
        #expect(result.nodes["rec_learning"]?["LEARNING_SIGNAL"] == [expected])
    }

    @Test func aRunDoesNotLearn() throws {
        let exe = try compile(try Self.model(learningRate: "0.1"), options: CompileOptions(mode: .interpreted))
        _ = try exe.run(inputs: ["rec": [[Self.a]]])
        #expect(try exe.weight("rec") == [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    }
}
