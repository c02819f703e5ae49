/// A numeric parameter that PsyNeuLink accepts as a number, a vector (one value per element,
/// or per input port) or a matrix (one row per input port).
///
/// Literals make the Swift API pleasant: `integrationRate: 0.3`, `noise: [0, 0.1, 0]`.
public enum ParameterValue: Sendable, Hashable, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    case scalar(Double)
    case vector([Double])
    case matrix([[Double]])

    public init(floatLiteral value: Double) { self = .scalar(value) }
    public init(integerLiteral value: Int) { self = .scalar(Double(value)) }
    public init(arrayLiteral elements: Double...) { self = .vector(elements) }

    /// Every number it holds, row by row.
    public var flattened: [Double] {
        switch self {
        case .scalar(let x): return [x]
        case .vector(let v): return v
        case .matrix(let m): return m.flatMap { $0 }
        }
    }

    /// The value as a single number, when it is one.
    public var scalarValue: Double? {
        if case .scalar(let x) = self { return x }
        return nil
    }
}

/// The `clip` of a TransferMechanism: the final value is clamped to `[low, high]`.
/// (Not a `ClosedRange`, which traps on `low > high`; validation reports that instead.)
public struct Clip: Sendable, Hashable {
    public var low: Double
    public var high: Double

    public init(_ low: Double, _ high: Double) {
        self.low = low
        self.high = high
    }
}

/// The `noise` of a TransferMechanism: a constant added every execution, or a distribution
/// drawn from every execution (`NormalDist`, `UniformDist`; decoded, not lowered yet).
public enum Noise: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral {
    /// A number, or one number per element.
    case constant(ParameterValue)
    /// PsyNeuLink's `NormalDist(mean, standard_deviation)`.
    case normal(mean: Double = 0, standardDeviation: Double = 1, seed: Int? = nil)
    /// PsyNeuLink's `UniformDist(low, high)`.
    case uniform(low: Double = 0, high: Double = 1, seed: Int? = nil)

    public init(floatLiteral value: Double) { self = .constant(.scalar(value)) }
    public init(integerLiteral value: Int) { self = .constant(.scalar(Double(value))) }
    public init(arrayLiteral elements: Double...) { self = .constant(.vector(elements)) }
}
