/// Decodes `scheduler` and `learning` (kept for the issues that lower them).
enum SchedulerDecoder {
    static func scheduler(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Scheduler {
        let r = try ObjectReader(value, at: path, what: "a scheduler")
        try r.checkFields(allowed: ["conditions", "termination", "reset_stateful_function_when"], of: "the scheduler")
        var scheduler = Scheduler()
        if let c = r["conditions"] { scheduler.conditions = try nodeConditions(c, path / "conditions") }
        if let t = r["termination"] {
            let tr = try ObjectReader(t, at: path / "termination", what: "an object with \"trial\" and/or \"pass\"")
            try tr.checkFields(allowed: ["trial", "pass"], of: "termination")
            scheduler.trialTermination = try tr.optional("trial", condition)
            scheduler.passTermination = try tr.optional("pass", condition)
        }
        if let c = r["reset_stateful_function_when"] {
            scheduler.resetStatefulFunctionWhen = try nodeConditions(c, path / "reset_stateful_function_when")
        }
        return scheduler
    }

    static func nodeConditions(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [NodeCondition] {
        let r = try ObjectReader(value, at: path, what: "an object mapping node names to conditions")
        var out: [NodeCondition] = []
        for member in r.members {
            out.append(NodeCondition(node: member.key, condition: try condition(member.value, path / member.key)))
        }
        return out
    }

    /// `"Always"` or `{"type": "EveryNCalls", "node": "hidden", "n": 10}`.
    static func condition(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> Condition {
        let typeName: String
        let typePath: JSONPath
        var r: ObjectReader?
        if case .string(let s) = value {
            typeName = s
            typePath = path
        } else {
            let reader = try ObjectReader(value, at: path, what: "a condition")
            typeName = try Read.string(try reader.required("type"), path / "type")
            typePath = path / "type"
            r = reader
        }
        guard let arguments = conditionArguments[typeName] else {
            var hint = "known: " + Condition.typeNames.joined(separator: ", ")
            if let near = closestMatch(typeName, among: Condition.typeNames) { hint = "did you mean \"\(near)\"? " + hint }
            throw ModelError(.unknownType, at: typePath, "unknown condition \"\(typeName)\"", hint: hint)
        }
        guard let r else {
            if let first = conditionRequired[typeName]?.first {
                throw ModelError(.missingField, at: path, "condition \(typeName) needs \"\(first)\"",
                                 hint: "write {\"type\": \"\(typeName)\", ...}")
            }
            // A bare name: a condition without required arguments, with its defaults.
            switch typeName {
            case "Always": return .always
            case "Never": return .never
            case "AllHaveRun": return .allHaveRun(nodes: [], timeScale: nil)
            default:
                throw ModelError(.missingField, at: path, "condition \(typeName) needs arguments",
                                 hint: "write {\"type\": \"\(typeName)\", ...}")
            }
        }
        try r.checkFields(allowed: ["type"] + arguments, of: "\(article(typeName)) \(typeName) condition")
        for key in conditionRequired[typeName] ?? [] { _ = try r.required(key) }
        func n() throws(ModelError) -> Int { try Read.integer(try r.required("n"), path / "n") }
        func node() throws(ModelError) -> String { try Read.string(try r.required("node"), path / "node") }
        func timeScale() throws(ModelError) -> TimeScale? {
            let s = try r.optional("time_scale") { (v, p) throws(ModelError) in
                try Read.keyword(v, p, allowed: TimeScale.allCases.map(\.rawValue), what: "time scale")
            }
            return s.flatMap(TimeScale.init(rawValue:))
        }
        func list(_ key: String) throws(ModelError) -> [Condition] {
            var out: [Condition] = []
            for (i, item) in try Read.array(try r.required(key), path / key).enumerated() {
                out.append(try condition(item, path / key / i))
            }
            return out
        }
        switch typeName {
        case "Always": return .always
        case "Never": return .never
        case "AtPass": return .atPass(try n())
        case "AfterPass": return .afterPass(try n())
        case "AtTrial": return .atTrial(try n())
        case "AfterTrial": return .afterTrial(try n())
        case "EveryNCalls": return .everyNCalls(node: try node(), n: try n())
        case "AfterNCalls": return .afterNCalls(node: try node(), n: try n(), timeScale: try timeScale())
        case "AtNCalls": return .atNCalls(node: try node(), n: try n(), timeScale: try timeScale())
        case "BeforeNCalls": return .beforeNCalls(node: try node(), n: try n(), timeScale: try timeScale())
        case "WhenFinished": return .whenFinished(node: try node())
        case "AllHaveRun":
            return .allHaveRun(nodes: try r.optional("nodes", Read.stringList) ?? [], timeScale: try timeScale())
        case "Threshold":
            let comparator = try Read.keyword(try r.required("comparator"), path / "comparator",
                                              allowed: ThresholdCondition.comparators, what: "comparator")
            let indices = try r.optional("indices") { (v, p) throws(ModelError) -> [Int] in
                var out: [Int] = []
                for (i, item) in try Read.array(v, p, what: "a list of indices").enumerated() {
                    out.append(try Read.integer(item, p / i))
                }
                return out
            }
            return .threshold(ThresholdCondition(
                node: try node(), parameter: try Read.string(try r.required("parameter"), path / "parameter"),
                threshold: try Read.number(try r.required("threshold"), path / "threshold"),
                comparator: comparator, indices: indices, atol: try r.optional("atol", Read.number),
                rtol: try r.optional("rtol", Read.number)))
        case "All": return .all(try list("conditions"))
        case "Any": return .any(try list("conditions"))
        default: return .not(try condition(try r.required("condition"), path / "condition"))
        }
    }

    static let conditionArguments: [String: [String]] = [
        "Always": [], "Never": [],
        "AtPass": ["n"], "AfterPass": ["n"], "AtTrial": ["n"], "AfterTrial": ["n"],
        "EveryNCalls": ["node", "n"], "AfterNCalls": ["node", "n", "time_scale"],
        "AtNCalls": ["node", "n", "time_scale"], "BeforeNCalls": ["node", "n", "time_scale"],
        "WhenFinished": ["node"], "AllHaveRun": ["nodes", "time_scale"],
        "Threshold": ["node", "parameter", "threshold", "comparator", "indices", "atol", "rtol"],
        "All": ["conditions"], "Any": ["conditions"], "Not": ["condition"],
    ]

    static let conditionRequired: [String: [String]] = [
        "AtPass": ["n"], "AfterPass": ["n"], "AtTrial": ["n"], "AfterTrial": ["n"],
        "EveryNCalls": ["node", "n"], "AfterNCalls": ["node", "n"], "AtNCalls": ["node", "n"],
        "BeforeNCalls": ["node", "n"], "WhenFinished": ["node"],
        "Threshold": ["node", "parameter", "threshold", "comparator"],
        "All": ["conditions"], "Any": ["conditions"], "Not": ["condition"],
    ]

    // MARK: Learning

    static func learning(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> [LearningPathway] {
        var out: [LearningPathway] = []
        for (i, item) in try Read.array(value, path, what: "a list of learning pathways").enumerated() {
            let p = path / i
            let r = try ObjectReader(item, at: p, what: "a learning pathway")
            try r.checkFields(allowed: ["type", "pathway", "learning_rate", "loss", "learning_enabled", "target"],
                              of: "a learning pathway")
            let type = try r.optional("type") { (v, q) throws(ModelError) in
                try Read.keyword(v, q, allowed: ["backpropagation"], what: "learning type")
            } ?? "backpropagation"
            let loss = try r.optional("loss") { (v, q) throws(ModelError) in
                try Read.keyword(v, q, allowed: LearningPathway.Loss.allCases.map(\.rawValue), what: "loss")
            }
            out.append(LearningPathway(
                pathway: try Read.stringList(try r.required("pathway"), p / "pathway"),
                learningRate: try r.optional("learning_rate", Read.number),
                loss: loss.flatMap(LearningPathway.Loss.init(rawValue:)),
                learningEnabled: try r.optional("learning_enabled", learningEnabled),
                target: try r.optional("target", Read.string),
                type: type))
        }
        return out
    }

    static func learningEnabled(_ value: JSONValue, _ path: JSONPath) throws(ModelError) -> LearningPathway.Enabled {
        switch value {
        case .bool(let b): return b ? .on : .off
        case .string("online"): return .online
        case .string("after"): return .after
        default:
            throw ModelError(.wrongType, at: path, "expected true, false, \"online\" or \"after\", got \(value.brief)")
        }
    }
}
