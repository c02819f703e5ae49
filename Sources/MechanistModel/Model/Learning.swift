/// A supervised learning pathway (`learning` in files). Decoded and validated now; lowering
/// comes with learning.
public struct LearningPathway: Sendable, Hashable {
    /// `loss`: the error the pathway's Comparator reports (default MSE).
    public enum Loss: String, Sendable, Hashable, CaseIterable {
        case mse = "MSE"
        case sse = "SSE"
        case l0 = "L0"
    }

    /// `learning_enabled`: a boolean, or PsyNeuLink's `"online"` / `"after"` update timing.
    public enum Enabled: Sendable, Hashable {
        case on
        case off
        case online
        case after
    }

    /// Only `backpropagation` exists (Hebbian learning is `enable_learning` on an RTM).
    public var type: String
    public var pathway: [String]
    public var learningRate: Double?
    public var loss: Loss?
    public var learningEnabled: Enabled?
    /// The TARGET node's name; default `<last node>_target`.
    public var target: String?

    public init(pathway: [String], learningRate: Double? = nil, loss: Loss? = nil,
                learningEnabled: Enabled? = nil, target: String? = nil, type: String = "backpropagation") {
        self.type = type
        self.pathway = pathway
        self.learningRate = learningRate
        self.loss = loss
        self.learningEnabled = learningEnabled
        self.target = target
    }

    /// The name of the TARGET node that the inputs file's `targets` feed.
    public var targetName: String { target ?? "\(pathway.last ?? "")_target" }
}
