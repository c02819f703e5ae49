/// Builds a Program: declares buffers and appends ops, with nested bodies for control flow.
package struct ProgramBuilder: Sendable {
    package private(set) var program: Program
    /// Op lists under construction; the last one receives emitted ops.
    private var stack: [[Op]] = [[]]
    /// The id of `program.buffers[0]`: 0, except in a builder of one part of a Program
    /// (`part(name:firstBufferID:)`), whose ids are provisional until the part is merged.
    private var firstBufferID = 0

    package init(name: String) { program = Program(name: name) }

    /// A builder for one part of a Program, declared beside the rest (lowering a large model
    /// on two threads, issue 13): its buffers get the ids `firstBufferID`, `firstBufferID + 1`,
    /// ... and `append(declarationsOf:ops:)` moves them and its ops into the whole Program.
    package static func part(name: String, firstBufferID: Int) -> ProgramBuilder {
        var builder = ProgramBuilder(name: name)
        builder.firstBufferID = firstBufferID
        return builder
    }

    /// Room for `count` buffer declarations, so that declaring them does not copy the list
    /// each time it doubles (a part of lowering a large model, issue 13).
    package mutating func reserveCapacity(buffers count: Int) { program.buffers.reserveCapacity(count) }

    /// Declares a buffer and returns its whole extent as a slice.
    @discardableResult
    package mutating func buffer(_ name: String, _ role: BufferRole, _ shape: Shape,
                                initial: [Double] = []) -> Slice {
        let id = BufferID(firstBufferID + program.buffers.count)
        program.buffers.append(BufferDecl(name: name, role: role, shape: shape, initial: Self.shared(initial)))
        return Slice(id, offset: 0, count: shape.count)
    }

    /// A one-value initial of 0 or 1 as one array that every such buffer shares: most scalar
    /// parameters (a Linear's slope, intercept, scale and offset) and 1x1 weights hold one,
    /// some 600,000 arrays at 100,000 nodes, each allocated and, at the end, freed on its own
    /// (issue 13). Arrays are copied on write, so changing one buffer's changes only its own.
    private static func shared(_ initial: [Double]) -> [Double] {
        guard initial.count == 1 else { return initial }
        switch initial[0].bitPattern {
        case zero[0].bitPattern: return zero  // +0 only: -0 keeps its own array and sign
        case one[0].bitPattern: return one
        default: return initial
        }
    }

    private static let zero: [Double] = [0]
    private static let one: [Double] = [1]

    /// Declares an input buffer for a node's input port, named `node.port`.
    package mutating func input(node: String, port: String, count: Int) -> Slice {
        input(named: "\(node).\(port)", node: node, port: port, count: count)
    }

    /// Declares an input buffer for a node's input port under `name` (`node.port`, which the
    /// caller has already built).
    package mutating func input(named name: String, node: String, port: String, count: Int) -> Slice {
        let slice = buffer(name, .input, .vector(count))
        program.inputs.append(InputSlot(node: node, port: port, buffer: slice.buffer))
        return slice
    }

    /// Records a slice after every trial as `node.port`.
    package mutating func record(node: String, port: String, _ source: Slice) {
        program.outputs.append(OutputSlot(node: node, port: port, source: source))
    }

    /// Appends an op to the current body.
    package mutating func emit(_ op: Op) { stack[stack.count - 1].append(op) }

    /// Emits `dst[i] = expr(i)`.
    package mutating func assign(_ dst: Slice, _ expr: Expr) { emit(.elementwise(dst: dst, expr)) }

    /// Collects the ops emitted by `build` into a separate list (a body for control flow).
    package mutating func body(_ build: (inout ProgramBuilder) throws -> Void) rethrows -> [Op] {
        stack.append([])
        try build(&self)
        return stack.removeLast()
    }

    /// Puts `ops` before the finished body of `entryPoint` (e.g. per-trial counters zeroed
    /// before anything of the trial runs, once its body is complete).
    package mutating func insert(_ ops: [Op], atStartOf entryPoint: EntryPoint) {
        guard !ops.isEmpty, !program[entryPoint].isEmpty else { return }
        program[entryPoint] = ops + program[entryPoint]
    }

    /// The ops emitted so far at top level (of a part, before it is appended).
    package var topLevelOps: [Op] { stack[0] }

    /// Appends the buffers `part` declared (their ids now `program.buffers.count` onwards)
    /// and `ops`, the ops it emitted at top level with every id renumbered so.
    package mutating func append(declarationsOf part: ProgramBuilder, ops: [Op]) {
        program.buffers.append(contentsOf: part.program.buffers)
        stack[stack.count - 1].append(contentsOf: ops)
    }

    /// The ops emitted so far at top level become the body of `entryPoint`.
    package mutating func finish(_ entryPoint: EntryPoint) { program[entryPoint] = stack[0]; stack[0] = [] }
}
