/// An external input of the model: one buffer (role `input`) per input port of an INPUT node.
package struct InputSlot: Sendable, Hashable {
    package var node: String
    package var port: String
    package var buffer: BufferID
    package init(node: String, port: String, buffer: BufferID) {
        self.node = node
        self.port = port
        self.buffer = buffer
    }
}

/// A value recorded after every trial: a node's output port (results and `--record`).
package struct OutputSlot: Sendable, Hashable {
    package var node: String
    package var port: String
    package var source: Slice
    package init(node: String, port: String, source: Slice) {
        self.node = node
        self.port = port
        self.source = source
    }
    package var label: String { "\(node).\(port)" }
}

/// The lowered model: typed buffers, one op list per entry point, and what is recorded.
///
/// Execution contract (both executors): when created and on every reset, set parameter,
/// weight and state buffers to their `initial` values and run `self[.initialization]`. A run
/// of T trials executes `self[.runStart]` once, then `self[.trial]` T times; before trial t,
/// input buffers hold row `t % inputRows` of the host's inputs; after it, every `outputs`
/// slot is copied to row t of the recorded outputs, in order. A learn runs `self[.learnTrial]`
/// in place of `self[.trial]`, with the same contract. (`EntryPoint` states which bodies run
/// per trial.)
package struct Program: Sendable, Hashable {
    package var name: String
    package var buffers: [BufferDecl]
    /// The bodies by entry point; an empty body is not stored, so two Programs with the same
    /// ops compare equal however their bodies were set.
    private var bodies: [EntryPoint: [Op]]
    package var inputs: [InputSlot]
    package var outputs: [OutputSlot]
    /// Offsets of temp buffers in the scratch arena, set by memory planning; nil means each
    /// temp gets its own space.
    package var memoryPlan: MemoryPlan?

    package init(name: String, buffers: [BufferDecl] = [], bodies: [EntryPoint: [Op]] = [:],
                inputs: [InputSlot] = [], outputs: [OutputSlot] = [], memoryPlan: MemoryPlan? = nil) {
        self.name = name
        self.buffers = buffers
        self.bodies = bodies.filter { !$0.value.isEmpty }
        self.inputs = inputs
        self.outputs = outputs
        self.memoryPlan = memoryPlan
    }

    /// The entry points codegen gives a function: the host calls the first three whatever
    /// the model, `learnTrial` only when the model learns (`EntryPoint.compiledWhenEmpty`).
    package var compiledEntryPoints: [EntryPoint] {
        EntryPoint.allCases.filter { $0.compiledWhenEmpty || bodies[$0] != nil }
    }

    /// The ops of an entry point's body (empty when it has none).
    package subscript(entryPoint: EntryPoint) -> [Op] {
        get { bodies[entryPoint] ?? [] }
        set { bodies[entryPoint] = newValue.isEmpty ? nil : newValue }
    }

    // Inlinable, as are `BufferDecl.count`, `Shape.count` and `BufferID.init`: the passes
    // and the verifier ask every op's buffers for their role and count, and a call that
    // copies the whole declaration (name and initial values retained and released) each
    // time was a good part of their time on a large Program (issue 13).
    @inlinable
    package subscript(id: BufferID) -> BufferDecl {
        get { buffers[id.index] }
        set { buffers[id.index] = newValue }
    }

    /// A buffer's role, read in place: the passes ask for the role of every op's buffers, and
    /// a subscript that the optimizer did not inline copied the declaration each time.
    @inlinable
    package func role(of id: BufferID) -> BufferRole { buffers[id.index].role }

    /// The first buffer with this name, if any.
    package func buffer(named name: String) -> BufferID? {
        buffers.firstIndex { $0.name == name }.map(BufferID.init)
    }

    /// The whole of a buffer as a slice.
    package func whole(_ id: BufferID) -> Slice { Slice(id, offset: 0, count: buffers[id.index].count) }
}

extension Program {
    /// Visits every op of every body, nested bodies included, in program order (entry points
    /// in `EntryPoint.allCases` order).
    package func forEachOp(_ visit: (Op) throws -> Void) rethrows {
        for entryPoint in EntryPoint.allCases { try self[entryPoint].forEachOp(visit) }
    }
}

extension Array where Element == Op {
    /// Visits every op, nested bodies included, in program order.
    package func forEachOp(_ visit: (Op) throws -> Void) rethrows {
        for op in self {
            try visit(op)
            for body in op.bodies { try body.forEachOp(visit) }
        }
    }
}
