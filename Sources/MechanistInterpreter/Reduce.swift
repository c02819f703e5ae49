import MechanistIR

/// Reductions in index order, as documented on `Reduction`; codegen emits the same loops.
enum Reduce {
    static func apply(_ reduction: Reduction, count: Int, _ value: (Int) -> Double) -> Double {
        switch reduction {
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
            for i in 1..<max(count, 1) { m = BinaryOp.maximum(value(i), m) }
            return m
        case .min:
            var m = value(0)
            for i in 1..<max(count, 1) { m = BinaryOp.minimum(value(i), m) }
            return m
        case .argmax:
            // First index of the largest value; a NaN wins at its first occurrence (numpy).
            var best = value(0)
            var index = 0
            for i in 1..<max(count, 1) {
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
