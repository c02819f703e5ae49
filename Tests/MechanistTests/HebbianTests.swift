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

    /// Products of these round differently in different orders, so a test tells
    /// `(a_j * lr) * a_i` from `(a_j * a_i) * lr` (`orderMatters` checks it does).
    static let a = [0.1, 0.7, 0.3]

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

    /// Scalar rate, as PsyNeuLink's Composition computes it (the rate reaches the Hebbian
    /// function as a 1-d array): `(a_j * lr) * a_i`.
    static func scalarChange(_ lr: Double) -> [[Double]] {
        hollow { i, j in
            let scaled: Double = a[j] * lr
            return scaled * a[i]
        }
    }

    /// The same change with the rate applied last, `(a_j * a_i) * lr`.
    static func rateLastChange(_ lr: Double) -> [[Double]] {
        hollow { i, j in
            let product: Double = a[j] * a[i]
            return product * lr
        }
    }

    @Test func orderMatters() {
        #expect(Self.scalarChange(0.1) != Self.rateLastChange(0.1))
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

    /// PsyNeuLink 0.21 (checked on RTMs and LCAs): `learn(learning_rate=)` replaces a rate the
    /// mechanism was given, never the default 0.05.
    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func scalarRateDefaultsAndAGivenRateCanBeOverridden(mode: ExecutionMode) throws {
        let byDefault = try Self.learnOnce(try Self.model(learningRate: nil), mode: mode).1
        #expect(byDefault == Self.scalarChange(0.05))
        let defaultKept = try Self.learnOnce(try Self.model(learningRate: nil), mode: mode, learningRate: 0.25).1
        #expect(defaultKept == Self.scalarChange(0.05))
        let overridden = try Self.learnOnce(try Self.model(learningRate: "0.5"), mode: mode, learningRate: 0.25).1
        #expect(overridden == Self.scalarChange(0.25))
    }

    /// The learn call's rate fills every element of a rate per unit or per weight; the
    /// formula stays the one of the rate's shape.
    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func vectorAndMatrixRatesAreOverriddenElementwise(mode: ExecutionMode) throws {
        let vector = try Self.learnOnce(try Self.model(learningRate: "[0.1, 0.2, 0.3]"), mode: mode, learningRate: 0.25)
        #expect(vector.1 == Self.scalarChange(0.25))
        let matrix = try Self.learnOnce(try Self.model(learningRate: "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"), mode: mode,
                                        learningRate: 0.25)
        #expect(matrix.1 == Self.rateLastChange(0.25))
        // The rates are restored after the learn.
        let exe = try compile(try Self.model(learningRate: "[0.1, 0.2, 0.3]"), options: CompileOptions(mode: mode))
        _ = try exe.learn(inputs: ["rec": [[Self.a]]], targets: [:], trials: 1, learningRate: 0.25)
        #expect(try exe.weight("rec_learning.learning_rate") == [[0.1, 0.2, 0.3]])
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

    /// h1 (an LCA running to its threshold) and h3 (beside a backpropagation pathway) learn
    /// PsyNeuLink's matrices to the last bit: the change's rounding order, `(a_j * lr) * a_i`,
    /// and when it is applied are PsyNeuLink's. (h2's matrices differ in the last bit: numpy
    /// sums its 4-wide `y @ W` in another order; LearnConformanceTests compares it to 1e-12.)
    @Test(arguments: ["h1_lca_threshold_learning", "h3_hebbian_with_backprop"])
    func hebbianMatricesEqualPsyNeuLinkBitwise(fixture: String) throws {
        let expected = try LearnConformanceTests.ExpectedLearn(path: Fixtures.path(fixture, "expected.json"))
        let inputs = try InputSet.load(path: Fixtures.path(fixture, "inputs.json"))
        for mode in [ExecutionMode.interpreted, .compiled] {
            let exe = try compile(try Model.load(path: Fixtures.path(fixture, "model.json")),
                                  options: CompileOptions(mode: mode))
            _ = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, epochs: expected.epochs)
            for (name, matrix) in expected.weights {
                let ours = try exe.weight(name)
                #expect(ours == matrix, "\(fixture) \(name) \(mode): \(ours) vs \(matrix)")
            }
        }
    }

    /// LEARNED_ENERGY is ENERGY (`-v . (Mh @ v) / 2`) with the matrix as learned so far;
    /// ENERGY keeps the matrix the mechanism was built with (PsyNeuLink 0.21).
    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func learnedEnergyUsesTheLearnedMatrix(mode: ExecutionMode) throws {
        let json = #"""
        {"format": 1, "name": "energy", "nodes": [{"name": "rec", "type": "RecurrentTransferMechanism", "size": 3,
         "function": {"type": "Linear"}, "auto": 0, "hetero": 0.2, "enable_learning": true, "learning_rate": 0.1,
         "output_ports": ["RESULT", "ENERGY", "LEARNED_ENERGY"]}]}
        """#
        let record = [PortReference(node: "rec_learning", port: "LEARNING_SIGNAL")]
        let exe = try compile(try Model.decode(json: json, path: "model.json"),
                              options: CompileOptions(mode: mode, record: record))
        let result = try exe.learn(inputs: ["rec": [[Self.a]]], targets: [:], trials: 2)
        /// Stability's energy, summed in index order as both executors do.
        func energy(_ m: [Double], _ v: [Double]) -> Double {
            var total = 0.0
            for i in 0..<3 {
                var u = 0.0
                for j in 0..<3 { u += (i == j ? 0 : m[i * 3 + j]) * v[j] }
                total += v[i] * u
            }
            return -total / 2
        }
        let built = [0, 0.2, 0.2, 0.2, 0, 0.2, 0.2, 0.2, 0]
        let signal = try #require(result.nodes["rec_learning"]?["LEARNING_SIGNAL"]?.first)
        let learned = zip(built, signal).map { $0 + $1 }
        let v0 = result.results[0][0], v1 = result.results[1][0]
        #expect(result.results[0][1] == [energy(built, v0)])
        #expect(result.results[0][2] == [energy(built, v0)])
        #expect(result.results[1][1] == [energy(built, v1)])
        #expect(result.results[1][2] == [energy(learned, v1)])
        #expect(result.results[1][1] != result.results[1][2])
    }

    /// PsyNeuLink's tests/mechanisms/test_recurrent_transfer_mechanism.py,
    /// test_recurrent_mech_with_learning: two learns with learning disabled (Mechanist: runs),
    /// then two with it. Its numbers are given to 8 digits and checked with numpy's
    /// assert_allclose (rtol 1e-7), so they are compared to 1e-7 relative here too.
    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func psyNeuLinkRecurrentMechWithLearning(mode: ExecutionMode) throws {
        let json = #"""
        {"format": 1, "name": "pnl", "nodes": [{"name": "R", "type": "RecurrentTransferMechanism", "size": 4,
         "function": {"type": "Linear"}, "enable_learning": true,
         "matrix": [[0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1]]}]}
        """#
        let exe = try compile(try Model.decode(json: json, path: "model.json"), options: CompileOptions(mode: mode))
        let input: [String: [[[Double]]]] = ["R": [[[1, 1, 0, 0]]]]
        let ran = try exe.run(inputs: input, trials: 2)
        #expect(close(ran.results[1][0], [1.2, 1.2, 0.2, 0.2]))
        let first = try exe.learn(inputs: input, targets: [:], trials: 1)
        #expect(close(first.results[0][0], [1.28, 1.28, 0.28, 0.28]))
        #expect(close(try exe.weight("R").flatMap { $0 }, [
            0.1, 0.18192000000000003, 0.11792000000000001, 0.11792000000000001,
            0.18192000000000003, 0.1, 0.11792000000000001, 0.11792000000000001,
            0.11792000000000001, 0.11792000000000001, 0.1, 0.10392000000000001,
            0.11792000000000001, 0.11792000000000001, 0.10392000000000001, 0.1]))
        let second = try exe.learn(inputs: input, targets: [:], trials: 1)
        #expect(close(second.results[0][0], [1.4268928, 1.4268928, 0.3589728, 0.3589728]))
        #expect(close(try exe.weight("R").flatMap { $0 }, [
            0.1, 0.28372115, 0.14353079, 0.14353079, 0.28372115, 0.1, 0.14353079, 0.14353079,
            0.14353079, 0.14353079, 0.1, 0.11036307, 0.14353079, 0.14353079, 0.11036307, 0.1]))
    }

    /// test_learning_of_orthognal_inputs: 4 trials of one pattern, the output set to 0, then 4
    /// trials of the orthogonal one; each pattern's units end linked by 0.23700501.
    @Test(arguments: [ExecutionMode.interpreted, .compiled])
    func psyNeuLinkLearningOfOrthogonalInputs(mode: ExecutionMode) throws {
        let json = #"""
        {"format": 1, "name": "pnl", "nodes": [{"name": "R", "type": "RecurrentTransferMechanism", "size": 4,
         "function": {"type": "Linear"}, "enable_learning": true, "auto": 0,
         "hetero": [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]}]}
        """#
        let exe = try compile(try Model.decode(json: json, path: "model.json"), options: CompileOptions(mode: mode))
        let w = 0.23700501
        let first = try exe.learn(inputs: ["R": [[[1, 0, 1, 0]]]], targets: [:], trials: 4)
        #expect(close(try exe.weight("R").flatMap { $0 }, [0, 0, w, 0, 0, 0, 0, 0, w, 0, 0, 0, 0, 0, 0, 0]))
        #expect(close(first.results[3][0], [1.18518086, 0, 1.18518086, 0]))
        try exe.setState("R.value", [0, 0, 0, 0])
        let second = try exe.learn(inputs: ["R": [[[0, 1, 0, 1]]]], targets: [:], trials: 4)
        #expect(close(try exe.weight("R").flatMap { $0 }, [0, 0, w, 0, 0, 0, 0, w, w, 0, 0, 0, 0, w, 0, 0]))
        #expect(close(second.results[3][0], [0, 1.18518086, 0, 1.18518086]))
    }

    /// numpy's assert_allclose with rtol 1e-7 (atol 0), as PsyNeuLink's tests compare.
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-7 * abs($1) }
    }

    @Test func aRunDoesNotLearn() throws {
        let exe = try compile(try Self.model(learningRate: "0.1"), options: CompileOptions(mode: .interpreted))
        _ = try exe.run(inputs: ["rec": [[Self.a]]])
        #expect(try exe.weight("rec") == [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    }
}
