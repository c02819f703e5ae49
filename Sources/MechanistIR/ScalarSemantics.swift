#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The scalar meaning of expression nodes, written once: the interpreter evaluates with it and
// constant folding folds with it. Generated code must compute exactly the same: IEEE
// arithmetic, the C library's transcendentals (the same functions compiled code calls by
// name), and NaN-propagating max/min.

// The C library's functions under names that the op enums' cases do not shadow.
private func libExp(_ x: Double) -> Double { exp(x) }
private func libLog(_ x: Double) -> Double { log(x) }
private func libTanh(_ x: Double) -> Double { tanh(x) }
private func libSqrt(_ x: Double) -> Double { sqrt(x) }
private func libCos(_ x: Double) -> Double { cos(x) }
private func libFloor(_ x: Double) -> Double { floor(x) }
private func libFabs(_ x: Double) -> Double { fabs(x) }
private func libPow(_ a: Double, _ b: Double) -> Double { pow(a, b) }

extension UnaryOp {
    /// The C library function that computes this op in both executors (the interpreter calls
    /// it; compiled code calls it by this name, never an LLVM replacement), or nil when the
    /// op is exact: negation, `fabs` and `floor` are exact and `sqrt` is correctly rounded, so
    /// any implementation (an instruction in compiled code) gives the same bits. Only these
    /// calls make an expression expensive (`Expr.isCheap(maxNodes:)`).
    package var cLibraryName: String? {
        switch self {
        case .exp, .log, .tanh, .cos: return rawValue
        case .negate, .abs, .sqrt, .floor: return nil
        }
    }

    /// This function applied to `x`.
    package func apply(_ x: Double) -> Double {
        switch self {
        case .negate: return -x
        case .abs: return libFabs(x)
        case .exp: return libExp(x)
        case .log: return libLog(x)
        case .tanh: return libTanh(x)
        case .sqrt: return libSqrt(x)
        case .cos: return libCos(x)
        case .floor: return libFloor(x)
        }
    }
}

extension BinaryOp {
    /// The C library function that computes this op in both executors, or nil when it is
    /// IEEE arithmetic or a comparison (see `UnaryOp.cLibraryName`).
    package var cLibraryName: String? {
        switch self {
        case .pow: return rawValue
        case .add, .subtract, .multiply, .divide, .max, .min: return nil
        }
    }

    /// This function applied to `a` and `b`.
    package func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .pow: return libPow(a, b)
        case .max: return BinaryOp.maximum(a, b)
        case .min: return BinaryOp.minimum(a, b)
        }
    }

    /// numpy's maximum: NaN propagates from either side; ties keep `b`.
    package static func maximum(_ a: Double, _ b: Double) -> Double { (a > b || a.isNaN) ? a : b }

    /// numpy's minimum: NaN propagates from either side; ties keep `b`.
    package static func minimum(_ a: Double, _ b: Double) -> Double { (a < b || a.isNaN) ? a : b }
}

extension Comparison {
    /// Whether `a` compares to `b` this way.
    package func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}
