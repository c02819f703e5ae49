import MechanistIR
import Testing

/// `Expr.isCheap(maxNodes:)`: the one cost predicate codegen (speculating select arms) and
/// fusion (duplicating an expression into its readers) share.
@Suite struct ExprCostTests {
    static let x = el(0, 0, 4)

    @Test(arguments: UnaryOp.allCases)
    func unaryIsCheapExactlyWhenItCallsNoCLibraryFunction(_ op: UnaryOp) {
        #expect(Expr.unary(op, Self.x).isCheap() == (op.cLibraryName == nil))
    }

    @Test(arguments: BinaryOp.allCases)
    func binaryIsCheapExactlyWhenItCallsNoCLibraryFunction(_ op: BinaryOp) {
        #expect(Expr.binary(op, Self.x, sc(1)).isCheap() == (op.cLibraryName == nil))
    }

    @Test func theCLibraryFunctionsAreTheTranscendentals() {
        #expect(UnaryOp.allCases.compactMap(\.cLibraryName) == ["exp", "log", "tanh", "cos"])
        #expect(BinaryOp.allCases.compactMap(\.cLibraryName) == ["pow"])
    }

    @Test func aCallAnywhereMakesTheWholeExpensive() {
        let deep = Expr.select(.less, Self.x, .constant(0), then: -Self.x, else: .unary(.sqrt, Self.x + .unary(.log, Self.x)))
        #expect(!deep.isCheap())
        #expect(Expr.select(.less, Self.x, .constant(0), then: -Self.x, else: .unary(.sqrt, Self.x)).isCheap())
    }

    @Test func maxNodesBoundsTheSize() {
        let e = Self.x * sc(1) + .constant(2)   // 5 nodes
        #expect(e.isCheap(maxNodes: 5))
        #expect(!e.isCheap(maxNodes: 4))
        #expect(e.isCheap())
    }
}
