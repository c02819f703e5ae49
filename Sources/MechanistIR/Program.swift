/// An external input of the model: one buffer (role `input`) per input port of an INPUT node.
public struct InputSlot: Sendable, Hashable {
    public var node: String
    public var port: String
    public var buffer: BufferID
    public init(node: String, port: String, buffer: BufferID) {
        self.node = node
        self.port = port
        self.buffer = buffer
    }
}

/// A value recorded after every trial: a node's output port (results and `--record`).
public struct OutputSlot: Sendable, Hashable {
    public var node: String
    public var port: String
    public var source: Slice
    public init(node: String, port: String, source: Slice) {
        self.node = node
        self.port = port
        self.source = source
    }
    public var label: String { "\(node).\(port)" }
}

/// The lowered model: typed buffers, the ops of one trial, and what is recorded.
///
/// Execution contract (both executors): when created and on every reset, set parameter,
/// weight and state buffers to their `initial` values and run `initialization`. A run of T
/// trials executes `runStart` once (e.g. zeroing the trial-in-run counter of scheduler
/// conditions), then `trial` T times; before trial t, input buffers hold row
/// `t % inputRows` of the host's inputs; after it, every `outputs` slot is copied to row t
/// of the recorded outputs, in order.
public struct Program: Sendable, Hashable {
    public var name: String
    public var buffers: [BufferDecl]
    public var initialization: [Op]
    /// Ops run at the start of every run (before its first trial).
    public var runStart: [Op]
    public var trial: [Op]
    public var inputs: [InputSlot]
    public var outputs: [OutputSlot]
    /// Offsets of temp buffers in the scratch arena, set by memory planning; nil means each
    /// temp gets its own space.
    public var memoryPlan: [BufferID: Int]?

    public init(name: String, buffers: [BufferDecl] = [], initialization: [Op] = [], runStart: [Op] = [],
                trial: [Op] = [],
                inputs: [InputSlot] = [], outputs: [OutputSlot] = [], memoryPlan: [BufferID: Int]? = nil) {
        self.name = name
        self.buffers = buffers
        self.initialization = initialization
        self.runStart = runStart
        self.trial = trial
        self.inputs = inputs
        self.outputs = outputs
        self.memoryPlan = memoryPlan
    }

    public subscript(id: BufferID) -> BufferDecl {
        get { buffers[id.index] }
        set { buffers[id.index] = newValue }
    }

    /// The first buffer with this name, if any.
    public func buffer(named name: String) -> BufferID? {
        buffers.firstIndex { $0.name == name }.map(BufferID.init)
    }

    /// The whole of a buffer as a slice.
    public func whole(_ id: BufferID) -> Slice { Slice(id, offset: 0, count: buffers[id.index].count) }
}

extension Array where Element == Op {
    /// Visits every op, nested bodies included, in program order.
    public func forEachOp(_ visit: (Op) throws -> Void) rethrows {
        for op in self {
            try visit(op)
            for body in op.bodies { try body.forEachOp(visit) }
        }
    }
}
