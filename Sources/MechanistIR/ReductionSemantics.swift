// How each reduction combines values, written once, beside the scalar semantics: the
// interpreter reduces with it, and codegen (CodegenReduce.swift) emits the same steps in the
// same order, with the running value on the same side of every `maximum`/`minimum` (which
// decides ties between -0.0 and +0.0), so both give the same bits.

extension Reduction {
    /// This reduction over `value(0) ..< value(count - 1)`, accumulated in index order, as
    /// documented on each case. `value` is called once per index, in order (maxVsNext below
    /// two elements calls it not at all).
    /// - Precondition: `count > 0` (the verifier's rule; max, min and argmax start from
    ///   element 0).
    package func apply(count: Int, _ value: (Int) -> Double) -> Double {
        switch self {
        case .sum:
            var s = 0.0
            for i in 0..<count { s = s + value(i) }
            return s
        case .product:
            var p = 1.0
            for i in 0..<count { p = p * value(i) }
            return p
        case .max:
            var m = value(0)
            for i in 1..<Swift.max(count, 1) { m = BinaryOp.maximum(value(i), m) }
            return m
        case .min:
            var m = value(0)
            for i in 1..<Swift.max(count, 1) { m = BinaryOp.minimum(value(i), m) }
            return m
        case .argmax:
            // First index of the largest value; a NaN wins at its first occurrence (numpy).
            var best = value(0)
            var index = 0
            for i in 1..<Swift.max(count, 1) {
                let x = value(i)
                if !best.isNaN && (x > best || x.isNaN) {
                    best = x
                    index = i
                }
            }
            return Double(index)
        case .maxVsNext:
            // Largest minus second largest; a repeated largest gives 0. NaN propagates.
            if count < 2 { return 0 }
            var first = -Double.infinity
            var second = -Double.infinity
            var sawNaN = false
            for i in 0..<count {
                let x = value(i)
                if x.isNaN { sawNaN = true }
                if x > first {
                    second = first
                    first = x
                } else if x > second {
                    second = x
                }
            }
            return sawNaN ? .nan : first - second
        }
    }
}
