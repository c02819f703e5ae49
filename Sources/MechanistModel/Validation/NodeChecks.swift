/// Checks of one node's own fields (what does not depend on other nodes): which fields its
/// type accepts, value ranges, finiteness. Shapes are checked when the graph is resolved.
enum NodeChecks {
    static func check(_ node: Node, at path: JSONPath) throws(ModelError) {
        try checkFieldsAllowed(node, at: path)
        if node.name.isEmpty {
            throw ModelError(.invalidValue, at: path / "name", "a node needs a non-empty name")
        }
        if let size = node.size, size <= 0 {
            throw ModelError(.invalidValue, at: path / "size", "expected a positive integer, got \(size)")
        }
        if let size = node.size, size > GraphResolver.maxUnits {
            throw ModelError(.invalidValue, at: path / "size", "\(size) units is more than the \(GraphResolver.maxUnits) a node may have")
        }
        if node.size != nil && node.defaultVariable != nil {
            throw ModelError(.invalidValue, at: path, "give \"size\" or \"default_variable\", not both")
        }
        if let rows = node.defaultVariable {
            if rows.isEmpty {
                throw ModelError(.invalidValue, at: path / "default_variable", "expected a non-empty list")
            }
            for (r, row) in rows.enumerated() {
                if row.isEmpty {
                    throw ModelError(.invalidValue, at: path / "default_variable" / r,
                                     "an input port needs at least one value")
                }
                try finite(row, at: rows.count == 1 ? path / "default_variable" : path / "default_variable" / r)
            }
        }
        if let f = node.function { try FunctionChecks.check(f, at: path / "function", for: node.type) }
        if let rate = node.integrationRate {
            try finite(rate.flattened, at: path / "integration_rate")
            if let bad = rate.flattened.first(where: { !(0...1).contains($0) }) {
                throw ModelError(.invalidValue, at: path / "integration_rate",
                                 "\(JSONValue.format(bad)) is outside [0, 1]",
                                 hint: "the integrator computes (1 - rate) * previous + rate * input")
            }
        }
        if let initial = node.initialValue { try finite(initial.flattened, at: path / "initial_value") }
        if let noise = node.noise { try check(noise, at: path / "noise") }
        if let clip = node.clip {
            try finite([clip.low, clip.high], at: path / "clip")
            if clip.low > clip.high {
                throw ModelError(.invalidValue, at: path / "clip",
                                 "the low bound \(JSONValue.format(clip.low)) is above the high bound "
                                 + JSONValue.format(clip.high),
                                 hint: "write [low, high]")
            }
        }
        if let m = node.maxExecutionsBeforeFinished, m <= 0 {
            throw ModelError(.invalidValue, at: path / "max_executions_before_finished",
                             "expected a positive integer, got \(m)")
        }
        if let m = node.maxExecutionsBeforeFinished, m > Node.maxExecutionsLimit {
            throw ModelError(.invalidValue, at: path / "max_executions_before_finished",
                             "\(m) is more executions than one trial may run (at most \(Node.maxExecutionsLimit), "
                             + "minutes of compiled steps); a threshold not reached by then will not be reached",
                             hint: "give a cap of at most \(Node.maxExecutionsLimit); `mechanist check` says whether "
                                 + "the threshold can be reached")
        }
        if let t = node.terminationThreshold { try finite([t], at: path / "termination_threshold") }
        try checkOutputPorts(node, at: path)
        try checkRoles(node, at: path)
        if let rtm = node.recurrent { try check(rtm, at: path) }
        if let lca = node.lca { try check(lca, at: path) }
        if node.type == .lcaMechanism { try checkLCAAliases(node, at: path) }
        try checkMonitorAndComparator(node, at: path)
    }

    /// A model built in Swift may set fields its type does not have; a file cannot (decoding
    /// rejects unknown fields), and the message is the same.
    /// Each field of a node and whether a node sets it, in the order the error reports the
    /// first one its type does not allow. A table made once: a list built per node was a good
    /// part of validating a large model (issue 13).
    private static let fieldsSet: [(name: String, isSet: @Sendable (Node) -> Bool)] = [
        ("size", { $0.size != nil }), ("default_variable", { $0.defaultVariable != nil }),
        ("function", { $0.function != nil }), ("output_ports", { $0.outputPorts != nil }),
        ("roles", { $0.roles != nil }), ("integrator_mode", { $0.integratorMode != nil }),
        ("integration_rate", { $0.integrationRate != nil }), ("initial_value", { $0.initialValue != nil }),
        ("noise", { $0.noise != nil }), ("clip", { $0.clip != nil }),
        ("execute_until_finished", { $0.executeUntilFinished != nil }),
        ("max_executions_before_finished", { $0.maxExecutionsBeforeFinished != nil }),
        ("termination_threshold", { $0.terminationThreshold != nil }),
        ("termination_measure", { $0.terminationMeasure != nil }),
        ("matrix", { $0.recurrent?.matrix != nil }), ("auto", { $0.recurrent?.auto != nil }),
        ("hetero", { $0.recurrent?.hetero != nil }),
        ("has_recurrent_input_port", { $0.recurrent?.hasRecurrentInputPort != nil }),
        ("combination_function", { $0.recurrent?.combinationFunction != nil }),
        ("enable_learning", { $0.recurrent?.enableLearning != nil }),
        ("learning_rate", { $0.recurrent?.learningRate != nil }),
        ("learning_enabled", { $0.recurrent?.learningEnabled != nil }),
        ("leak", { $0.lca?.leak != nil }), ("competition", { $0.lca?.competition != nil }),
        ("self_excitation", { $0.lca?.selfExcitation != nil }), ("time_step_size", { $0.lca?.timeStepSize != nil }),
        ("threshold", { $0.lca?.threshold != nil }), ("threshold_criterion", { $0.lca?.thresholdCriterion != nil }),
        ("monitor", { $0.monitor != nil }), ("sample", { $0.sample != nil }), ("target", { $0.target != nil }),
    ]

    static func checkFieldsAllowed(_ node: Node, at path: JSONPath) throws(ModelError) {
        let allowed = NodeDecoder.allowedFields(node.type)
        for (field, isSet) in fieldsSet where isSet(node) && !allowed.contains(field) {
            throw ModelError(.unknownField, at: path / field,
                             "unknown field \"\(field)\" in \(article(node.type.rawValue)) \(node.type.rawValue) node",
                             hint: "allowed: " + allowed.sorted().joined(separator: ", "))
        }
    }

    static func check(_ noise: Noise, at path: JSONPath) throws(ModelError) {
        switch noise {
        case .constant(let value):
            try finite(value.flattened, at: path)
        case .normal(let mean, let sd, _):
            try finite([mean, sd], at: path)
            if sd < 0 {
                throw ModelError(.invalidValue, at: path / "standard_deviation",
                                 "expected a non-negative number, got \(JSONValue.format(sd))")
            }
        case .uniform(let low, let high, _):
            try finite([low, high], at: path)
            if low > high {
                throw ModelError(.invalidValue, at: path,
                                 "low \(JSONValue.format(low)) is above high \(JSONValue.format(high))")
            }
        }
    }

    static func checkOutputPorts(_ node: Node, at path: JSONPath) throws(ModelError) {
        guard let ports = node.outputPorts else { return }
        if ports.isEmpty {
            throw ModelError(.invalidValue, at: path / "output_ports", "expected a non-empty list of port names")
        }
        let known = node.type.standardOutputPorts
        var seen: Set<String> = []
        for (k, name) in ports.enumerated() {
            guard known.contains(name) else {
                var hint = "known: " + known.joined(separator: ", ")
                if let near = closestMatch(name, among: known) { hint = "did you mean \"\(near)\"? " + hint }
                throw ModelError(.invalidValue, at: path / "output_ports" / k,
                                 "\"\(name)\" is not a standard output port of \(article(node.type.rawValue)) "
                                 + node.type.rawValue, hint: hint)
            }
            if !seen.insert(name).inserted {
                throw ModelError(.duplicateName, at: path / "output_ports" / k, "output port \"\(name)\" is listed twice")
            }
        }
    }

    static func checkRoles(_ node: Node, at path: JSONPath) throws(ModelError) {
        guard let roles = node.roles else { return }
        let wantsInput = roles.contains(.input) || roles.contains(.origin)
        let wantsOutput = roles.contains(.output) || roles.contains(.terminal)
        if wantsInput && !node.type.isTransferFamily && node.type != .processingMechanism {
            throw ModelError(.invalidValue, at: path / "roles",
                             "\(article(node.type.rawValue).capitalized) \(node.type.rawValue) cannot be an INPUT node "
                             + "(it has no external input ports)")
        }
        if roles.contains(.internal) && (wantsInput || wantsOutput) {
            throw ModelError(.invalidValue, at: path / "roles", "INTERNAL contradicts INPUT and OUTPUT")
        }
    }

    static func check(_ r: RecurrentParameters, at path: JSONPath) throws(ModelError) {
        if case .explicit(let m)? = r.matrix { try finite(m.flatMap { $0 }, at: path / "matrix") }
        if case .random(let low, let high)? = r.matrix {
            try finite([low, high], at: path / "matrix")
            if low > high { throw ModelError(.invalidValue, at: path / "matrix", "RANDOM low is above high") }
        }
        if let a = r.auto { try finite(a.flattened, at: path / "auto") }
        if let h = r.hetero { try finite(h.flattened, at: path / "hetero") }
        if let lr = r.learningRate { try finite(lr.flattened, at: path / "learning_rate") }
        if let f = r.combinationFunction {
            try FunctionChecks.check(f, at: path / "combination_function", for: .objectiveMechanism)
        }
    }

    static func check(_ l: LCAParameters, at path: JSONPath) throws(ModelError) {
        let values: [(String, Double?)] = [("leak", l.leak), ("competition", l.competition),
                                           ("self_excitation", l.selfExcitation), ("time_step_size", l.timeStepSize),
                                           ("threshold", l.threshold)]
        for (field, value) in values { if let value { try finite([value], at: path / field) } }
        if let dt = l.timeStepSize, dt <= 0 {
            throw ModelError(.invalidValue, at: path / "time_step_size",
                             "expected a positive number, got \(JSONValue.format(dt))")
        }
    }

    /// LCAMechanism's convenience arguments and the fields they alias: PsyNeuLink raises when
    /// both are given with different values (self_excitation / auto, competition / -hetero)
    /// or at all (threshold / termination_threshold, threshold_criterion / termination_measure).
    static func checkLCAAliases(_ node: Node, at path: JSONPath) throws(ModelError) {
        let l = node.lca ?? LCAParameters()
        let r = node.recurrent ?? RecurrentParameters()
        if let s = l.selfExcitation, let a = r.auto, a != .scalar(s) {
            throw ModelError(.invalidValue, at: path / "auto",
                             "self_excitation is an alias of auto, and they differ", hint: "give one of them")
        }
        if let c = l.competition, let h = r.hetero, h != .scalar(-c) {
            throw ModelError(.invalidValue, at: path / "hetero",
                             "competition must be -hetero, and they differ", hint: "give one of them")
        }
        if l.threshold != nil && node.terminationThreshold != nil {
            throw ModelError(.invalidValue, at: path / "termination_threshold",
                             "give \"threshold\" or \"termination_threshold\", not both")
        }
        if l.thresholdCriterion != nil && node.terminationMeasure != nil {
            throw ModelError(.invalidValue, at: path / "termination_measure",
                             "give \"threshold_criterion\" or \"termination_measure\", not both")
        }
    }

    static func checkMonitorAndComparator(_ node: Node, at path: JSONPath) throws(ModelError) {
        switch node.type {
        case .objectiveMechanism:
            guard let monitor = node.monitor else {
                throw ModelError(.missingField, at: path, "missing required field \"monitor\"",
                                 hint: "an ObjectiveMechanism monitors a list of ports, e.g. [\"A.RESULT\"]")
            }
            if monitor.isEmpty { throw ModelError(.invalidValue, at: path / "monitor", "expected a non-empty list") }
            for (k, m) in monitor.enumerated() {
                let p = path / "monitor" / k
                if let w = m.weight { try finite(w.flattened, at: p / "weight") }
                if let e = m.exponent { try finite(e.flattened, at: p / "exponent") }
                if let v = m.variable {
                    if v.isEmpty { throw ModelError(.invalidValue, at: p / "variable", "expected a non-empty list") }
                    try finite(v, at: p / "variable")
                }
                if case .matrix? = m.weight {
                    throw ModelError(.invalidValue, at: p / "weight", "expected a number or one number per element")
                }
                if case .matrix? = m.exponent {
                    throw ModelError(.invalidValue, at: p / "exponent", "expected a number or one number per element")
                }
            }
        case .comparatorMechanism:
            if node.sample == nil { throw ModelError(.missingField, at: path, "missing required field \"sample\"") }
            if node.target == nil { throw ModelError(.missingField, at: path, "missing required field \"target\"") }
        case .learningMechanism:
            if node.learningMechanism == nil {
                throw ModelError(.invalidValue, at: path / "type", "LearningMechanism nodes are created by learning "
                                 + "pathways, not written in a model", hint: "list the pathway under \"learning\"")
            }
        case .autoAssociativeLearningMechanism:
            if node.autoAssociative == nil {
                throw ModelError(.invalidValue, at: path / "type", "AutoAssociativeLearningMechanism nodes are created "
                                 + "by enable_learning, not written in a model",
                                 hint: "set \"enable_learning\": true on the RecurrentTransferMechanism")
            }
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism:
            break
        }
    }

    /// Throws for the first NaN or infinity (a Swift-built model can hold them; a file
    /// cannot spell NaN, and decoding rejects overflowing literals).
    static func finite(_ values: [Double], at path: JSONPath) throws(ModelError) {
        if let bad = values.first(where: { !$0.isFinite }) {
            throw ModelError(.invalidValue, at: path, "\(bad) is not a finite number")
        }
    }
}
