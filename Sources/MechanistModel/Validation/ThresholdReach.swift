import Foundation

/// The values a node's function can output (after clip), to tell a modeler before a run that
/// a threshold can never be reached: a Logistic LCA with threshold 1.5 runs every trial to its
/// execution cap, and each trial is undecided.
struct OutputRange: Equatable {
    var low: Double
    var high: Double
    /// Whether `low` / `high` themselves are outputs (an asymptote is not).
    var lowIncluded: Bool
    var highIncluded: Bool

    /// A range that holds exactly one value (a function whose gain or scale is 0).
    static func point(_ x: Double) -> OutputRange { OutputRange(low: x, high: x, lowIncluded: true, highIncluded: true) }

    /// The open interval between two asymptotes, in either order.
    static func between(_ a: Double, _ b: Double) -> OutputRange {
        a == b ? .point(a) : OutputRange(low: min(a, b), high: max(a, b), lowIncluded: false, highIncluded: false)
    }

    /// The range of `function`'s outputs over every finite input; nil when unbounded or not
    /// known (Linear, ReLU, combination functions).
    static func of(_ function: TransferFunction) -> OutputRange? {
        switch function {
        case .logistic(let f):
            // scale / (1 + exp(-gain * t)) + offset: between offset and offset + scale.
            return f.gain == 0 ? .point(f.scale * 0.5 + f.offset) : .between(f.offset, f.offset + f.scale)
        case .tanh(let f):
            // scale * tanh(z): between -scale and scale (offset is inside the tangent).
            return f.gain == 0 ? .point(f.scale * Foundation.tanh(f.offset)) : .between(-f.scale, f.scale)
        case .exponential(let f):
            guard f.rate == 0 || f.scale == 0 else {
                return f.scale > 0 ? OutputRange(low: f.offset, high: .infinity, lowIncluded: false, highIncluded: false)
                    : OutputRange(low: -.infinity, high: f.offset, lowIncluded: false, highIncluded: false)
            }
            return .point(f.scale * Foundation.exp(f.bias) + f.offset)
        case .gaussian(let f):
            // The density's peak, at x = bias, down to offset far from it.
            let peak = f.scale / (2 * Double.pi * f.standardDeviation).squareRoot() + f.offset
            if f.scale == 0 { return .point(f.offset) }
            return f.scale > 0 ? OutputRange(low: f.offset, high: peak, lowIncluded: false, highIncluded: true)
                : OutputRange(low: peak, high: f.offset, lowIncluded: true, highIncluded: false)
        case .softMax:
            return OutputRange(low: 0, high: 1, lowIncluded: true, highIncluded: true)
        case .linear, .relu, .linearCombination, .reduce:
            return nil
        }
    }

    /// This range after `clip` (PsyNeuLink clips the value to [low, high]).
    func clipped(_ clip: Clip?) -> OutputRange {
        guard let clip else { return self }
        var r = self
        if clip.low >= r.low { (r.low, r.lowIncluded) = (clip.low, true) }
        if clip.high <= r.high { (r.high, r.highIncluded) = (clip.high, true) }
        if r.low > r.high { return .point(clip.high) }
        return r
    }

    var text: String {
        if low == high { return "{\(low)}" }
        return (lowIncluded ? "[" : "(") + "\(low), \(high)" + (highIncluded ? "]" : ")")
    }
}

extension Model {
    /// Warnings for thresholds a node's function can never reach, e.g. `decision: threshold 1.5
    /// can never be reached: ...`, one per node. Conservative: a threshold at an asymptote
    /// (floating point can saturate onto it) or under an unbounded function is not reported.
    package func unreachableThresholdWarnings() -> [String] {
        var warnings: [String] = []
        for (i, node) in nodes.enumerated() {
            guard [.transferMechanism, .recurrentTransferMechanism, .lcaMechanism].contains(node.type) else { continue }
            let settings = TransferSettings(node)
            guard let termination = settings.termination else { continue }
            let field = node.lca?.threshold != nil ? "threshold" : "termination_threshold"
            let where_ = "nodes[\(i)].\(field) (\(node.name))"
            let threshold = termination.threshold
            let range = OutputRange.of(settings.function)?.clipped(node.clip)
                ?? node.clip.map { OutputRange(low: $0.low, high: $0.high, lowIncluded: true, highIncluded: true) }
            let functionText = "\(settings.function.typeName)\(node.clip == nil ? "" : " clipped")"
            let why: String
            switch termination.measure {
            case .value:
                guard let range, threshold > range.high else { continue }
                why = "max(value) is at most \(range.high): \(functionText) outputs lie in \(range.text)"
            case .maxVsNext, .maxVsAvg:
                guard let range, threshold > range.high - range.low else { continue }
                let name = termination.measure == .maxVsNext ? "MAX_VS_NEXT" : "MAX_VS_AVG"
                why = "\(name) is at most \(range.high - range.low), the width of \(functionText)'s outputs "
                    + range.text
            case .maxAbsDiff:
                guard threshold < 0 else { continue }
                why = "the change between executions, max |value - previous value|, is never negative"
            case .timeScale:
                continue
            }
            let outcome = settings.loops
                ? "every execution runs to max_executions_before_finished (\(settings.maxExecutions)) and every "
                    + "trial is undecided"
                : "the node never finishes"
            warnings.append("warning: \(where_): threshold \(threshold) can never be reached: \(why); \(outcome)")
        }
        return warnings
    }
}
