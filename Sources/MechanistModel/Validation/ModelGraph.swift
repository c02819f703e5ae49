import MechanistIR

/// The resolved structure of a valid model: every node's port shapes, where each input port's
/// values come from, the nodes' roles and an execution order. `Model.validate()` builds it
/// (and throws the first fault); lowering reads it.
struct ModelGraph {
    /// One input port of a node.
    struct InputPort: Hashable {
        var name: String
        var size: Int
    }

    /// One output port: a row of the node's value, or a standard port computed from it.
    struct OutputPort: Hashable {
        var name: String
        var size: Int
        /// Which value row it reports (`RESULT`, `RESULT-k`, `OUTCOME`), or nil for a port
        /// computed from the value (`MEAN`, `SSE`, ...).
        var row: Int?
    }

    /// A node's shapes.
    struct Shape: Hashable {
        var inputPorts: [InputPort]
        /// Sizes of the rows of the node's value (its function's output).
        var valueRows: [Int]
        var outputPorts: [OutputPort]

        var valueCount: Int { valueRows.reduce(0, +) }
        /// Offset of value row `r` in the flattened value.
        func rowOffset(_ r: Int) -> Int { valueRows.prefix(r).reduce(0, +) }
    }

    /// What feeds one input port: a projection (or a monitor's or comparator's implicit one).
    struct Afferent: Hashable {
        enum Origin: Hashable {
            case projection(Int)
            case monitor(Int)
            case sample
            case target
        }

        var origin: Origin
        /// JSON path of the spec (for errors).
        var path: JSONPath
        var sender: Int
        var senderPort: Int
        var receiverPort: Int
        var rows: Int
        var columns: Int
        /// The weight matrix; nil for a direct (identity, not settable) connection.
        var matrix: MatrixSpec?
        /// The weight buffer's name (a projection's `resolvedName`).
        var name: String
    }

    var shapes: [Shape]
    var indexByName: NameTable
    /// Per node, what feeds it, in the order contributions are summed.
    var afferents: [[Afferent]]
    var isInput: [Bool]
    var isOutput: [Bool]
    /// Learning components (role LEARNING: TARGET nodes, Comparators of learning pathways,
    /// LearningMechanisms): they run only in the learning phase, in the model's order.
    var isLearning: [Bool]
    /// Processing node indices in execution order (topological; model order breaks ties).
    var order: [Int]
    /// Whether no processing nodes form a cycle (a node projecting to itself counts as one):
    /// `order` is then a topological order of them all.
    var acyclic: Bool
}

extension ModelGraph {
    /// Resolves an output port reference of node `n` (nil port: the primary port; `RESULT`
    /// also names the primary port of every mechanism, as in PsyNeuLink).
    static func outputPortIndex(_ port: String?, in shape: Shape) -> Int? {
        guard let port else { return shape.outputPorts.isEmpty ? nil : 0 }
        if let k = shape.outputPorts.firstIndex(where: { $0.name == port }) { return k }
        if port == "RESULT", !shape.outputPorts.isEmpty { return 0 }
        return nil
    }

    /// Resolves an input port reference (nil: the first port).
    static func inputPortIndex(_ port: String?, in shape: Shape) -> Int? {
        guard let port else { return shape.inputPorts.isEmpty ? nil : 0 }
        return shape.inputPorts.firstIndex { $0.name == port }
    }
}
