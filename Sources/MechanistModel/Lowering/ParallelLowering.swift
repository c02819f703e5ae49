import Dispatch
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

/// The part's context, moved to the other thread and back, and the hand-offs between the two
/// threads once each has lowered its nodes: the part's context (the whole one takes in its
/// names), where its buffers go (the part renumbers its ops meanwhile), its renumbered ops.
private final class PartBox: @unchecked Sendable {
    /// The part's context; read by both threads (not written) from `lowered` to the join.
    var context: LoweringContext?
    /// Set by the part's thread before `lowered`: an error, or nil.
    private(set) var failed = false
    /// Set by the whole context's thread before `place`: where the part's buffers go, nil
    /// when that thread failed.
    private var start: Int?
    /// The part's top-level ops renumbered, by its thread after `place`.
    var ops: [Op] = []
    private let partLowered = DispatchSemaphore(value: 0)
    private let startKnown = DispatchSemaphore(value: 0)

    init(_ context: consuming LoweringContext) { self.context = context }

    /// The part's thread: its nodes are lowered (or `failed`).
    func lowered(_ context: consuming LoweringContext, failed: Bool) {
        self.context = context
        self.failed = failed
        partLowered.signal()
    }

    /// The whole context's thread: the part's context once its nodes are lowered, nil if it failed.
    func waitForPart() -> LoweringContext? {
        partLowered.wait()
        return failed ? nil : context
    }

    /// The whole context's thread: where the part's buffers go (nil when it failed itself).
    func place(at start: Int?) {
        self.start = start
        startKnown.signal()
    }

    /// The part's thread: where its buffers go, once known.
    func waitForStart() -> Int? {
        startKnown.wait()
        return start
    }
}

extension LoweringContext {
    /// `body(k, &context)` for k in 0..<count, as one thread does it in order: k < `split` on
    /// this context while the others run on the part's (`LoweredParts`), merged after. False
    /// when the part cannot be merged or either side threw: the caller lowers again on one
    /// thread, this context being left half merged.
    ///
    /// Once both have lowered their nodes, this thread takes in the part's names while the
    /// part's renumbers its ops to where its buffers go (known once this thread is done).
    mutating func lowerInParts(_ count: Int, split: Int,
                               _ body: @Sendable (Int, inout LoweringContext) throws(ModelError) -> Void) -> Bool {
        let box = PartBox(part(firstBufferID: LoweredParts.firstPartID))
        let (merged, _) = concurrently({ () -> Bool in
            var failed = false
            do {
                for k in 0..<split { try body(k, &self) }
            } catch {
                failed = true
            }
            let start = builder.program.buffers.count
            box.place(at: failed ? nil : start)
            guard !failed, let part = box.waitForPart() else { return false }
            return adoptNames(of: part, renumbering: LoweredParts.renumbering(from: start))
        }, {
            guard var part = box.context.take() else { return }
            var failed = false
            do {
                for k in split..<count { try body(k, &part) }
            } catch {
                failed = true
            }
            let ops = part.builder.topLevelOps
            box.lowered(consume part, failed: failed)
            guard !failed, let start = box.waitForStart() else { return }
            let map = LoweredParts.renumbering(from: start)
            box.ops = ops.map { $0.renumbered(map) }
        })
        // Moved out of the box, not copied: with a copy, the box could be the last to let go of
        // the part's tables and free them here (issue 13).
        guard merged, let part = box.context.take() else { return false }
        let map = LoweredParts.renumbering(from: builder.program.buffers.count)
        builder.append(declarationsOf: part.builder, ops: box.ops)
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
    /// work is halved: an afferent weighs about three quarters of a node's own execution
    /// (measured on the 100k models: a node 10 µs, an afferent of the fan-in's sum or the
    /// objective's 7.5), and a fan-in's sum has thousands.
    mutating func lowerExecutionsInParts() -> Bool {
        let order = graph.order
        let weights = order.map { 4 + 3 * graph.afferents[$0].count }
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
