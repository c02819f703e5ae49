import Foundation
import MechanistIR
import Testing

/// Values chosen to reach the edges: signed zeros, infinities, NaN, tiny and huge.
let edgeValues: [Double] = [-2.5, -1, -0.0, 0.0, 0.5, 1, 3.75, 100, -.infinity, .infinity, .nan, 1e-300, 710, 2]

/// `y = f(x)` over an input vector, recorded as `y.out`.
func elementwiseProgram(_ name: String, inputs: Int = 1, count: Int,
                        _ expr: ([Slice]) -> Expr) -> Program {
    var b = ProgramBuilder(name: name)
    let xs = (0..<inputs).map { b.input(node: "x\($0)", port: "in", count: count) }
    let y = b.buffer("y", .temp, .vector(count))
    b.assign(y, expr(xs))
    b.record(node: "y", port: "out", y)
    b.finish(.trial)
    return b.program
}

@Suite struct ElementwiseTests {
    @Test(arguments: UnaryOp.allCases)
    func unary(_ op: UnaryOp) throws {
        let program = elementwiseProgram("unary_\(op)", count: edgeValues.count) { .unary(op, .element($0[0])) }
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(inputs: [edgeValues])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let f: (Double) -> Double
        switch op {
        case .negate: f = { -$0 }
        case .abs: f = { Foundation.fabs($0) }
        case .exp: f = { Foundation.exp($0) }
        case .log: f = { Foundation.log($0) }
        case .tanh: f = { Foundation.tanh($0) }
        case .sqrt: f = { Foundation.sqrt($0) }
        case .cos: f = { Foundation.cos($0) }
        case .floor: f = { Foundation.floor($0) }
        }
        #expect(sameNumbers(optimized.outputs, edgeValues.map(f)))
    }

    @Test(arguments: BinaryOp.allCases)
    func binary(_ op: BinaryOp) throws {
        // Every pair of edge values.
        let a = edgeValues.flatMap { x in edgeValues.map { _ in x } }
        let b = edgeValues.flatMap { _ in edgeValues }
        let program = elementwiseProgram("binary_\(op)", inputs: 2, count: a.count) {
            .binary(op, .element($0[0]), .element($0[1]))
        }
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(inputs: [a + b])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let f: (Double, Double) -> Double
        switch op {
        case .add: f = { $0 + $1 }
        case .subtract: f = { $0 - $1 }
        case .multiply: f = { $0 * $1 }
        case .divide: f = { $0 / $1 }
        case .pow: f = { Foundation.pow($0, $1) }
        case .max: f = { x, y in (x > y || x.isNaN) ? x : y }
        case .min: f = { x, y in (x < y || x.isNaN) ? x : y }
        }
        #expect(sameNumbers(optimized.outputs, zip(a, b).map(f)))
    }

    @Test func maxAndMinTellSignedZerosApart() throws {
        // By the documented definition max(+0, -0) = -0 and max(-0, +0) = +0 (and min alike).
        var b = ProgramBuilder(name: "zeros")
        let x = b.input(node: "x", port: "in", count: 2)
        let z = b.input(node: "z", port: "in", count: 2)
        let high = b.buffer("high", .temp, .vector(2))
        let low = b.buffer("low", .temp, .vector(2))
        b.assign(high, .binary(.max, .element(x), .element(z)))
        b.assign(low, .binary(.min, .element(x), .element(z)))
        b.record(node: "high", port: "out", high)
        b.record(node: "low", port: "out", low)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [[0.0, -0.0, -0.0, 0.0]])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(bits(optimized.outputs) == bits([-0.0, 0.0, -0.0, 0.0]))
    }

    @Test(arguments: Comparison.allCases)
    func comparison(_ c: Comparison) throws {
        let a = edgeValues.flatMap { x in edgeValues.map { _ in x } }
        let b = edgeValues.flatMap { _ in edgeValues }
        let program = elementwiseProgram("compare_\(c)", inputs: 2, count: a.count) {
            .select(c, .element($0[0]), .element($0[1]), then: .element($0[0]), else: .constant(-7))
        }
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(inputs: [a + b])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let holds: (Double, Double) -> Bool
        switch c {
        case .less: holds = { $0 < $1 }
        case .lessEqual: holds = { $0 <= $1 }
        case .greater: holds = { $0 > $1 }
        case .greaterEqual: holds = { $0 >= $1 }
        case .equal: holds = { $0 == $1 }
        case .notEqual: holds = { $0 != $1 }
        }
        #expect(sameNumbers(optimized.outputs, zip(a, b).map { holds($0, $1) ? $0 : -7 }))
    }

    @Test func leaves() throws {
        // constant, element, scalar and index in one tree.
        var b = ProgramBuilder(name: "leaves")
        let x = b.input(node: "x", port: "in", count: 5)
        let s = b.buffer("s", .parameter, .scalar, initial: [1.5])
        let y = b.buffer("y", .temp, .vector(5))
        b.assign(y, .element(x) * .scalar(s) + .index - .constant(0.25))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let xs = [1.0, -2, 3.5, 0.1, 1e10]
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [xs])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(bits(optimized.outputs) == bits(xs.enumerated().map { i, x in x * 1.5 + Double(i) - 0.25 }))
    }

    @Test func selectWithLibraryCallsTakesOnlyTheChosenArm() throws {
        // Arms that call libm are emitted as a branch, not a select; same numbers.
        let program = elementwiseProgram("branchy", count: edgeValues.count) {
            .select(.greater, .element($0[0]), .constant(0),
                    then: .unary(.log, .element($0[0])), else: .unary(.exp, .element($0[0])))
        }
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(inputs: [edgeValues])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(sameNumbers(optimized.outputs, edgeValues.map { $0 > 0 ? Foundation.log($0) : Foundation.exp($0) }))
    }

    @Test func fusedLogistic() throws {
        // logistic(gain * (x + bias)) as one tree, over a vector long enough to vectorize.
        var b = ProgramBuilder(name: "logistic")
        let x = b.input(node: "x", port: "in", count: 37)
        let gain = b.buffer("gain", .parameter, .scalar, initial: [1.7])
        let bias = b.buffer("bias", .weight, .vector(37), initial: (0..<37).map { Double($0) / 10 - 1.8 })
        let y = b.buffer("y", .temp, .vector(37))
        b.assign(y, .constant(1) / (.constant(1) + .unary(.exp, -(.scalar(gain) * (.element(x) + .element(bias))))))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let xs = (0..<37).map { sin(Double($0)) * 3 }
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [xs])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let expected = (0..<37).map { i in 1 / (1 + Foundation.exp(-(1.7 * (xs[i] + (Double(i) / 10 - 1.8))))) }
        #expect(bits(optimized.outputs) == bits(expected))
    }

    @Test func destinationReadAtTheSameIndex() throws {
        // A leaky integrator in state: s[i] = s[i] * 0.5 + x[i], persisting across trials.
        var b = ProgramBuilder(name: "integrator")
        let x = b.input(node: "x", port: "in", count: 3)
        let s = b.buffer("s", .state, .vector(3), initial: [1, 2, 3])
        b.assign(s, .element(s) * .constant(0.5) + .element(x))
        b.record(node: "s", port: "value", s)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [[1, 0, -1]], trials: 3)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        var expected: [Double] = []
        var value = [1.0, 2, 3]
        for _ in 0..<3 {
            value = zip(value, [1.0, 0, -1]).map { $0 * 0.5 + $1 }
            expected += value
        }
        #expect(optimized.outputs == expected)
        #expect(optimized.state == value)
    }

    @Test func nanFromConstantsIsNaNButMayDifferInSign() throws {
        // The one known difference from the interpreter: LLVM folds NaN-producing operations
        // on constants (0/0, inf*0, here after unrolling the index loop) to the IEEE default
        // NaN 0x7FF8..., where x86 arithmetic at run time gives 0xFFF8.... Both are NaN.
        var b = ProgramBuilder(name: "folded_nan")
        let y = b.buffer("y", .temp, .vector(4))
        b.assign(y, .index / .index)
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll()
        #expect(sameNumbers(optimized.outputs, interpreted.outputs))
        #expect(sameNumbers(unoptimized.outputs, interpreted.outputs))
        #expect(optimized.outputs[0].isNaN && Array(optimized.outputs[1...]) == [1, 1, 1])
    }
}
