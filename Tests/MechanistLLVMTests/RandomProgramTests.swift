import MechanistIR
import Testing

/// SplitMix64: a tiny deterministic generator so every run builds the same programs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random expression trees over every Expr, UnaryOp, BinaryOp and Comparison case.
struct ExprGenerator {
    var rng: SplitMix64
    let elements: [Slice]
    let scalars: [Slice]

    mutating func expr(depth: Int) -> Expr {
        let leaf = depth == 0 || Int.random(in: 0..<4, using: &rng) == 0
        if leaf {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return .constant([0.0, -0.0, 1, -2.5, 0.5, 3, 1e-3].randomElement(using: &rng) ?? 1)
            case 1: return .index
            case 2: return .scalar(scalars.randomElement(using: &rng) ?? scalars[0])
            default: return .element(elements.randomElement(using: &rng) ?? elements[0])
            }
        }
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return .unary(UnaryOp.allCases.randomElement(using: &rng) ?? .negate, expr(depth: depth - 1))
        case 1:
            return .binary(BinaryOp.allCases.randomElement(using: &rng) ?? .add,
                           expr(depth: depth - 1), expr(depth: depth - 1))
        default:
            return .select(Comparison.allCases.randomElement(using: &rng) ?? .less,
                           expr(depth: depth - 1), expr(depth: depth - 1),
                           then: expr(depth: depth - 1), else: expr(depth: depth - 1))
        }
    }
}

@Suite struct RandomProgramTests {
    /// Random elementwise trees and reductions of them, interpreted and compiled: bitwise equal.
    @Test(arguments: 0..<24)
    func randomProgram(_ seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &* 0x1234_5678_9ABC_DEF1 &+ 17)
        let n = Int.random(in: 1...19, using: &rng)
        var b = ProgramBuilder(name: "random_\(seed)")
        let x = b.input(node: "x", port: "in", count: n)
        let w = b.buffer("w", .weight, .vector(n), initial: (0..<n).map { _ in Double.random(in: -3...3, using: &rng) })
        let s = b.buffer("s", .state, .vector(n), initial: (0..<n).map { _ in Double.random(in: -1...1, using: &rng) })
        let k = b.buffer("k", .parameter, .scalar, initial: [Double.random(in: 0...2, using: &rng)])
        let y = b.buffer("y", .temp, .vector(n))
        let r = b.buffer("r", .temp, .scalar)
        var generator = ExprGenerator(rng: rng, elements: [x, w, s], scalars: [k, x.element(0)])
        b.assign(y, generator.expr(depth: 4))
        b.emit(.reduce(dst: r, Reduction.allCases[seed % Reduction.allCases.count], generator.expr(depth: 3), count: n))
        b.assign(s, .element(s) + .element(y) * .constant(0.125))
        b.record(node: "y", port: "out", y)
        b.record(node: "r", port: "out", r)
        b.finish(.trial)
        var rows: [[Double]] = []
        for _ in 0..<3 {
            rows.append((0..<n).map { _ in
                Int.random(in: 0..<8, using: &generator.rng) == 0
                    ? (edgeValues.randomElement(using: &generator.rng) ?? 0)
                    : Double.random(in: -4...4, using: &generator.rng)
            })
        }
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: rows, trials: 4)
        #expect(optimized.bits == interpreted.bits, "\(b.program[.trial])")
        #expect(unoptimized.bits == interpreted.bits, "\(b.program[.trial])")
    }
}
