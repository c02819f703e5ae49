/// An executable's weights and state by buffer name, in program order (`Executable.snapshot()`,
/// `restore(_:)`): a simulation saved here continues elsewhere, bit for bit.
public struct ExecutableSnapshot: Sendable {
    /// Weight buffers (projection matrices row by row, recurrent matrices, learning rates).
    public var weights: [(name: String, values: [Double])] = []
    /// State buffers (`node.value`, integrators, step counters, random counters, ...).
    public var state: [(name: String, values: [Double])] = []

    public init(weights: [(name: String, values: [Double])] = [], state: [(name: String, values: [Double])] = []) {
        self.weights = weights
        self.state = state
    }
}
