import Foundation
import MechanistIR

// The scalar meaning of expression nodes, used to fold constants. It must be exactly what the
// executors compute: IEEE arithmetic, the C library's transcendentals (Glibc through
// Foundation, as the interpreter and the generated code call them), and max/min as Expr.swift
// documents them. Anything else would make a folded program differ from the unfolded one.

enum ScalarSemantics {
    static func apply(_ op: UnaryOp, _ x: Double) -> Double {
        switch op {
        case .negate: return -x
        case .abs: return Swift.abs(x)
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .tanh: return Foundation.tanh(x)
        case .sqrt: return Foundation.sqrt(x)
        case .cos: return Foundation.cos(x)
        case .floor: return Foundation.floor(x)
        }
    }

    static func apply(_ op: BinaryOp, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .pow: return Foundation.pow(a, b)
        case .max: return (a > b || a.isNaN) ? a : b
        case .min: return (a < b || a.isNaN) ? a : b
        }
    }

    static func holds(_ comparison: Comparison, _ a: Double, _ b: Double) -> Bool {
        switch comparison {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}
