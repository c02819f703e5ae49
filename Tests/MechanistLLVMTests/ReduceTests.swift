import Foundation
import MechanistIR
import Testing

/// Inputs that separate the reductions' edge rules: ties, signed zeros, NaN first or later,
/// one element, all -inf.
let reductionData: [[Double]] = [
    [3, 1, 4, 1, 5, 9, 2, 6],
    [5, 9, 9, 2],
    [0.0, -0.0],
    [-0.0, 0.0],
    [1, .nan, 3, .nan],
    [.nan, 2],
    [7],
    [-.infinity, -.infinity],
    (0..<41).map { sin(Double($0) * 0.7) * 10 },
]

/// The documented meaning of each reduction, written directly.
func expectedReduction(_ r: Reduction, _ xs: [Double]) -> Double {
    switch r {
    case .sum: return xs.reduce(0.0) { $0 + $1 }
    case .product: return xs.reduce(1.0) { $0 * $1 }
    case .max:
        if xs.contains(where: \.isNaN) { return .nan }
        // The first of equal maxima (the +0 of [+0, -0], the -0 of [-0, +0]).
        return xs.dropFirst().reduce(xs[0]) { m, x in x > m ? x : m }
    case .min:
        if xs.contains(where: \.isNaN) { return .nan }
        return xs.dropFirst().reduce(xs[0]) { m, x in x < m ? x : m }
    case .argmax:
        if let firstNaN = xs.firstIndex(where: \.isNaN) { return Double(firstNaN) }
        let largest = xs.dropFirst().reduce(xs[0]) { m, x in x > m ? x : m }
        return Double(xs.firstIndex(of: largest) ?? -1)
    case .maxVsNext:
        if xs.count < 2 { return 0 }
        if xs.contains(where: \.isNaN) { return .nan }
        let sorted = xs.sorted(by: >)
        return sorted[0] - sorted[1]
    }
}

@Suite struct ReduceTests {
    @Test(arguments: Reduction.allCases, reductionData)
    func reduction(_ r: Reduction, _ xs: [Double]) throws {
        var b = ProgramBuilder(name: "reduce_\(r)")
        let x = b.input(node: "x", port: "in", count: xs.count)
        let y = b.buffer("y", .temp, .scalar)
        b.emit(.reduce(dst: y, r, .element(x), count: xs.count))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [xs])
        #expect(optimized.bits == interpreted.bits, "\(r) of \(xs)")
        #expect(unoptimized.bits == interpreted.bits, "\(r) of \(xs)")
        #expect(sameNumbers(optimized.outputs, [expectedReduction(r, xs)]), "\(r) of \(xs): \(optimized.outputs)")
    }

    @Test func reductionOverAnExpression() throws {
        // A dot product: sum of x[i] * w[i], accumulated in index order.
        var b = ProgramBuilder(name: "dot")
        let x = b.input(node: "x", port: "in", count: 9)
        let w = b.buffer("w", .weight, .vector(9), initial: (0..<9).map { 1 / Double($0 + 1) })
        let y = b.buffer("y", .temp, .scalar)
        b.emit(.reduce(dst: y, .sum, .element(x) * .element(w), count: 9))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let xs = (0..<9).map { Double($0) * 0.3 - 1 }
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [xs])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let expected = (0..<9).reduce(0.0) { s, i in s + xs[i] * (1 / Double(i + 1)) }
        #expect(bits(optimized.outputs) == bits([expected]))
    }
}

/// (rows, columns): scalars, odd sizes that leave vector remainders, single rows and columns.
let matrixShapes = [(1, 1), (3, 5), (7, 13), (16, 4), (1, 9), (9, 1)]

@Suite struct MatrixTests {
    func values(_ n: Int, _ seed: Double) -> [Double] { (0..<n).map { sin(Double($0) * seed + 0.3) * 2 } }

    @Test(arguments: matrixShapes)
    func vecMat(_ rows: Int, _ columns: Int) throws {
        var b = ProgramBuilder(name: "vecmat")
        let v = b.input(node: "v", port: "in", count: rows)
        let m = b.buffer("m", .weight, .matrix(rows: rows, columns: columns), initial: values(rows * columns, 1.3))
        let y = b.buffer("y", .temp, .vector(columns))
        b.emit(.vecMat(dst: y, vector: v, matrix: m, rows: rows, columns: columns))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let vs = values(rows, 0.77)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [vs])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let ms = values(rows * columns, 1.3)
        let expected = (0..<columns).map { j in (0..<rows).reduce(0.0) { s, i in s + vs[i] * ms[i * columns + j] } }
        #expect(bits(optimized.outputs) == bits(expected))
    }

    @Test func sumsStartFromPositiveZeroWhateverDstHeld() throws {
        // dst holds stale values; each sum starts from +0.0 all the same: products of -0.0
        // sum to +0.0, and no rows (vecMat) or no columns (matVec) leave +0.0.
        var b = ProgramBuilder(name: "zeros")
        let v = b.input(node: "v", port: "in", count: 2)
        let m = b.buffer("m", .weight, .matrix(rows: 2, columns: 3), initial: [-0.0, 0, 1, -0.0, 0, 1])
        let none = b.buffer("none", .weight, .matrix(rows: 0, columns: 3))
        let d = b.buffer("d", .state, .vector(3), initial: [5, 5, 5])
        let e = b.buffer("e", .state, .vector(3), initial: [7, 7, 7])
        let f = b.buffer("f", .state, .vector(3), initial: [9, 9, 9])
        let nothing = Slice(v.buffer, count: 0)
        b.emit(.vecMat(dst: d, vector: v, matrix: m, rows: 2, columns: 3))
        b.emit(.vecMat(dst: e, vector: nothing, matrix: none, rows: 0, columns: 3))
        b.emit(.matVec(dst: f, matrix: none, vector: nothing, rows: 3, columns: 0))
        b.record(node: "d", port: "out", d)
        b.finish(.trial)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [[1, 1]])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        #expect(bits(optimized.state) == bits([0, 0, 2, 0, 0, 0, 0, 0, 0]))
        #expect(bits(optimized.outputs) == bits([0, 0, 2]))
    }

    @Test(arguments: matrixShapes)
    func matVec(_ rows: Int, _ columns: Int) throws {
        var b = ProgramBuilder(name: "matvec")
        let v = b.input(node: "v", port: "in", count: columns)
        let m = b.buffer("m", .weight, .matrix(rows: rows, columns: columns), initial: values(rows * columns, 0.9))
        let y = b.buffer("y", .temp, .vector(rows))
        b.emit(.matVec(dst: y, matrix: m, vector: v, rows: rows, columns: columns))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        let vs = values(columns, 2.1)
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: [vs])
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let ms = values(rows * columns, 0.9)
        let expected = (0..<rows).map { i in (0..<columns).reduce(0.0) { s, j in s + ms[i * columns + j] * vs[j] } }
        #expect(bits(optimized.outputs) == bits(expected))
    }
}
