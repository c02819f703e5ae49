import MechanistIR

/// A left fold of many terms (a sum of afferents, a LinearCombination of many ports) as a few
/// shallow ops instead of one deep expression.
///
/// `((t0 + t1) + t2) + ...` as one expression is as deep as it has terms, and the passes,
/// codegen and the interpreter walk expressions recursively: 100,000 afferents overflowed the
/// stack. Every `termsPerOp` terms the partial result is stored into `dst` and the next op goes
/// on from `.element(dst)`; a double stores exactly, and the operations happen in the same
/// order, so every bit is the one deep expression's.
enum ChunkedFold {
    static let termsPerOp = 64

    /// Assigns all but the last chunk into `dst` and returns the last chunk's expression (nil
    /// for no terms); the caller assigns it (after wrapping it, e.g. in a scale and offset).
    static func fold(_ terms: [Expr], into dst: Slice, builder: inout ProgramBuilder,
                     _ combine: (Expr, Expr) -> Expr) -> Expr? {
        var combined: Expr?
        var count = 0
        for term in terms {
            if count == termsPerOp, let partial = combined {
                builder.assign(dst, partial)
                combined = .element(dst)
                count = 1
            }
            combined = combined.map { combine($0, term) } ?? term
            count += 1
        }
        return combined
    }
}
