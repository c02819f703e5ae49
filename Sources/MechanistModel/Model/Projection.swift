/// A MappingProjection: `receiver port += sender port @ matrix` every trial.
public struct Projection: Sendable, Hashable {
    public var sender: PortReference
    public var receiver: PortReference
    /// Omitted: identity for equal sizes, all ones (FULL_CONNECTIVITY) otherwise.
    public var matrix: MatrixSpec?
    /// Omitted: `"<sender>-><receiver>"` as written.
    public var name: String?
    public var learnable: Bool?
    public var learningRate: Double?

    public init(sender: PortReference, receiver: PortReference, matrix: MatrixSpec? = nil,
                name: String? = nil, learnable: Bool? = nil, learningRate: Double? = nil) {
        self.sender = sender
        self.receiver = receiver
        self.matrix = matrix
        self.name = name
        self.learnable = learnable
        self.learningRate = learningRate
    }

    /// `Projection("input", "hidden", matrix: ...)`.
    public init(_ sender: PortReference, _ receiver: PortReference, matrix: MatrixSpec? = nil,
                name: String? = nil) {
        self.init(sender: sender, receiver: receiver, matrix: matrix, name: name)
    }

    /// The name weights are read and set by: `name`, or `"<sender>-><receiver>"`.
    public var resolvedName: String { name ?? "\(sender)->\(receiver)" }
}
