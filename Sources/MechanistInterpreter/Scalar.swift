#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar semantics of the IR's elementwise functions, written once for the interpreter.
/// Transcendentals call the C library, as compiled code does, so both agree bitwise.
enum Scalar {
    static func apply(_ op: UnaryOp, _ x: Double) -> Double {
        switch op {
        case .negate: return -x
        case .abs: return fabs(x)
        case .exp: return exp(x)
        case .log: return log(x)
        case .tanh: return tanh(x)
        case .sqrt: return sqrt(x)
        case .cos: return cos(x)
        case .floor: return floor(x)
        }
    }

    static func apply(_ op: BinaryOp, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .pow: return pow(a, b)
        case .max: return maximum(a, b)
        case .min: return minimum(a, b)
        }
    }

    /// numpy's maximum: NaN propagates from either side.
    static func maximum(_ a: Double, _ b: Double) -> Double { (a > b || a.isNaN) ? a : b }

    /// numpy's minimum: NaN propagates from either side.
    static func minimum(_ a: Double, _ b: Double) -> Double { (a < b || a.isNaN) ? a : b }

    static func compare(_ c: Comparison, _ a: Double, _ b: Double) -> Bool {
        switch c {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}

import MechanistIR
