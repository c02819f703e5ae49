/// Decodes one entry of `nodes`. Which fields each type accepts follows PsyNeuLink 0.21's
/// constructors (and the reference translator, scripts/pnl_from_model.py).
enum NodeDecoder {
    static let common = ["name", "type", "size", "default_variable", "function", "output_ports", "roles"]
    static let transfer = ["integrator_mode", "integration_rate", "initial_value", "noise", "clip",
                           "execute_until_finished", "max_executions_before_finished",
                           "termination_threshold", "termination_measure"]
    static let recurrent = ["matrix", "auto", "hetero", "has_recurrent_input_port", "combination_function",
                            "enable_learning", "learning_rate", "learning_enabled"]
    static let lca = ["leak", "competition", "self_excitation", "time_step_size", "threshold",
                      "threshold_criterion"]

    static func allowedFields(_ type: NodeType) -> [String] {
        switch type {
        case .processingMechanism: return common
        case .transferMechanism: return common + transfer
        case .recurrentTransferMechanism: return common + transfer + recurrent
        case .lcaMechanism: return common + transfer + recurrent + lca
        case .objectiveMechanism: return common + ["monitor"]
        case .comparatorMechanism: return ["name", "type", "function", "output_ports", "roles", "sample", "target"]
        case .learningMechanism, .autoAssociativeLearningMechanism: return ["name", "type", "output_ports", "roles"]
        }
    }

    /// The type names a model file may use.
    static let typeNames = NodeType.allCases.filter(\.isWritable).map(\.rawValue)

    /// Decodes a node; port references are resolved against `nodeNames` (all of the model's).
    static func node(_ value: JSONValue, _ path: JSONPath, nodeNames: Set<String>) throws(ModelError) -> Node {
        let r = try ObjectReader(value, at: path, what: "a node")
        let typeName = try Read.string(try r.required("type", hint: "known: " + typeNames.joined(separator: ", ")),
                                       path / "type")
        guard let type = NodeType(rawValue: typeName), type.isWritable else {
            var hint = "known: " + typeNames.sorted().joined(separator: ", ")
            if let near = closestMatch(typeName, among: typeNames) { hint = "did you mean \"\(near)\"? " + hint }
            throw ModelError(.unknownType, at: path / "type", "unknown node type \"\(typeName)\"", hint: hint)
        }
        try r.checkFields(allowed: allowedFields(type), of: "\(article(typeName)) \(typeName) node")
        let name = try Read.string(try r.required("name"), path / "name")
        var node = Node(name: name, type: type)
        node.size = try r.optional("size", Read.integer)
        node.defaultVariable = try r.optional("default_variable", defaultVariable)
        node.function = try r.optional("function", FunctionDecoder.function)
        node.outputPorts = try r.optional("output_ports", Read.stringList)
        node.roles = try r.optional("roles", roles)
        node.integratorMode = try r.optional("integrator_mode", Read.bool)
        node.integrationRate = try r.optional("integration_rate", Read.parameterValue)
        node.initialValue = try r.optional("initial_value", Read.parameterValue)
        node.noise = try r.optional("noise", FunctionDecoder.noise)
        node.clip = try r.optional("clip", clip)
        node.executeUntilFinished = try r.optional("execute_until_finished", Read.bool)
        node.maxExecutionsBeforeFinished = try r.optional("max_executions_before_finished", Read.integer)
        node.terminationThreshold = try r.optional("termination_threshold", Read.number)
        node.terminationMeasure = try r.optional("termination_measure", terminationMeasure)
        let rtm = try recurrentParameters(r)
        if !rtm.isEmpty { node.recurrent = rtm }
        let lcaParameters = try lcaParameters(r)
        if !lcaParameters.isEmpty { node.lca = lcaParameters }
        if type == .lcaMechanism && node.lca == nil { node.lca = LCAParameters() }
        node.monitor = try r.optional("monitor") { (v, p) throws(ModelError) in try monitor(v, p, nodeNames: nodeNames) }
        let reference = { (v: JSONValue, p: JSONPath) throws(ModelError) -> PortReference in
            try portReference(v, p, nodeNames: nodeNames)
        }
        node.sample = try r.optional("sample", reference)
        node.target = try r.optional("target", reference)
        return node
    }

    /// A flat list is one input port; a nested list has one row per input port.
    static func defaultVariable(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [[Double]] {
        switch try Read.parameterValue(value, path) {
        case .scalar(let x): return [[x]]
        case .vector(let v): return [v]
        case .matrix(let m): return m
        }
    }

    static func roles(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [NodeRole] {
        let names = NodeRole.allCases.filter(\.isWritable).map(\.rawValue)
        var out: [NodeRole] = []
        for (i, item) in try Read.array(value, path, what: "a list of roles").enumerated() {
            let s = try Read.keyword(item, path / i, allowed: names, what: "role")
            if let role = NodeRole(rawValue: s) { out.append(role) }
        }
        return out
    }

    static func clip(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Clip {
        let items = try Read.array(value, path, what: "[low, high]")
        guard items.count == 2 else {
            throw ModelError(.invalidValue, at: path, "expected [low, high] (two numbers), got \(items.count) values")
        }
        return Clip(try Read.number(items[0], path / 0), try Read.number(items[1], path / 1))
    }

    static func terminationMeasure(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> TerminationMeasure {
        let allowed = ["MAX_ABS_DIFF"] + TimeScale.allCases.map(\.rawValue)
        let s = try Read.keyword(value, path, allowed: allowed, what: "termination_measure")
        return TimeScale(rawValue: s).map(TerminationMeasure.timeScale) ?? .maxAbsDiff
    }

    static func recurrentParameters(_ r: ObjectReader) throws(ModelError) -> RecurrentParameters {
        RecurrentParameters(
            matrix: try r.optional("matrix", FunctionDecoder.matrix),
            auto: try r.optional("auto", Read.parameterValue),
            hetero: try r.optional("hetero", Read.parameterValue),
            hasRecurrentInputPort: try r.optional("has_recurrent_input_port", Read.bool),
            combinationFunction: try r.optional("combination_function", FunctionDecoder.function),
            enableLearning: try r.optional("enable_learning", Read.bool),
            learningRate: try r.optional("learning_rate", Read.parameterValue),
            learningEnabled: try r.optional("learning_enabled", Read.bool))
    }

    static func lcaParameters(_ r: ObjectReader) throws(ModelError) -> LCAParameters {
        let criteria = ThresholdCriterion.allCases.map(\.rawValue)
        let criterion = try r.optional("threshold_criterion") { (v, p) throws(ModelError) in
            try Read.keyword(v, p, allowed: criteria, what: "threshold_criterion")
        }
        return LCAParameters(
            leak: try r.optional("leak", Read.number),
            competition: try r.optional("competition", Read.number),
            selfExcitation: try r.optional("self_excitation", Read.number),
            timeStepSize: try r.optional("time_step_size", Read.number),
            threshold: try r.optional("threshold", Read.number),
            thresholdCriterion: criterion.flatMap(ThresholdCriterion.init(rawValue:)))
    }

    /// A list of `"node"`, `"node.PORT"` or `{"port": ..., "weight": ..., ...}`.
    static func monitor(_ value: JSONValue, _ path: JSONPath, nodeNames: Set<String>) throws(ModelError) -> [MonitorSpec] {
        var out: [MonitorSpec] = []
        for (i, item) in try Read.array(value, path, what: "a list of monitored ports").enumerated() {
            let p = path / i
            if case .string = item {
                out.append(MonitorSpec(try portReference(item, p, nodeNames: nodeNames)))
                continue
            }
            let r = try ObjectReader(item, at: p, what: "a monitored port (\"node.PORT\" or an object)")
            try r.checkFields(allowed: ["port", "weight", "exponent", "matrix", "variable"], of: "a monitor entry")
            out.append(MonitorSpec(try portReference(try r.required("port"), p / "port", nodeNames: nodeNames),
                                   weight: try r.optional("weight", Read.parameterValue),
                                   exponent: try r.optional("exponent", Read.parameterValue),
                                   matrix: try r.optional("matrix", FunctionDecoder.matrix),
                                   variable: try r.optional("variable", Read.vector)))
        }
        return out
    }

    /// `"node"` or `"node.PORT"`; unknown nodes are kept as written for validation to report.
    static func portReference(_ value: JSONValue, _ path: JSONPath, nodeNames: Set<String>)
        throws(ModelError) -> PortReference {
        let text = try Read.string(value, path)
        return PortReference(parsing: text, nodeNames: nodeNames) ?? PortReference(stringLiteral: text)
    }
}
