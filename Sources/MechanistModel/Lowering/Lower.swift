import MechanistIR

/// Lowers a model to a Program: the one place where the model's semantics are written.
///
/// Layout: weights (one `weight` buffer per projection, named by it; RANDOM ones drawn in
/// `initialization`), one input buffer per input port of every INPUT node, then the trial.
/// Without a scheduler section the trial is straight-line code: every node once, in
/// topological order (the model's order breaks ties; cycles run as consideration sets with
/// frozen values), computing its input ports (sums of `sender @ matrix`) and lowering itself,
/// writing its value to state `<node>.value`. With one, the scheduler is compiled into the
/// trial (passes, conditions, termination, resets: `lowerScheduledTrial`).
/// Recorded per trial: the OUTPUT nodes' output ports (the results), then `options.record`.
///
/// Validates the model first; throws `ModelError` for invalid models, for features not
/// lowered yet (`notSupported`), and for unknown recorded ports.
///
/// `threads`: a large model's nodes are lowered in two parts at once (`LoweredParts`), to
/// the same Program.
package func lower(_ model: Model, options: LoweringOptions = LoweringOptions(),
                   threads: LoweringThreads = .automatic) throws(ModelError) -> LoweredModel {
    if let lowered = try loweredUnlessPartsCollide(model, options: options, threads: threads) { return lowered }
    // The parts could not be merged (a name both took; an error in either): once more in
    // order, on one thread.
    guard let lowered = try loweredUnlessPartsCollide(model, options: options, threads: .one) else {
        preconditionFailure("lowering on one thread has no parts to merge")
    }
    return lowered
}

/// `lower`, or nil when lowering in parts could not merge them (`lower` then lowers again on
/// one thread; the tests ask which way a model went).
package func loweredUnlessPartsCollide(_ model: Model, options: LoweringOptions,
                       threads: LoweringThreads) throws(ModelError) -> LoweredModel? {
    // Learning pathways become nodes first (TARGET, Comparator, LearningMechanisms): from
    // here on, learning is nodes like any other.
    let pathways = model.learning
    let model = try model.expandingLearning()
    var graph = try model.graph()
    try Support.check(model, graph)
    let recordedPorts = try RecordedPorts(options.record, model: model, graph: &graph)
    let stepPorts = try RecordedPorts(options.recordSteps, model: model, graph: &graph, flag: "--record-steps")
    let recorded = Set((options.record + options.recordSteps).map { "\($0.node).\($0.port ?? "")" })
    var context = LoweringContext(model: model, graph: graph, recordedPorts: recorded)
    let inputs = try context.declareInputs()
    let (weights, projectionWeights) = try context.declareWeights()
    // Every node's buffers exist before any execution is lowered, so a node can read a
    // sender that runs later (cycles read the previous value).
    context.declareMechanisms()
    let stepRecords = try context.declareStepRecords(stepPorts.resolved)
    // Initialization: the RANDOM draws (emitted by declareWeights), then the nodes' own
    // (e.g. a recurrent mechanism's initial output).
    // Step records are declared once, in order, by whichever execution comes first: not
    // lowered in parts.
    let parts = LoweredParts(stepPorts.resolved.isEmpty ? threads : .one, nodes: model.nodes.count)
    if parts.enabled {
        guard context.initializeInParts() else { return nil }
    } else {
        for mechanism in context.mechanisms { try mechanism.initialize(in: &context) }
    }
    // A saved state replaces what initialization computed, so it comes last.
    try context.restoreSavedState(model.state)
    context.builder.finish(.initialization)
    if let scheduler = model.scheduler, !scheduler.isEmpty {
        try context.lowerScheduledTrial(scheduler)
    } else if parts.enabled, context.graph.acyclic {
        guard context.lowerExecutionsInParts() else { return nil }
    } else {
        try context.lowerUnscheduledTrial()
    }
    context.builder.finish(.trial)
    context.builder.insert(context.stepCounterResets(stepRecords), atStartOf: .trial)
    try context.lowerLearningTrial()
    let outputNodes = model.nodes.indices.filter { graph.isOutput[$0] }
    for i in outputNodes {
        for (k, port) in graph.shapes[i].outputPorts.prefix(recordedPorts.declaredPortCounts[i]).enumerated() {
            context.builder.record(node: model.nodes[i].name, port: port.name, context.outputs[i][k])
        }
    }
    let resultCount = context.builder.program.outputs.count
    for (i, k, label) in recordedPorts.resolved {
        context.builder.record(node: model.nodes[i].name, port: label, context.outputs[i][k])
    }
    let undecided = context.recordUndecidedFlags()
    let states = model.nodes.indices.map { NodeState(node: model.nodes[$0].name, buffers: context.states[$0]) }
    var lowered = LoweredModel(program: context.builder.program, resultCount: resultCount,
                               outputNodes: outputNodes.map { model.nodes[$0].name }, inputs: inputs,
                               weights: weights, states: states)
    lowered.stepRecords = stepRecords
    lowered.bufferNames = context.names
    lowered.undecided = undecided
    context.describeLearning(pathways, into: &lowered)
    // The projections' matrices, not the monitors' or recurrent ones: by position, not by a
    // set of every projection's name (spelling and hashing those was a part of lowering a
    // large model, issue 13).
    lowered.parameters = context.runtimeParameters.map { RuntimeParameter(name: $0.name, buffer: $0.slice.buffer,
                                                                          count: $0.slice.count) }
        + weights.prefix(projectionWeights).map { RuntimeParameter(name: "\($0.name).matrix", buffer: $0.buffer,
                                                                   count: $0.rows * $0.columns) }
    // Lowering's tables, freed while the caller goes on: moved there, not copied (with a copy,
    // whichever of the two let go last freed them, often this thread).
    releasedInBackground(consume context)
    return lowered
}
