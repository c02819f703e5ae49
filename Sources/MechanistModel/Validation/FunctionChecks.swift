/// Checks of a `function`: its type fits the node, and its parameters are usable.
enum FunctionChecks {
    static func check(_ f: TransferFunction, at path: JSONPath, for type: NodeType) throws(ModelError) {
        switch type {
        case .objectiveMechanism, .comparatorMechanism:
            guard case .linearCombination = f else {
                throw ModelError(.invalidValue, at: path, "the function of \(article(type.rawValue)) \(type.rawValue) "
                                 + "must be LinearCombination, got \(f.typeName)")
            }
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            break
        case .autoAssociativeLearningMechanism:
            throw ModelError(.invalidValue, at: path, "an AutoAssociativeLearningMechanism takes no function (Hebbian)")
        case .learningMechanism:
            throw ModelError(.invalidValue, at: path, "a LearningMechanism takes no function (BackPropagation "
                             + "follows from its pathway)")
        }
        let numbers: [(String, Double)]
        switch f {
        case .linear(let l):
            numbers = [("slope", l.slope), ("intercept", l.intercept), ("scale", l.scale), ("offset", l.offset)]
        case .logistic(let l):
            numbers = [("gain", l.gain), ("bias", l.bias), ("x_0", l.x0), ("offset", l.offset), ("scale", l.scale)]
        case .tanh(let t):
            numbers = [("gain", t.gain), ("bias", t.bias), ("x_0", t.x0), ("offset", t.offset), ("scale", t.scale)]
        case .relu(let r):
            numbers = [("gain", r.gain), ("bias", r.bias), ("leak", r.leak), ("scale", r.scale), ("offset", r.offset)]
        case .exponential(let e):
            numbers = [("rate", e.rate), ("bias", e.bias), ("scale", e.scale), ("offset", e.offset)]
        case .gaussian(let g):
            numbers = [("standard_deviation", g.standardDeviation), ("bias", g.bias), ("scale", g.scale),
                       ("offset", g.offset)]
        case .softMax(let s):
            numbers = [("gain", s.gain)]
        case .linearCombination(let c):
            numbers = []
            try coefficients(c.weights, at: path / "weights")
            try coefficients(c.exponents, at: path / "exponents")
            for (field, value) in [("scale", c.scale), ("offset", c.offset)] {
                if case .matrix = value {
                    throw ModelError(.invalidValue, at: path / field,
                                     "expected a number or one value per element, got a nested list")
                }
                try coefficients(value, at: path / field)
            }
        case .reduce(let r):
            numbers = [("scale", r.scale), ("offset", r.offset)]
            try coefficients(r.weights, at: path / "weights")
            try coefficients(r.exponents, at: path / "exponents")
            if case .matrix? = r.weights {
                throw ModelError(.invalidValue, at: path / "weights", "Reduce takes a number or one weight per element")
            }
            if case .matrix? = r.exponents {
                throw ModelError(.invalidValue, at: path / "exponents", "Reduce takes a number or one exponent per element")
            }
        }
        for (field, value) in numbers where !value.isFinite {
            throw ModelError(.invalidValue, at: path / field, "\(value) is not a finite number")
        }
        if case .gaussian(let g) = f, g.standardDeviation <= 0 {
            throw ModelError(.invalidValue, at: path / "standard_deviation",
                             "expected a positive number, got \(JSONValue.format(g.standardDeviation))",
                             hint: "the density divides by sqrt(2*pi*standard_deviation)")
        }
    }

    static func coefficients(_ value: ParameterValue?, at path: JSONPath) throws(ModelError) {
        guard let value else { return }
        try NodeChecks.finite(value.flattened, at: path)
    }
}
