import MechanistIR
import MechanistLLVM
import Testing

/// Cutting a per-trial body into parts compiled on threads of their own (`CompileParallelism`).
@Suite struct BodyPartsTests {
    /// A body of `sizes.count` ops: a matrix product for each size > 1, else an elementwise op.
    static func body(_ sizes: [Int]) -> (Program, [Op]) {
        var b = ProgramBuilder(name: "parts")
        let x = b.buffer("x", .state, .vector(64), initial: Array(repeating: 0.5, count: 64))
        for (k, size) in sizes.enumerated() {
            let y = b.buffer("y\(k)", .state, .vector(max(size, 1)), initial: Array(repeating: 0, count: max(size, 1)))
            if size > 1 {
                let w = b.buffer("w\(k)", .weight, .matrix(rows: 64, columns: size),
                                 initial: Array(repeating: 0.25, count: 64 * size))
                b.emit(.vecMat(dst: y, vector: x, matrix: w, rows: 64, columns: size))
            } else {
                b.assign(y, .binary(.add, .element(y), .constant(1)))
            }
        }
        b.finish(.trial)
        return (b.program, b.program[.trial])
    }

    @Test("parts are consecutive, non-empty, in order, and as many as asked", arguments: [1, 2, 3, 4, 7])
    func partsCoverTheBody(_ count: Int) {
        let (_, ops) = Self.body([8, 1, 1, 16, 1, 32, 1])
        let parts = BodyParts.split(ops, into: count)
        #expect(parts.count == count)
        #expect(parts.allSatisfy { !$0.isEmpty })
        #expect(parts.flatMap { $0 } == ops)
    }

    @Test("two parts of equal cost when the body allows it")
    func balanced() {
        // Costs 4, 4, 4, 4 (matrix products): two and two.
        let (_, ops) = Self.body([8, 8, 8, 8])
        #expect(BodyParts.split(ops, into: 2).map(\.count) == [2, 2])
        // Costs 4, 1, 1, 1, 1, 4: the first part closes at half the cost.
        let (_, mixed) = Self.body([8, 1, 1, 1, 1, 8])
        #expect(BodyParts.split(mixed, into: 2).map(\.count) == [3, 3])
    }

    @Test("only bodies with enough work per trial are split, and only with more than one thread")
    func whatIsSplit() {
        let (program, _) = Self.body([128, 128, 1])
        // 64 x 128 twice and one element: 16,385 elements per trial.
        #expect(BodyParts.work(program[.trial]) == 16_385)
        #expect(CompileParallelism(threads: 2, minimumWork: 16_385).parts(of: program, [.trial])[.trial]?.count == 2)
        #expect(CompileParallelism(threads: 2, minimumWork: 16_386).parts(of: program, [.trial]).isEmpty)
        #expect(CompileParallelism(threads: 1, minimumWork: 0).parts(of: program, [.trial]).isEmpty)
        #expect(CompileParallelism.none.parts(of: program, [.trial]).isEmpty)
        // Never more parts than ops.
        #expect(CompileParallelism(threads: 8, minimumWork: 0).parts(of: program, [.trial])[.trial]?.count == 3)
    }
}
