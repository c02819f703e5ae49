import MechanistIR

/// Row-major n x n matrices (recurrent matrices, IDENTITY and HOLLOW): the one place that
/// says which flat index lies on the diagonal, so that `auto`/`hetero`, hollow parts and
/// keyword matrices cannot disagree about it.
enum SquareMatrix {
    /// Whether flat index `k` of an n x n row-major matrix is on the diagonal (row == column).
    static func isDiagonal(_ k: Int, size n: Int) -> Bool { k / n == k % n }

    /// The n x n matrix whose diagonal element of row r is `diagonal(r)` and whose other
    /// elements are `offDiagonal(k)` (k the flat index).
    static func build(size n: Int, diagonal: (Int) -> Double, offDiagonal: (Int) -> Double) -> [Double] {
        (0..<(n * n)).map { k in isDiagonal(k, size: n) ? diagonal(k / n) : offDiagonal(k) }
    }

    /// The hollow part (PsyNeuLink's `m * (1 - I)`) of a matrix computed by the program (one whose values are known only
    /// at run time, e.g. RANDOM): an expression over the flat iteration index, zero where
    /// `floor(i / (n + 1)) * (n + 1) == i`, i.e. where i is a multiple of n + 1, which is
    /// exactly the diagonal of an n x n row-major matrix.
    static func hollowPart(of matrix: Slice, size n: Int) -> Expr {
        let stride = Double(n + 1)
        let diagonal = Expr.binary(.multiply, .unary(.floor, .index / .constant(stride)), .constant(stride))
        return .select(.equal, diagonal, .index, then: .constant(0), else: .element(matrix))
    }
}
