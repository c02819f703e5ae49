import MechanistIR

/// What `lower` is asked for beyond the model: extra ports to record every trial.
package struct LoweringOptions: Sendable, Hashable {
    /// Output ports recorded after the results (`--record node.PORT`), in order. A reference
    /// without a port records the node's primary output port.
    package var record: [PortReference]
    /// Output ports recorded at every execution within a trial (`--record-steps node.PORT`).
    package var recordSteps: [PortReference] = []

    package init(record: [PortReference] = [], recordSteps: [PortReference] = []) {
        self.record = record
        self.recordSteps = recordSteps
    }
}

/// A lowered model: the Program, and how its buffers and output slots map back to the
/// model's nodes, ports and projections (what the CLI needs to read inputs, print results as
/// MODEL_FORMAT.md describes, and read or set weights by projection name).
package struct LoweredModel: Sendable, Hashable {
    package var program: Program
    /// `program.outputs[0..<resultCount]` are each trial's `results`: the OUTPUT nodes'
    /// output ports, nodes in the model's order, ports in `output_ports` order. The slots
    /// after them are the recorded ports of `LoweringOptions.record`, in order.
    package var resultCount: Int
    /// The OUTPUT nodes, in the model's order.
    package var outputNodes: [String]
    /// INPUT nodes in the model's order, with one input buffer per input port.
    package var inputs: [NodeInputs]
    /// Weight matrices by projection name (MappingProjections, then ObjectiveMechanism
    /// monitor projections), in declaration order.
    package var weights: [WeightMatrix]
    /// Every node's state buffers (`<node>.value` first), in the model's node order.
    package var states: [NodeState]
    /// The TARGET nodes of learning pathways (INPUT nodes fed from the inputs file's `targets`).
    package var targets: [TargetInput] = []
    /// Each LearningMechanism's learning-rate parameter.
    package var learningRates: [LearningRateParameter] = []
    /// The runtime parameters (`parameter` buffers the host sets by name), in declaration order.
    package var parameters: [RuntimeParameter] = []
    /// The projections whose matrices learning changes (learnable ones), in learning order.
    package var learnedWeights: [String] = []
    /// The table lowering named `program`'s buffers through: verifying the Program compares
    /// its names with these instead of hashing each again (nil: hash them).
    package var bufferNames: NameTable?

    /// Ports recorded at every execution within a trial (`LoweringOptions.recordSteps`).
    package var stepRecords: [StepRecord] = []
    /// The nodes with a termination threshold, each with its output slot (the last slots of
    /// the Program, after the recorded ports) telling whether the threshold held at its last
    /// execution of the trial.
    package var undecided: [UndecidedFlag] = []

    /// The output slots that hold recorded ports.
    package var recordSlots: Range<Int> { resultCount..<(program.outputs.count - undecided.count) }

    package init(program: Program, resultCount: Int, outputNodes: [String], inputs: [NodeInputs],
                weights: [WeightMatrix], states: [NodeState]) {
        self.program = program
        self.resultCount = resultCount
        self.outputNodes = outputNodes
        self.inputs = inputs
        self.weights = weights
        self.states = states
    }

    /// The weight matrix of the projection named `name`.
    package func weight(named name: String) -> WeightMatrix? { weights.first { $0.name == name } }

    /// The input buffers of INPUT node `node`.
    package func inputs(of node: String) -> NodeInputs? { inputs.first { $0.node == node } }
}

/// The input ports of one INPUT node.
package struct NodeInputs: Sendable, Hashable {
    package var node: String
    /// One per input port, in port order (`InputPort-0`, ...).
    package var ports: [InputPortBuffer]

    package init(node: String, ports: [InputPortBuffer]) {
        self.node = node
        self.ports = ports
    }
}

/// One input port's buffer: the host writes `size` values per trial at its layout offset.
package struct InputPortBuffer: Sendable, Hashable {
    package var port: String
    package var buffer: BufferID
    package var size: Int

    package init(port: String, buffer: BufferID, size: Int) {
        self.port = port
        self.buffer = buffer
        self.size = size
    }
}

/// A projection's weight matrix (role `weight`, row-major: rows = sender units).
package struct WeightMatrix: Sendable, Hashable {
    package var name: String
    package var buffer: BufferID
    package var rows: Int
    package var columns: Int
    /// The projection's `learnable` (PsyNeuLink's default: true).
    package var learnable: Bool

    package init(name: String, buffer: BufferID, rows: Int, columns: Int, learnable: Bool) {
        self.name = name
        self.buffer = buffer
        self.rows = rows
        self.columns = columns
        self.learnable = learnable
    }
}

/// A node's state buffers (persisting across trials): its value, integrator, computed ports.
package struct NodeState: Sendable, Hashable {
    package var node: String
    package var buffers: [BufferID]

    package init(node: String, buffers: [BufferID]) {
        self.node = node
        self.buffers = buffers
    }
}

/// A learning pathway's TARGET node and the keys the inputs file's `targets` may use for it.
package struct TargetInput: Sendable, Hashable {
    /// The TARGET node (an INPUT node of the program).
    package var node: String
    /// The pathway's last node and the TARGET node's own name (and those of pathways sharing it).
    package var aliases: [String]

    package init(node: String, aliases: [String]) {
        self.node = node
        self.aliases = aliases
    }
}

/// A LearningMechanism's learning rate: a one-element buffer of role `weight` (host-settable).
package struct LearningRateParameter: Sendable, Hashable {
    package var mechanism: String
    package var buffer: BufferID
    /// False when the projection has its own rate, which a run-time rate does not override.
    package var overridable: Bool

    package init(mechanism: String, buffer: BufferID, overridable: Bool) {
        self.mechanism = mechanism
        self.buffer = buffer
        self.overridable = overridable
    }
}

/// A parameter the host may set without recompiling: a `parameter` buffer named as the
/// model's parameter (`lca.leak`; a vector's elements are `name[i]`), or a projection's
/// matrix (`name.matrix[i][j]`, its `weight` buffer).
package struct RuntimeParameter: Sendable, Hashable {
    package var name: String
    package var buffer: BufferID
    package var count: Int

    package init(name: String, buffer: BufferID, count: Int) {
        self.name = name
        self.buffer = buffer
        self.count = count
    }
}
