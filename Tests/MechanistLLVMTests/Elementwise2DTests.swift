import Foundation
import MechanistIR
import MechanistPasses
import Testing

/// `elementwise2D`: interpreter == compiled (O2 and unoptimized) bitwise, and both equal the
/// documented meaning `dst[i * columns + j] = expr(i, j)` written directly.
@Suite struct Elementwise2DTests {
    func values(_ n: Int, _ seed: Double) -> [Double] { (0..<n).map { sin(Double($0) * seed + 0.3) * 2 } }

    /// The learning rule it exists for: `W[i][j] = W[i][j] + rate * a[i] * delta[j]`, with the
    /// weights persisting across trials (and so across the trial loop's iterations).
    @Test(arguments: matrixShapes)
    func weightUpdate(_ rows: Int, _ columns: Int) throws {
        var b = ProgramBuilder(name: "update")
        let a = b.input(node: "a", port: "in", count: rows)
        let delta = b.input(node: "delta", port: "in", count: columns)
        let rate = b.buffer("rate", .parameter, .scalar, initial: [0.125])
        let w = b.buffer("w", .weight, .matrix(rows: rows, columns: columns), initial: values(rows * columns, 1.1))
        b.emit(.elementwise2D(dst: w, rows: rows, columns: columns,
                              .element(w) + .scalar(rate) * .row(a) * .column(delta)))
        b.record(node: "w", port: "out", w)
        b.finish(.trial)
        let rowsOfInputs = [values(rows, 0.7) + values(columns, 1.9), values(rows, 2.3) + values(columns, 0.4)]
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: rowsOfInputs, trials: 3)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        var expected = values(rows * columns, 1.1)
        var recorded: [Double] = []
        for t in 0..<3 {
            let row = rowsOfInputs[t % 2]
            for i in 0..<rows {
                for j in 0..<columns {
                    expected[i * columns + j] = expected[i * columns + j] + 0.125 * row[i] * row[rows + j]
                }
            }
            recorded += expected
        }
        #expect(bits(optimized.params) == bits([0.125] + expected))
        #expect(bits(optimized.outputs) == bits(recorded))
    }

    /// Every kind of leaf at once, slices at offsets inside larger buffers, a destination
    /// that is itself a slice, and a select whose arm calls the C library (a branch, not a
    /// select instruction, in compiled code).
    @Test(arguments: [(2, 3), (5, 7), (9, 10)])
    func everyLeafAtOffsets(_ rows: Int, _ columns: Int) throws {
        let n = rows * columns
        var b = ProgramBuilder(name: "leaves")
        let x = b.input(node: "x", port: "in", count: rows + columns + 2)
        let m = b.buffer("m", .weight, .vector(n + 3), initial: values(n + 3, 0.37))
        let out = b.buffer("out", .state, .vector(n + 2), initial: Array(repeating: 9, count: n + 2))
        let dst = Slice(out.buffer, offset: 1, count: n)
        let row = Slice(x.buffer, offset: 1, count: rows)
        let column = Slice(x.buffer, offset: rows + 1, count: columns)
        let e: Expr = .select(.less, .row(row), .column(column),
                              then: .unary(.exp, .element(Slice(m.buffer, offset: 3, count: n)) - .index),
                              else: .element(dst) * .scalar(x.element(0)) + .index / .constant(7))
        b.emit(.elementwise2D(dst: dst, rows: rows, columns: columns, e))
        b.record(node: "out", port: "value", out)
        b.finish(.trial)
        let input = values(rows + columns + 2, 1.7)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [input], trials: 2)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        var expected = Array(repeating: 9.0, count: n + 2)
        let ms = values(n + 3, 0.37)
        for _ in 0..<2 {
            for i in 0..<rows {
                for j in 0..<columns {
                    let k = i * columns + j
                    expected[1 + k] = input[1 + i] < input[rows + 1 + j]
                        ? exp(ms[3 + k] - Double(k))
                        : expected[1 + k] * input[0] + Double(k) / 7
                }
            }
        }
        #expect(bits(optimized.state) == bits(expected))
    }

    /// Through the standard pipeline: the rate folds to a constant, the error signal stays a
    /// temp read as a column (fusion leaves 2-D ops alone), memory is planned.
    @Test func throughThePipeline() throws {
        var b = ProgramBuilder(name: "learn")
        let a = b.input(node: "a", port: "in", count: 3)
        let target = b.input(node: "target", port: "in", count: 2)
        let rate = b.buffer("rate", .parameter, .scalar, initial: [0.5])
        let w = b.buffer("w", .weight, .matrix(rows: 3, columns: 2), initial: values(6, 0.8))
        let y = b.buffer("y", .temp, .vector(2))
        let error = b.buffer("error", .temp, .vector(2))
        b.emit(.vecMat(dst: y, vector: a, matrix: w, rows: 3, columns: 2))
        b.assign(error, .element(target) - .element(y))
        b.emit(.elementwise2D(dst: w, rows: 3, columns: 2, .element(w) + .scalar(rate) * .row(a) * .column(error)))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let program = try Pipeline.standard.run(b.program)
        guard case .elementwise2D(_, _, _, let e)? = program[.trial].last else {
            Issue.record("the update is gone: \(program)")
            return
        }
        #expect(e == .element(w) + .constant(0.5) * .row(a) * .column(error))
        let inputs = [[1, 0.5, -1, 0.25, 0.75], [0, 1, 2, -0.5, 1]]
        let (interpreted, optimized, unoptimized) = try Harness(program).runAll(inputs: inputs, trials: 4)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let (reference, _, _) = try Harness(b.program).runAll(inputs: inputs, trials: 4)
        #expect(bits(reference.params) == bits(interpreted.params))
        #expect(bits(reference.outputs) == bits(interpreted.outputs))
    }
}
