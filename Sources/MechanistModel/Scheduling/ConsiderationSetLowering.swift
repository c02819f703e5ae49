import MechanistIR

extension LoweringContext {
    /// The consideration queue of this model's processing nodes: learning components run
    /// only in the learning phase, never in a pass.
    var considerationQueue: ConsiderationQueue { considerationQueue(hebbianInPasses: false) }

    /// With `hebbianInPasses`, also each AutoAssociativeLearningMechanism, as the child of
    /// the mechanism whose activity it reads: PsyNeuLink's `learn` runs it in the pass (the
    /// execution phase), in the consideration set after that mechanism's.
    func considerationQueue(hebbianInPasses: Bool) -> ConsiderationQueue {
        let inPass = runsInPass(hebbianInPasses: hebbianInPasses)
        let senders = graph.afferents.indices.map { i -> [Int] in
            guard graph.isLearning[i] else { return graph.afferents[i].map(\.sender) }
            guard inPass[i], let spec = model.nodes[i].autoAssociative,
                  let mechanism = graph.indexByName[spec.mechanism] else { return [] }
            return [mechanism]
        }
        return ConsiderationQueue(senders: senders).excluding { !inPass[$0] }
    }

    /// Per node, whether a pass runs it: processing nodes, and with `hebbianInPasses` the
    /// AutoAssociativeLearningMechanisms.
    func runsInPass(hebbianInPasses: Bool) -> [Bool] {
        model.nodes.indices.map { !graph.isLearning[$0] || (hebbianInPasses && model.nodes[$0].autoAssociative != nil) }
    }

    /// Emits the executions of the members of one consideration set: each member whose
    /// `flags` entry is given runs only when that flag is nonzero (nil: it always runs), in
    /// the model's node order. Members read each other's output ports as they were at the
    /// start of the set (PsyNeuLink's frozen values: each node executes, then its new output
    /// is set aside until the whole set has run), so the ports a member reads from another
    /// are copied to temps first. A set whose members do not read each other copies nothing.
    ///
    /// A member that is a learning component also applies its change right after it executes
    /// (an AutoAssociativeLearningMechanism in a learning trial's pass).
    mutating func lowerSetExecutions(_ members: [Int], flags: [Int: Slice]) throws(ModelError) {
        let frozen = freezeSetValues(members)
        for i in members {
            guard let flag = flags[i] else {
                try lowerExecution(of: i, variables: portVariables(of: i, frozen: frozen))
                if graph.isLearning[i] { try mechanisms[i].learn(in: &self) }
                continue
            }
            let then = try collectThrowingOps { (context) throws(ModelError) in
                try context.lowerExecution(of: i, variables: context.portVariables(of: i, frozen: frozen))
                if context.graph.isLearning[i] { try context.mechanisms[i].learn(in: &context) }
            }
            builder.emit(.branch(flag: flag, then: then, otherwise: []))
        }
    }

    /// `collectOps` for a body whose lowering may throw: the first error is rethrown.
    mutating func collectThrowingOps(_ build: (inout LoweringContext) throws(ModelError) -> Void)
        throws(ModelError) -> [Op] {
        var failure: ModelError?
        let ops = collectOps { context in
            do throws(ModelError) { try build(&context) } catch { failure = error }
        }
        if let failure { throw failure }
        return ops
    }

    /// Copies of the output ports that members of `members` read from other members, by
    /// (sender, output port index).
    private mutating func freezeSetValues(_ members: [Int]) -> [Int: [Int: Slice]] {
        guard members.count > 1 else { return [:] }
        let set = Set(members)
        var frozen: [Int: [Int: Slice]] = [:]
        for i in members {
            for a in graph.afferents[i] where a.sender != i && set.contains(a.sender) {
                if frozen[a.sender]?[a.senderPort] != nil { continue }
                let port = outputs[a.sender][a.senderPort]
                let portName = graph.shapes[a.sender].outputPorts[a.senderPort].name
                let copy = buffer("\(model.nodes[a.sender].name).\(portName).frozen", .temp, .vector(port.count))
                builder.assign(copy, .element(port))
                frozen[a.sender, default: [:]][a.senderPort] = copy
            }
        }
        return frozen
    }
}
