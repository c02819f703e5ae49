/// A model's numeric parameters by name, for `--set NAME=VALUE`, `mechanist parameters` and
/// `Executable.setParameter`: the owner's name (a node, a projection, or nothing for the
/// model's own fields) followed by the field's path in the model file:
///
/// - `seed`, `learning_rate` (the model's);
/// - a node's `function.<field>` (`hidden.function.gain`; the function's default when the file
///   names none), `integration_rate`, `noise` (a constant) or `noise.mean`,
///   `noise.standard_deviation`, `noise.low`, `noise.high`, `noise.seed`, `clip[0]`, `clip[1]`,
///   `termination_threshold`, `max_executions_before_finished`, `initial_value`; an LCA's
///   `leak`, `competition`, `self_excitation`, `time_step_size`, `threshold`; a recurrent
///   mechanism's `auto`, `hetero`, `learning_rate`;
/// - a projection's `matrix[i][j]` and `learning_rate`.
///
/// A field that holds a vector or matrix is set one element at a time (`name[i]`,
/// `name[i][j]`). Fields with a default are listed with it; optional fields without one
/// (a threshold, clip, noise) only when the file gives them, because adding them changes what
/// is compiled. Structural fields (sizes, function types, modes, conditions, ports) are not
/// parameters.
public struct ModelParameter: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: Double

    public var description: String { "\(name) = \(value)" }
}

/// A bad parameter name or value: what is wrong, the nearest valid name, how to list them.
public struct ParameterError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String
    public var description: String { message }

    package init(_ message: String) { self.message = message }

    /// How to see every settable name.
    package static let listing = "list them with `mechanist parameters MODEL` (Swift: `Model.parameters`)"
}

/// One settable field: its current values (one, or a vector or matrix row by row) and how to
/// write element k of it into a model.
package struct ParameterSlot {
    package enum Shape: Equatable { case scalar, vector(Int), matrix(rows: Int, columns: Int) }

    package var name: String
    package var shape: Shape
    package var values: [Double]
    /// Must be an integer (seed, noise.seed, max_executions_before_finished).
    package var integer = false
    package var set: (inout Model, _ index: Int, _ value: Double) -> Void

    /// The element names, in order (`a.matrix[0][0]`, ...), or the name itself.
    package var elementNames: [String] {
        switch shape {
        case .scalar: return [name]
        case .vector(let n): return (0..<n).map { "\(name)[\($0)]" }
        case .matrix(let r, let c): return (0..<r).flatMap { i in (0..<c).map { "\(name)[\(i)][\($0)]" } }
        }
    }
}

/// A parameter name split into the slot's name and its indices: `a.matrix[0][2]`.
package struct ParameterName {
    package var base: String
    package var indices: [Int]

    package init(_ text: String) throws(ParameterError) {
        var base = Substring(text)
        var indices: [Int] = []
        while base.hasSuffix("]") {
            guard let open = base.lastIndex(of: "[") else { break }
            let inside = base[base.index(after: open)..<base.index(before: base.endIndex)]
            guard let k = Int(inside), k >= 0 else {
                throw ParameterError("\"\(text)\": index \"[\(inside)]\" is not a non-negative integer")
            }
            indices.insert(k, at: 0)
            base = base[..<open]
        }
        self.base = String(base)
        self.indices = indices
    }
}

extension Model {
    /// Every settable numeric parameter, element by element, with its current value.
    /// - Throws: `ModelError` for a model that does not validate.
    public var parameters: [ModelParameter] {
        get throws {
            try parameterSlots().flatMap { slot in
                zip(slot.elementNames, slot.values).map { ModelParameter(name: $0, value: $1) }
            }
        }
    }

    /// The value of the parameter `name` (as `parameters` lists it).
    public func parameter(_ name: String) throws -> Double {
        let (slot, k) = try resolveParameter(name)
        return slot.values[k]
    }

    /// This model with the parameter `name` set to `value`, validated: the model a file with
    /// that value would give.
    /// - Throws: `ParameterError` for an unknown, structural or badly indexed name or a value
    ///   the field cannot hold; `ModelError` when the changed model does not validate.
    public func setting(_ name: String, to value: Double) throws -> Model {
        let (slot, k) = try resolveParameter(name)
        guard value.isFinite else { throw ParameterError("\"\(name)\": expected a finite number, got \(value)") }
        if slot.integer && (value.rounded() != value || abs(value) > 9.0e15) {
            throw ParameterError("\"\(name)\": expected an integer, got \(value)")
        }
        var model = self
        slot.set(&model, k, value)
        try model.validate()
        return model
    }

    /// The slot a name refers to and the element's flat index, or an error that says which
    /// part is unknown and what is near it.
    package func resolveParameter(_ text: String) throws -> (ParameterSlot, Int) {
        let name = try ParameterName(text)
        let slots = try parameterSlots()
        guard let slot = slots.first(where: { $0.name == name.base }) else {
            throw unknownParameter(text, base: name.base, slots: slots)
        }
        switch (slot.shape, name.indices.count) {
        case (.scalar, 0):
            return (slot, 0)
        case (.vector(let n), 1):
            guard name.indices[0] < n else {
                throw ParameterError("\"\(text)\": index \(name.indices[0]) is out of range: \"\(slot.name)\" has \(n) "
                                     + "elements (\(slot.name)[0] to \(slot.name)[\(n - 1)])")
            }
            return (slot, name.indices[0])
        case (.matrix(let r, let c), 2):
            let (i, j) = (name.indices[0], name.indices[1])
            guard i < r, j < c else {
                throw ParameterError("\"\(text)\": index [\(i)][\(j)] is out of range: \"\(slot.name)\" is a \(r)x\(c) "
                                     + "matrix (\(slot.name)[0][0] to \(slot.name)[\(r - 1)][\(c - 1)])")
            }
            return (slot, i * c + j)
        case (.scalar, _):
            throw ParameterError("\"\(text)\": \"\(slot.name)\" is a number, not a list: set \"\(slot.name)\"")
        case (.vector(let n), _):
            throw ParameterError("\"\(text)\": \"\(slot.name)\" is a vector of \(n): set one element, "
                                 + "\"\(slot.name)[0]\" to \"\(slot.name)[\(n - 1)]\"")
        case (.matrix(let r, let c), _):
            throw ParameterError("\"\(text)\": \"\(slot.name)\" is a \(r)x\(c) matrix: set one entry, "
                                 + "\"\(slot.name)[i][j]\" (i < \(r), j < \(c))")
        }
    }

    private func unknownParameter(_ text: String, base: String, slots: [ParameterSlot]) -> ParameterError {
        let owners = nodes.map(\.name) + projections.map(\.resolvedName)
        // The longest owner name that prefixes the name (names may hold dots).
        let owner = owners.filter { base.hasPrefix($0 + ".") }.max { $0.count < $1.count }
        let ownSlots = slots.filter { slot in owner.map { slot.name.hasPrefix($0 + ".") } ?? !slot.name.contains(".") }
        guard let owner else {
            let first = String(base.split(separator: ".").first ?? Substring(base))
            if !base.contains("."), let near = closestMatch(base, among: ownSlots.map(\.name)) {
                return ParameterError("unknown parameter \"\(text)\"; did you mean \"\(near)\"? " + ParameterError.listing)
            }
            if Self.structuralModelFields.contains(base) {
                return ParameterError("\"\(text)\" is structural, not a numeric parameter; edit the model file")
            }
            var message = "unknown parameter \"\(text)\": no node or projection \"\(first)\""
            if let near = closestMatch(first, among: owners) { message += "; did you mean \"\(near)\"?" }
            return ParameterError(message + " Nodes and projections: \(owners.joined(separator: ", ")); "
                                  + ParameterError.listing)
        }
        let field = String(base.dropFirst(owner.count + 1))
        let names = ownSlots.map { String($0.name.dropFirst(owner.count + 1)) }
        if field == "matrix" {
            // Listed entries would have been found: this matrix is a keyword or RANDOM.
            return ParameterError("\"\(text)\": the matrix of \"\(owner)\" is not a list of numbers in the model "
                                  + "file (a keyword or RANDOM), so it has no entries to set; write it as a list of "
                                  + "rows in the file, or set \"seed\" for another RANDOM draw")
        }
        if Self.structuralFields.contains(field) || field.hasPrefix("function.") && Self.structuralFunctionFields
            .contains(String(field.dropFirst("function.".count))) {
            return ParameterError("\"\(text)\" is structural (it changes what is compiled), not a numeric parameter; "
                                  + "edit the model file")
        }
        if Self.optionalFields.contains(field) {
            return ParameterError("\"\(text)\" is not in the model file, and adding it changes what is compiled: "
                                  + "add \"\(field)\" to \"\(owner)\" in the model file")
        }
        var message = "unknown parameter \"\(text)\": \"\(owner)\" has no numeric parameter \"\(field)\""
        if let near = closestMatch(field, among: names) { message += "; did you mean \"\(owner).\(near)\"?" }
        message += names.isEmpty ? "; it has none" : " Its parameters: \(names.joined(separator: ", "))"
        return ParameterError(message + "; " + ParameterError.listing)
    }

    private static let structuralModelFields: Set = ["format", "name", "nodes", "projections", "scheduler", "learning"]
    private static let structuralFields: Set = [
        "size", "default_variable", "function", "output_ports", "roles", "integrator_mode", "execute_until_finished",
        "termination_measure", "has_recurrent_input_port", "combination_function", "enable_learning",
        "learning_enabled", "threshold_criterion", "monitor", "sample", "target", "name", "type", "sender", "receiver",
        "learnable", "matrix",
    ]
    private static let structuralFunctionFields: Set = ["type", "output", "per_item", "operation"]
    private static let optionalFields: Set = [
        "noise", "noise.mean", "noise.standard_deviation", "noise.low", "noise.high", "noise.seed", "clip",
        "termination_threshold",
        "threshold", "initial_value", "auto", "hetero", "learning_rate", "max_executions_before_finished",
    ]

    /// Every settable field of this model, in the file's order: the model's, then each
    /// node's, then each projection's.
    package func parameterSlots() throws(ModelError) -> [ParameterSlot] {
        let graph = try expandingLearning().graph()
        var slots = [ParameterSlot(name: "seed", shape: .scalar, values: [Double(seed)], integer: true) { m, _, v in
            m.seed = Int(v)
        }]
        if let rate = learningRate {
            slots.append(ParameterSlot(name: "learning_rate", shape: .scalar, values: [rate]) { m, _, v in
                m.learningRate = v
            })
        }
        for (i, node) in nodes.enumerated() { slots += Self.nodeSlots(node, at: i) }
        for (k, projection) in projections.enumerated() {
            let name = projection.resolvedName
            let afferent = graph.afferents.joined().first { $0.origin == .projection(k) }
            if let afferent, let values = (projection.matrix ?? afferent.matrix)?.values(rows: afferent.rows,
                                                                                         columns: afferent.columns) {
                let columns = afferent.columns
                slots.append(ParameterSlot(name: "\(name).matrix", shape: .matrix(rows: afferent.rows, columns: columns),
                                           values: values) { m, index, v in
                    var flat = values
                    if let current = m.projections[k].matrix?.values(rows: afferent.rows, columns: columns) {
                        flat = current
                    }
                    flat[index] = v
                    m.projections[k].matrix = .explicit(stride(from: 0, to: flat.count, by: columns).map {
                        Array(flat[$0..<($0 + columns)])
                    })
                })
            }
            if let rate = projection.learningRate {
                slots.append(ParameterSlot(name: "\(name).learning_rate", shape: .scalar, values: [rate]) { m, _, v in
                    m.projections[k].learningRate = v
                })
            }
        }
        return slots
    }

    /// A node's settable fields (the TransferMechanism family's; other nodes' functions and
    /// coefficients are not parameters yet).
    private static func nodeSlots(_ node: Node, at i: Int) -> [ParameterSlot] {
        let isLCA = node.type == .lcaMechanism
        switch node.type {
        case .processingMechanism, .transferMechanism, .recurrentTransferMechanism, .lcaMechanism: break
        case .objectiveMechanism, .comparatorMechanism, .learningMechanism, .autoAssociativeLearningMechanism:
            return []
        }
        let n = node.name
        var slots: [ParameterSlot] = []
        func number(_ field: String, _ value: Double, integer: Bool = false,
                    _ set: @escaping (inout Node, Double) -> Void) {
            slots.append(ParameterSlot(name: "\(n).\(field)", shape: .scalar, values: [value], integer: integer) {
                m, _, v in set(&m.nodes[i], v)
            })
        }
        func values(_ field: String, _ value: ParameterValue, _ set: @escaping (inout Node, ParameterValue) -> Void) {
            let shape: ParameterSlot.Shape
            switch value {
            case .scalar: shape = .scalar
            case .vector(let v): shape = .vector(v.count)
            case .matrix(let rows): shape = .matrix(rows: rows.count, columns: rows.first?.count ?? 0)
            }
            slots.append(ParameterSlot(name: "\(n).\(field)", shape: shape, values: value.flattened) { m, k, v in
                set(&m.nodes[i], value.replacing(element: k, with: v))
            })
        }
        let function = node.function ?? (isLCA ? .logistic() : .linear())
        for (field, value) in function.parameterFields {
            number("function.\(field)", value) { node, v in
                node.function = (node.function ?? function).setting(field, to: v)
            }
        }
        let integratorMode = node.integratorMode ?? isLCA
        if integratorMode && !isLCA {
            values("integration_rate", node.integrationRate ?? .scalar(0.5)) { $0.integrationRate = $1 }
        }
        if let initial = node.initialValue { values("initial_value", initial) { $0.initialValue = $1 } }
        switch node.noise {
        case .constant(let value)?: values("noise", value) { $0.noise = .constant($1) }
        case .normal(let mean, let sd, let seed)?:
            number("noise.mean", mean) { $0.noise = .normal(mean: $1, standardDeviation: sd, seed: seed) }
            number("noise.standard_deviation", sd) { $0.noise = .normal(mean: mean, standardDeviation: $1, seed: seed) }
        case .uniform(let low, let high, let seed)?:
            number("noise.low", low) { $0.noise = .uniform(low: $1, high: high, seed: seed) }
            number("noise.high", high) { $0.noise = .uniform(low: low, high: $1, seed: seed) }
        case nil: break
        }
        // A distribution's own seed, when the file gives one (adding one changes which seed
        // parameter the draw reads).
        switch node.noise {
        case .normal(let mean, let sd, let seed?)?:
            number("noise.seed", Double(seed), integer: true) {
                $0.noise = .normal(mean: mean, standardDeviation: sd, seed: Int($1))
            }
        case .uniform(let low, let high, let seed?)?:
            number("noise.seed", Double(seed), integer: true) { $0.noise = .uniform(low: low, high: high, seed: Int($1)) }
        case .normal?, .uniform?, .constant?, nil: break
        }
        if let clip = node.clip {
            slots.append(ParameterSlot(name: "\(n).clip", shape: .vector(2), values: [clip.low, clip.high]) { m, k, v in
                if k == 0 { m.nodes[i].clip?.low = v } else { m.nodes[i].clip?.high = v }
            })
        }
        if let t = node.terminationThreshold, !(isLCA && node.lca?.threshold != nil) {
            number("termination_threshold", t) { $0.terminationThreshold = $1 }
        }
        if let max = node.maxExecutionsBeforeFinished {
            number("max_executions_before_finished", Double(max), integer: true) { $0.maxExecutionsBeforeFinished = Int($1) }
        }
        if isLCA {
            let lca = node.lca ?? LCAParameters()
            let r = node.recurrent ?? RecurrentParameters()
            number("leak", lca.leak ?? node.integrationRate?.scalarValue ?? 0.5) { $0.lca = ($0.lca ?? LCAParameters()).with(\.leak, $1) }
            // With an explicit matrix, or auto / hetero, PsyNeuLink ignores these two.
            if r.matrix == nil && r.hetero == nil {
                number("competition", lca.competition ?? 1) { $0.lca = ($0.lca ?? LCAParameters()).with(\.competition, $1) }
            }
            if r.matrix == nil && r.auto == nil {
                number("self_excitation", lca.selfExcitation ?? 0) {
                    $0.lca = ($0.lca ?? LCAParameters()).with(\.selfExcitation, $1)
                }
            }
            number("time_step_size", lca.timeStepSize ?? 0.1) { $0.lca = ($0.lca ?? LCAParameters()).with(\.timeStepSize, $1) }
            if let t = lca.threshold { number("threshold", t) { $0.lca = ($0.lca ?? LCAParameters()).with(\.threshold, $1) } }
        }
        if let r = node.recurrent {
            if let auto = r.auto { values("auto", auto) { $0.recurrent?.auto = $1 } }
            if let hetero = r.hetero { values("hetero", hetero) { $0.recurrent?.hetero = $1 } }
            if case .scalar(let rate)? = r.learningRate {
                number("learning_rate", rate) { $0.recurrent?.learningRate = .scalar($1) }
            }
        }
        return slots
    }
}

extension LCAParameters {
    func with(_ field: WritableKeyPath<LCAParameters, Double?>, _ value: Double) -> LCAParameters {
        var copy = self
        copy[keyPath: field] = value
        return copy
    }
}

extension ParameterValue {
    /// This value with element k (row by row) replaced.
    func replacing(element k: Int, with value: Double) -> ParameterValue {
        switch self {
        case .scalar: return .scalar(value)
        case .vector(var v): v[k] = value; return .vector(v)
        case .matrix(var m):
            let columns = m.first?.count ?? 1
            m[k / columns][k % columns] = value
            return .matrix(m)
        }
    }
}

extension TransferFunction {
    /// The numeric fields of an elementwise function or SoftMax, as files name them (none
    /// for LinearCombination and Reduce, whose coefficients are not parameters yet).
    package var parameterFields: [(name: String, value: Double)] {
        switch self {
        case .linear(let f): return f.parameterFields
        case .logistic(let f): return f.parameterFields
        case .tanh(let f): return f.parameterFields
        case .relu(let f): return f.parameterFields
        case .exponential(let f): return f.parameterFields
        case .gaussian(let f): return f.parameterFields
        case .softMax(let f): return [("gain", f.gain)]
        case .linearCombination, .reduce: return []
        }
    }

    /// This function with the numeric field `field` set.
    func setting(_ field: String, to v: Double) -> TransferFunction {
        switch self {
        case .linear(var f):
            switch field { case "slope": f.slope = v; case "intercept": f.intercept = v; case "scale": f.scale = v
            default: f.offset = v }
            return .linear(f)
        case .logistic(var f):
            switch field { case "gain": f.gain = v; case "bias": f.bias = v; case "x_0": f.x0 = v
            case "offset": f.offset = v; default: f.scale = v }
            return .logistic(f)
        case .tanh(var f):
            switch field { case "gain": f.gain = v; case "bias": f.bias = v; case "x_0": f.x0 = v
            case "offset": f.offset = v; default: f.scale = v }
            return .tanh(f)
        case .relu(var f):
            switch field { case "gain": f.gain = v; case "bias": f.bias = v; case "leak": f.leak = v
            case "scale": f.scale = v; default: f.offset = v }
            return .relu(f)
        case .exponential(var f):
            switch field { case "rate": f.rate = v; case "bias": f.bias = v; case "scale": f.scale = v
            default: f.offset = v }
            return .exponential(f)
        case .gaussian(var f):
            switch field { case "standard_deviation": f.standardDeviation = v; case "bias": f.bias = v
            case "scale": f.scale = v; default: f.offset = v }
            return .gaussian(f)
        case .softMax(var f):
            f.gain = v
            return .softMax(f)
        case .linearCombination, .reduce:
            return self
        }
    }
}
