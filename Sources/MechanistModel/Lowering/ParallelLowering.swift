import MechanistIR

/// How many threads `lower` uses for the nodes' initialization and trial.
package enum LoweringThreads: Sendable {
    /// Two for a model of at least `LoweredParts.minimumNodes` nodes, else one.
    case automatic
    /// One: every node in order, on the caller's thread.
    case one
    /// Two whenever the model allows it, whatever its size: the tests lower small models
    /// both ways and compare.
    case two
}

/// Lowering a large model's nodes in two parts at once (issue 13: lowering was half of
/// `check`'s time at 100,000 nodes, on one thread).
///
/// The result is the Program one thread lowers, buffer for buffer and op for op. Each phase
/// (the nodes' initialization, then their executions in the trial) is split in two: the
/// caller's context lowers the first nodes while a copy of it (`LoweringContext.part`) lowers
/// the rest on another thread, into a builder of its own whose buffers get provisional ids.
/// Once both are done, the part's buffers and ops follow the first nodes' (ids renumbered),
/// as they would have one thread after the other.
///
/// Nodes meet only through names: a node reads its senders' buffers, declared before any
/// phase, and finds runtime parameters and its function's parameters by name. Merging takes
/// the part's names into the whole context's table; a name already there means the part,
/// lowered after the first nodes, would have named or found a buffer differently (`x#2`, or
/// another node's parameter), and `lower` starts again on one thread. So do errors: lowered
/// again in order, the model throws the error one thread finds first.
struct LoweredParts {
    /// Below this many nodes, a second thread costs more than it saves.
    static let minimumNodes = 4096

    /// A part declares its buffers from this provisional id on: far above any Program's
    /// buffer count, so an id the merge missed fails verification.
    static let firstPartID = 1 << 40

    /// Whether the phases are split at all (`LoweringThreads` and the model's size).
    let enabled: Bool

    init(_ threads: LoweringThreads, nodes: Int) {
        switch threads {
        case .automatic: enabled = nodes >= Self.minimumNodes
        case .one: enabled = false
        case .two: enabled = nodes >= 2
        }
    }

    /// The part's provisional ids mapped to where its buffers go, from `start` in the
    /// Program; the ids of buffers declared before the part unchanged.
    static func renumbering(from start: Int) -> @Sendable (BufferID) -> BufferID {
        { id in id.index >= firstPartID ? BufferID(start + id.index - firstPartID) : id }
    }
}

/// The part's context, moved to the other thread and back.
private final class PartBox: @unchecked Sendable {
    var context: LoweringContext?
    var failed = false
    init(_ context: consuming LoweringContext) { self.context = context }
}

extension LoweringContext {
    /// `body(k, &context)` for k in 0..<count, as one thread does it in order: k < `split` on
    /// this context while the others run on the part's (`LoweredParts`), merged after. False
    /// when the part cannot be merged or either side threw: the caller lowers again on one
    /// thread, this context being left half merged.
    mutating func lowerInParts(_ count: Int, split: Int,
                               _ body: @Sendable (Int, inout LoweringContext) throws(ModelError) -> Void) -> Bool {
        let box = PartBox(part(firstBufferID: LoweredParts.firstPartID))
        let (ownFailed, _) = concurrently({ () -> Bool in
            do {
                for k in 0..<split { try body(k, &self) }
                return false
            } catch {
                return true
            }
        }, {
            guard var part = box.context.take() else { return }
            do {
                for k in split..<count { try body(k, &part) }
            } catch {
                box.failed = true
            }
            box.context = consume part
        })
        // Moved out of the box, not copied: with a copy, the box could be the last to let go of
        // the part's tables and free them here (issue 13).
        guard !ownFailed, !box.failed, let part = box.context.take() else { return false }
        let map = LoweredParts.renumbering(from: builder.program.buffers.count)
        guard adoptNames(of: part, renumbering: map) else { return false }
        builder.append(part.builder, renumbering: map)
        for (i, declared) in part.states.enumerated() where !declared.isEmpty {
            states[i] += declared.map(map)
        }
        // What only the part held (its copy of the tables, its ops before renumbering) is
        // freed while lowering goes on.
        releasedInBackground(consume part)
        return true
    }

    /// The nodes' initialization in two parts, halves of the model's order.
    mutating func initializeInParts() -> Bool {
        let count = mechanisms.count
        return lowerInParts(count, split: count / 2) { k, context throws(ModelError) in
            let mechanism = context.mechanisms[k]
            try mechanism.initialize(in: &context)
        }
    }

    /// An acyclic trial's executions in two parts of the execution order, split where the
    /// work is halved: a node's own execution weighs about as much as two afferents (measured
    /// on the 100k fan-in), and a fan-in's sum has thousands.
    mutating func lowerExecutionsInParts() -> Bool {
        let order = graph.order
        let weights = order.map { 2 + graph.afferents[$0].count }
        let half = weights.reduce(0, +) / 2
        var split = 0, sum = 0
        while split < order.count - 1, sum + weights[split] <= half {
            sum += weights[split]
            split += 1
        }
        return lowerInParts(order.count, split: max(split, 1)) { k, context throws(ModelError) in
            let i = context.graph.order[k]
            try context.lowerExecution(of: i, variables: context.portVariables(of: i))
        }
    }
}
