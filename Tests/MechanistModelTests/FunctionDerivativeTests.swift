import Foundation
import MechanistIR
@testable import MechanistModel
import Testing

/// Each function's derivative (and SoftMax's backward step) against central finite
/// differences of the function's own expression, both evaluated by the interpreter; and
/// PsyNeuLink 0.21's deliberate departures from the true derivative, pinned.
///
/// Tolerance: a central difference with step h has truncation error about h^2 * |f'''| / 6
/// and rounding error about eps * |f| / h; h = 1e-5 * max(1, |x|) keeps both near 1e-10 for
/// these smooth functions of moderate size, so a relative error of 1e-6 (with an absolute
/// floor of 1e-8 where the derivative is near 0) separates a right formula from a wrong one
/// (a wrong factor or sign is off by far more) without flaking.
@Suite struct FunctionDerivativeTests {
    /// A FunctionEmitter around a bare builder.
    struct Emitter: FunctionEmitter {
        var builder = ProgramBuilder(name: "derivative")
        var names: Set<String> = []

        mutating func uniqueName(_ base: String) -> String {
            var name = base
            var n = 2
            while names.contains(name) {
                name = "\(base)#\(n)"
                n += 1
            }
            names.insert(name)
            return name
        }
    }

    /// `expression(x)` at each of `xs`, by the interpreter.
    static func evaluate(_ xs: [Double], _ expression: (Expr) -> Expr) throws -> [Double] {
        var b = ProgramBuilder(name: "evaluate")
        let x = b.buffer("x", .parameter, .vector(xs.count), initial: xs)
        let y = b.buffer("y", .state, .vector(xs.count))
        b.assign(y, expression(.element(x)))
        b.finish(.trial)
        b.record(node: "y", port: "RESULT", y)
        return try interpretOnce(b.program)[0]
    }

    static let xs: [Double] = [-2.3, -0.7, -0.05, 0.3, 1.1, 2.6]

    static func step(_ x: Double) -> Double { 1e-5 * max(1, abs(x)) }

    static func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
        #expect(a.count == b.count)
        for (u, v) in zip(a, b) {
            #expect(abs(u - v) <= 1e-6 * max(abs(u), abs(v)) + 1e-8, "\(what): \(u) vs \(v)")
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var function: any ElementwiseFunction & Sendable
        var testDescription: String { name }
    }

    /// Parameters where each derivative is the true one (see the PsyNeuLink cases below for
    /// the others): Logistic with scale 1 and offset 0; ReLU with offset 0, positive gain and
    /// scale, and no input at its kink (bias 0.2).
    static let cases: [Case] = [
        Case(name: "Linear", function: Linear(slope: 2.5, intercept: -0.75, scale: 1.5, offset: 0.3)),
        Case(name: "Logistic", function: Logistic(gain: 1.7, bias: 0.3, x0: -0.2)),
        Case(name: "Tanh", function: Tanh(gain: 0.8, bias: 0.2, x0: 0.1, offset: 0.05, scale: 1.5)),
        Case(name: "ReLU", function: ReLU(gain: 2, bias: 0.2, leak: 0.1, scale: 3)),
        Case(name: "Exponential", function: Exponential(rate: 0.7, bias: -0.2, scale: 1.3, offset: 0.4)),
        Case(name: "Gaussian", function: Gaussian(standardDeviation: 0.8, bias: 0.3, scale: 2, offset: -0.1)),
    ]

    @Test(arguments: cases)
    func derivativeMatchesFiniteDifferences(_ c: Case) throws {
        let f = c.function
        let derivative = try Self.evaluate(Self.xs) { x in f.derivative(input: x, output: f.expression(x)) }
        let above = try Self.evaluate(Self.xs.map { $0 + Self.step($0) }) { f.expression($0) }
        let below = try Self.evaluate(Self.xs.map { $0 - Self.step($0) }) { f.expression($0) }
        let differences = Self.xs.indices.map { (above[$0] - below[$0]) / (2 * Self.step(Self.xs[$0])) }
        Self.expectClose(derivative, differences, c.name)
    }

    // MARK: PsyNeuLink 0.21's own derivatives where they are not the true ones

    @Test func logisticReadsTheOutputAsPsyNeuLinkDoes() throws {
        // Logistic.derivative: gain * scale * output * (1 - output), offset and scale left in y.
        let f = Logistic(gain: 2, bias: 0.1, offset: 0.3, scale: 1.5)
        let y = try Self.evaluate(Self.xs) { f.expression($0) }
        let d = try Self.evaluate(Self.xs) { f.derivative(input: $0, output: f.expression($0)) }
        #expect(d == y.map { 2 * 1.5 * $0 * (1 - $0) })
        // PsyNeuLink's own numbers: Logistic(gain=2, scale=1.5, offset=0.3).derivative(output=[0.2, 0.7, 0.1]).
        let fromOutput = try Self.evaluate([0.2, 0.7, 0.1]) { f.derivative(input: .constant(0), output: $0) }
        Self.expectClose(fromOutput, [0.48, 0.63, 0.27], "PsyNeuLink 0.21")
    }

    @Test func reluInfersTheInputFromTheOutput() throws {
        // ReLU.derivative(output=y): where(y / gain > 0, scale * gain, scale * gain * leak).
        // PsyNeuLink's numbers for ReLU(gain=2, bias=0.5, leak=0.1, scale=3), y = [-1, 0, 2]:
        let f = ReLU(gain: 2, bias: 0.5, leak: 0.1, scale: 3)
        let d = try Self.evaluate([-1, 0, 2]) { f.derivative(input: .constant(0), output: $0) }
        #expect(d == [0.6000000000000001, 0.6000000000000001, 6])
        // With a negative gain the inferred input has the wrong sign: PsyNeuLink's derivative
        // is then scale * gain * leak where the true one is scale * gain (kept as PsyNeuLink).
        let negative = ReLU(gain: -2, leak: 0.1)
        let atOne = try Self.evaluate([-1]) { negative.derivative(input: $0, output: negative.expression($0)) }
        #expect(atOne == [-2 * 0.1])
    }

    // MARK: SoftMax

    /// softmax over `x` by SoftMax's own ops.
    static func softmax(_ softMax: SoftMax, _ x: [Double]) throws -> [Double] {
        var e = Emitter()
        let input = e.builder.buffer("x", .parameter, .vector(x.count), initial: x)
        let y = e.builder.buffer("y", .state, .vector(x.count))
        softMax.emitRow(input, into: y, gain: .constant(softMax.gain), prefix: "softmax", in: &e)
        e.builder.finish(.trial)
        e.builder.record(node: "y", port: "RESULT", y)
        return try interpretOnce(e.builder.program)[0]
    }

    /// SoftMax's backward step for output `y` and error `error` (and input `x`, unused).
    static func backward(_ softMax: SoftMax, x: [Double], y: [Double], error: [Double]) throws -> [Double] {
        var e = Emitter()
        let input = e.builder.buffer("x", .parameter, .vector(x.count), initial: x)
        let output = e.builder.buffer("y", .parameter, .vector(y.count), initial: y)
        let err = e.builder.buffer("e", .parameter, .vector(error.count), initial: error)
        let delta = e.builder.buffer("delta", .state, .vector(y.count))
        #expect(softMax.emitBackward(input: input, output: output, error: err, into: delta, node: "d", prefix: "d", in: &e))
        e.builder.finish(.trial)
        e.builder.record(node: "delta", port: "RESULT", delta)
        return try interpretOnce(e.builder.program)[0]
    }

    static let logits: [Double] = [0.4, -1.2, 2.1, 0.3]
    static let error: [Double] = [0.5, -0.25, 1.5, -2]

    @Test func softMaxAllIsTheTransposedJacobianTimesTheError() throws {
        // Gain 1, where PsyNeuLink's Jacobian (without gain) is the true one: delta = J^T e is
        // the gradient of sum_j e_j * softmax(x)_j, checked by central differences.
        let f = SoftMax()
        let y = try Self.softmax(f, Self.logits)
        let delta = try Self.backward(f, x: Self.logits, y: y, error: Self.error)
        var differences: [Double] = []
        for i in Self.logits.indices {
            let h = Self.step(Self.logits[i])
            var up = Self.logits, down = Self.logits
            up[i] += h
            down[i] -= h
            let above = zip(try Self.softmax(f, up), Self.error).map(*).reduce(0, +)
            let below = zip(try Self.softmax(f, down), Self.error).map(*).reduce(0, +)
            differences.append((above - below) / (2 * h))
        }
        Self.expectClose(delta, differences, "SoftMax ALL")
    }

    @Test func softMaxLeavesGainOutOfItsJacobianAsPsyNeuLinkDoes() throws {
        // SoftMax(gain=1.5).derivative(output=[0.2, 0.7, 0.1]) in PsyNeuLink 0.21:
        // [[0.16, -0.14, -0.02], [-0.14, 0.21, -0.07], [-0.02, -0.07, 0.09]]; error @ J:
        let jacobian: [[Double]] = [[0.16, -0.14, -0.02], [-0.14, 0.21, -0.07], [-0.02, -0.07, 0.09]]
        let e: [Double] = [1, -2, 0.5]
        let expected = (0..<3).map { i in (0..<3).map { j in e[j] * jacobian[j][i] }.reduce(0, +) }
        let delta = try Self.backward(SoftMax(gain: 1.5), x: [0, 0, 0], y: [0.2, 0.7, 0.1], error: e)
        Self.expectClose(delta, expected, "SoftMax ALL, gain 1.5")
    }

    @Test func softMaxMaxValUsesTheRowOfTheFirstMaximum() throws {
        // SoftMax.derivative for MAX_VAL / MAX_INDICATOR: d_i = y_i * (delta_ik - y_k), k the
        // first index of max(y); BackPropagation multiplies it by the error elementwise.
        // PsyNeuLink 0.21 (python -O) for output [0, 0.7, 0]: [-0, 0.21, -0].
        let e: [Double] = [2, -3, 0.5]
        let masked = try Self.backward(SoftMax(output: .maxVal), x: [0, 0, 0], y: [0, 0.7, 0], error: e)
        Self.expectClose(masked, [0, -3 * 0.7 * 0.3, 0], "MAX_VAL")
        // A tie: the first maximum's row ([0.24, -0.16, -0.08] in PsyNeuLink for [0.4, 0.4, 0.2]).
        let tie = try Self.backward(SoftMax(output: .maxVal), x: [0, 0, 0], y: [0.4, 0.4, 0.2], error: e)
        Self.expectClose(tie, [2 * 0.24, -3 * -0.16, 0.5 * -0.08], "MAX_VAL tie")
        // MAX_INDICATOR reports 1 at the maximum: its row is 1 * (1 - 1) there and 0 elsewhere.
        let indicator = try Self.backward(SoftMax(output: .maxIndicator), x: [0, 0, 0], y: [0, 1, 0], error: e)
        #expect(indicator.allSatisfy { $0 == 0 })
    }

    @Test func combinationFunctionsHaveNoBackwardStepYet() throws {
        var e = Emitter()
        let s = e.builder.buffer("s", .state, .vector(2))
        #expect(!LinearCombination().emitBackward(input: s, output: s, error: s, into: s, node: "lc", prefix: "lc", in: &e))
        #expect(!Reduce().emitBackward(input: s, output: s, error: s, into: s, node: "r", prefix: "r", in: &e))
        e.builder.finish(.trial)
        #expect(e.builder.program[.trial].isEmpty)
    }
}
