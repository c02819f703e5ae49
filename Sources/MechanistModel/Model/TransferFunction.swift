/// The `function` of a node: PsyNeuLink's transfer and combination functions, each with
/// PsyNeuLink 0.21's parameter names and defaults.
///
/// Construct with the static helpers: `.logistic(gain: 2)`, `.softMax(output: .maxIndicator)`.
/// A file's bare string (`"Logistic"`) means all defaults.
public enum TransferFunction: Sendable, Hashable {
    case linear(Linear)
    case logistic(Logistic)
    case tanh(Tanh)
    case relu(ReLU)
    case exponential(Exponential)
    case gaussian(Gaussian)
    case softMax(SoftMax)
    case linearCombination(LinearCombination)
    case reduce(Reduce)

    /// The PsyNeuLink class name, as a file's `type` spells it.
    public var typeName: String {
        switch self {
        case .linear: return "Linear"
        case .logistic: return "Logistic"
        case .tanh: return "Tanh"
        case .relu: return "ReLU"
        case .exponential: return "Exponential"
        case .gaussian: return "Gaussian"
        case .softMax: return "SoftMax"
        case .linearCombination: return "LinearCombination"
        case .reduce: return "Reduce"
        }
    }

    /// Every function type a file may name.
    public static let typeNames = ["Exponential", "Gaussian", "Linear", "LinearCombination",
                                   "Logistic", "ReLU", "Reduce", "SoftMax", "Tanh"]
}

extension TransferFunction {
    public static func linear(slope: Double = 1, intercept: Double = 0, scale: Double = 1,
                              offset: Double = 0) -> TransferFunction {
        .linear(Linear(slope: slope, intercept: intercept, scale: scale, offset: offset))
    }

    public static func logistic(gain: Double = 1, bias: Double = 0, x0: Double = 0, offset: Double = 0,
                                scale: Double = 1) -> TransferFunction {
        .logistic(Logistic(gain: gain, bias: bias, x0: x0, offset: offset, scale: scale))
    }

    public static func tanh(gain: Double = 1, bias: Double = 0, x0: Double = 0, offset: Double = 0,
                            scale: Double = 1) -> TransferFunction {
        .tanh(Tanh(gain: gain, bias: bias, x0: x0, offset: offset, scale: scale))
    }

    public static func relu(gain: Double = 1, bias: Double = 0, leak: Double = 0, scale: Double = 1,
                            offset: Double = 0) -> TransferFunction {
        .relu(ReLU(gain: gain, bias: bias, leak: leak, scale: scale, offset: offset))
    }

    public static func exponential(rate: Double = 1, bias: Double = 0, scale: Double = 1,
                                   offset: Double = 0) -> TransferFunction {
        .exponential(Exponential(rate: rate, bias: bias, scale: scale, offset: offset))
    }

    public static func gaussian(standardDeviation: Double = 1, bias: Double = 0, scale: Double = 1,
                                offset: Double = 0) -> TransferFunction {
        .gaussian(Gaussian(standardDeviation: standardDeviation, bias: bias, scale: scale, offset: offset))
    }

    public static func softMax(gain: Double = 1, output: SoftMax.Output = .all,
                               perItem: Bool = true) -> TransferFunction {
        .softMax(SoftMax(gain: gain, output: output, perItem: perItem))
    }

    public static func linearCombination(operation: CombinationOperation = .sum,
                                         weights: ParameterValue? = nil, exponents: ParameterValue? = nil,
                                         scale: ParameterValue = 1, offset: ParameterValue = 0) -> TransferFunction {
        .linearCombination(LinearCombination(operation: operation, weights: weights, exponents: exponents,
                                             scale: scale, offset: offset))
    }

    public static func reduce(operation: CombinationOperation = .sum, weights: ParameterValue? = nil,
                              exponents: ParameterValue? = nil, scale: Double = 1,
                              offset: Double = 0) -> TransferFunction {
        .reduce(Reduce(operation: operation, weights: weights, exponents: exponents, scale: scale,
                       offset: offset))
    }
}

/// `SUM` or `PRODUCT`, the operation of LinearCombination and Reduce.
public enum CombinationOperation: String, Sendable, Hashable, CaseIterable {
    case sum = "SUM"
    case product = "PRODUCT"
}
