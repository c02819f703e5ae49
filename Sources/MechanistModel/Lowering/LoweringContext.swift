import MechanistIR

/// Everything lowering accumulates while it walks the nodes: the builder, unique buffer
/// names, each node's mechanism lowering and output port slices.
struct LoweringContext: FunctionEmitter {
    let model: Model
    let graph: ModelGraph
    var builder: ProgramBuilder
    /// Buffer names in use (the IR requires unique names), in declaration order.
    private(set) var names = NameTable()
    /// Per node, its output port slices once lowered (index = output port index).
    var outputs: [[Slice]]
    /// Per node, its input buffers when it is an INPUT node (index = input port index): an
    /// array by node, not a dictionary grown one INPUT node at a time (issue 13).
    var externalInputs: [[Slice]?]
    /// Per node, per afferent (as in `graph.afferents`), its weight matrix; nil for an
    /// afferent without one (a direct read).
    var afferentWeights: [[Slice?]]
    /// Every weight matrix with its name (a projection's, a recurrent node's), in declaration
    /// order; found by name through `weight(named:)`.
    private var weightList: [(name: String, slice: Slice)] = []
    /// `weightList` by name, built at the first look-up: only learning and recurrent nodes
    /// look a matrix up by name, and hashing every projection's name was a part of lowering
    /// a large model (issue 13).
    private var weightsByName: [String: Slice]?
    /// Per node, its state buffers.
    var states: [[BufferID]]
    /// Per node (in the model's order), the lowering of its mechanism kind, holding the
    /// buffers it declared (empty until `declareMechanisms`).
    var mechanisms: [any MechanismLowering] = []
    /// The scheduler's counters, once the scheduled trial declared them: a learning trial's
    /// passes count with the same clock.
    var schedulerCounters: SchedulerCounters?

    /// Runtime parameters by name (`hidden.function.gain`), in declaration order: every
    /// emission that reads one reads the same buffer, which the host sets by name.
    var runtimeParameters: [(name: String, slice: Slice)] = []
    /// Per index in `names`, the index in `runtimeParameters` of the parameter asked for by
    /// that name, or -1: a model declares a few per node, so a scan per lookup made lowering
    /// quadratic in the nodes, and a dictionary by name hashed every name again (issue 13).
    private var runtimeParameterOfName: [Int32] = []

    /// Per node name (index in `functionParameterNodes`), the parameters its function asked
    /// for: asking again for the same fields (the execution after the initialization) finds
    /// the same buffers without building and looking up every name again (issue 13).
    private var functionParameterNodes = NameTable()
    private var functionParameterCache: [FunctionParameters?] = []

    /// The ports the host records (`--record`), as `node.PORT`: a port nobody reads may be
    /// left unmaterialized (a LearningMechanism's LEARNING_SIGNAL fuses into the update).
    let recordedPorts: Set<String>
    /// Nodes some LearningMechanism reads as its ACTIVATION_OUTPUT (a set: each node asks).
    let learnedActivationOutputs: Set<String>
    /// Per node index, the trajectories its executions append to (`--record-steps`).
    var stepRecords: [Int: [(source: Slice, steps: Slice, counter: Slice)]] = [:]

    /// In a context lowering one part of the nodes beside the whole model's (`LoweredParts`),
    /// how many names, runtime parameters and functions' parameters it held when the part
    /// began; nil otherwise.
    private(set) var partStart: (names: Int, parameters: Int, functions: Int)?
    /// Whether this part asked for a runtime parameter by a name that a buffer other than a
    /// parameter took before the part began: the whole model's context may have given that
    /// name's parameter since, so the part cannot be merged (`adoptNames(of:renumbering:)`).
    private(set) var reusedEarlierName = false

    init(model: Model, graph: ModelGraph, recordedPorts: Set<String> = []) {
        self.model = model
        self.graph = graph
        self.recordedPorts = recordedPorts
        learnedActivationOutputs = Set(model.nodes.compactMap { $0.learningMechanism?.activationOutput.node })
        builder = ProgramBuilder(name: model.name)
        outputs = [[Slice]](repeating: [], count: model.nodes.count)
        states = [[BufferID]](repeating: [], count: model.nodes.count)
        externalInputs = [[Slice]?](repeating: nil, count: model.nodes.count)
        afferentWeights = graph.afferents.map { [Slice?](repeating: nil, count: $0.count) }
        // A node declares several buffers and parameters: growing these sets from empty
        // rehashed every name a dozen times in a large model.
        names = NameTable(minimumCapacity: 8 * model.nodes.count + model.projections.count)
        functionParameterNodes = NameTable(minimumCapacity: model.nodes.count)
        builder.reserveCapacity(buffers: 8 * model.nodes.count + model.projections.count)
    }

    /// `base`, or `base#2`, `base#3`, ... if taken: internal buffers never collide with
    /// each other or with the names the host looks up (weights, inputs).
    mutating func uniqueName(_ base: String) -> String {
        // Insert-and-test: one hash of the name in the common case (no collision).
        var name = base
        var n = 2
        while !names.insert(name).inserted {
            name = "\(base)#\(n)"
            n += 1
        }
        return name
    }

    /// The runtime parameter `name`, declared on first use (see `FunctionEmitter.parameter`).
    mutating func parameter(_ name: String, _ values: [Double]) -> Slice {
        let shape: Shape = values.count == 1 ? .scalar : .vector(values.count)
        // A name not taken yet is a new parameter: one hash (every runtime parameter's name
        // is in `names`). A taken one is this parameter again, or another buffer's name.
        let slice: Slice
        let (inserted, index) = names.insert(name)
        if runtimeParameterOfName.count < names.count {
            runtimeParameterOfName += repeatElement(-1, count: names.count - runtimeParameterOfName.count)
        }
        if inserted {
            slice = builder.buffer(name, .parameter, shape, initial: values)
        } else if runtimeParameterOfName[index] >= 0 {
            return runtimeParameters[Int(runtimeParameterOfName[index])].slice
        } else {
            if let start = partStart, index < start.names { reusedEarlierName = true }
            slice = buffer(name, .parameter, shape, initial: values)
        }
        // `buffer` may have taken `name#2`: the parameter is still asked for as `name`.
        runtimeParameterOfName[index] = Int32(truncatingIfNeeded: runtimeParameters.count)
        runtimeParameters.append((name, slice))
        return slice
    }

    /// `FunctionEmitter.functionParameters`, remembered per node: the same fields give the
    /// same buffers (a runtime parameter's name, once declared, always finds its buffer).
    mutating func functionParameters(_ fields: [(name: String, value: Double)], node: String) -> FunctionParameters {
        let index = functionParameterNodes.insert(node).index
        if index == functionParameterCache.count { functionParameterCache.append(nil) }
        if let known = functionParameterCache[index], known.hasFields(fields) { return known }
        let parameters = declareFunctionParameters(fields, node: node)
        functionParameterCache[index] = parameters
        return parameters
    }

    /// Records the weight matrix `name` (see `weight(named:)`).
    mutating func addWeight(_ name: String, _ slice: Slice) {
        weightList.append((name, slice))
        weightsByName = nil
    }

    /// The weight matrix named `name` (a projection's, or a recurrent node's).
    mutating func weight(named name: String) -> Slice? {
        if weightsByName == nil {
            var table = [String: Slice](minimumCapacity: weightList.count)
            for (name, slice) in weightList { table[name] = slice }
            weightsByName = table
        }
        return weightsByName?[name]
    }

    /// Declares a buffer whose exact name the host relies on; a collision is a model error.
    mutating func namedBuffer(_ name: String, _ role: BufferRole, _ shape: Shape, initial: [Double] = [],
                              path: JSONPath) throws(ModelError) -> Slice {
        guard names.insert(name).inserted else {
            throw ModelError(.duplicateName, at: path, "the name \"\(name)\" is used twice in the lowered program",
                             hint: "rename the projection")
        }
        return builder.buffer(name, role, shape, initial: initial)
    }

    /// Declares an input buffer for a node's input port (named `node.port`).
    /// `path`, where the error points, is built only for the error.
    mutating func input(node: String, port: String, count: Int,
                        path: @autoclosure () -> JSONPath) throws(ModelError) -> Slice {
        let name = BufferNames.joined(node, ".", port)
        guard names.insert(name).inserted else {
            throw ModelError(.duplicateName, at: path(), "the name \"\(name)\" is used twice in the lowered program")
        }
        return builder.input(named: name, node: node, port: port, count: count)
    }

    /// Declares a state buffer of node `i` and remembers it.
    mutating func state(of i: Int, _ suffix: String, _ shape: Shape, initial: [Double] = []) -> Slice {
        let slice = buffer("\(model.nodes[i].name).\(suffix)", .state, shape, initial: initial)
        states[i].append(slice.buffer)
        return slice
    }
}

extension LoweringContext {
    /// A context that lowers a part of the nodes beside this one (`LoweredParts`): it knows
    /// every name and buffer declared so far, declares its own buffers from the provisional id
    /// `firstBufferID` on (in a builder of its own), and records the state buffers it declares
    /// only (`states` starts empty).
    func part(firstBufferID: Int) -> LoweringContext {
        var part = self
        part.builder = .part(name: model.name, firstBufferID: firstBufferID)
        part.states = [[BufferID]](repeating: [], count: model.nodes.count)
        part.partStart = (names.count, runtimeParameters.count, functionParameterNodes.count)
        return part
    }

    /// Takes in the names `part` took and the runtime parameters it declared since it began,
    /// after all of this context's (as if the part had been lowered after it), their slices
    /// renumbered by `map`. False when one of its names is taken here, or it reused an earlier
    /// name (`reusedEarlierName`): lowered after this context, the part would have named or
    /// found its buffers differently (`name#2`, or this context's parameter), so the caller
    /// lowers the model again on one thread. Left half merged then: it is dropped.
    mutating func adoptNames(of part: LoweringContext, renumbering map: (BufferID) -> BufferID) -> Bool {
        guard let start = part.partStart, !part.reusedEarlierName else { return false }
        let firstParameter = runtimeParameters.count
        guard let indexes = names.insert(contentsOf: part.names, from: start.names) else { return false }
        if runtimeParameterOfName.count < names.count {
            runtimeParameterOfName += repeatElement(-1, count: names.count - runtimeParameterOfName.count)
        }
        for (index, mine) in zip(start.names..., indexes) where index < part.runtimeParameterOfName.count {
            let parameter = Int(part.runtimeParameterOfName[index])
            guard parameter >= start.parameters else { continue }
            runtimeParameterOfName[mine] = Int32(truncatingIfNeeded: firstParameter + parameter - start.parameters)
        }
        for (name, slice) in part.runtimeParameters[start.parameters...] {
            runtimeParameters.append((name, slice.renumbered(map)))
        }
        // The functions' parameters it found, so that a node whose execution is lowered here
        // after its initialization was in the part finds them at once. (One it asked again
        // under a name known before finds the same buffers by name, as one thread does.)
        guard let functions = functionParameterNodes.insert(contentsOf: part.functionParameterNodes,
                                                           from: start.functions) else { return false }
        for (index, mine) in zip(start.functions..., functions) {
            if mine == functionParameterCache.count { functionParameterCache.append(nil) }
            functionParameterCache[mine] = part.functionParameterCache[index]?.renumbered(map)
        }
        return true
    }

    /// The ops `build` emits, collected into a separate list (a body for `until`, `loop` or
    /// `branch`) instead of the current one. Buffers it declares stay declared.
    mutating func collectOps(_ build: (inout LoweringContext) -> Void) -> [Op] {
        var outer = builder
        let ops = outer.body { (inner: inout ProgramBuilder) in
            // Let the context emit into the pushed list, then hand the builder back.
            swap(&inner, &builder)
            build(&self)
            swap(&inner, &builder)
        }
        builder = outer
        return ops
    }
}
