import MechanistIR
import MechanistModel

/// The model's parameters by name on a compiled executable, without recompiling: they are
/// values in the parameter arena (unless compiled `specialize`d), read by the code at run
/// time. Names are `Model.parameters`' (`lca.leak`, `hidden.function.gain`,
/// `input_to_hidden.matrix[0][2]`, `hidden.integration_rate[1]`).
///
/// A value a parameter defines is computed where the model file's would be: formulas over
/// parameters (`1 - rate`, `gain * scale`, `sqrt(time_step_size)`, `mean + sd * z`) run in
/// the code, which is why a specialized executable gives the same bits; a recurrent matrix
/// (from `competition`, `self_excitation`, `auto`, `hetero`) is rebuilt here with the code
/// lowering uses. State the model's initialization computed from the old value (the initial
/// output, ENERGY's matrix) is recomputed by `reset()`: set parameters, then `reset()`, and
/// the run gives bitwise the numbers of a model file with those values.
extension Executable {
    /// Every parameter `setParameter` can change here and the code reads, element by element,
    /// in the model's order (empty for a specialized executable but for projection matrices).
    /// Not listed but accepted: a field nothing reads (the seed of a model without random
    /// streams, the initial value of a node without an integrator).
    public var parameterNames: [String] {
        guard let model, let slots = try? model.parameterSlots() else {
            return runtimeParameters.flatMap { p in
                p.count == 1 && program[p.buffer].role == .parameter ? [p.name] : (0..<p.count).map { "\(p.name)[\($0)]" }
            }
        }
        return slots.filter { runtimeTarget(ofSlot: $0.name).map { $0 != .unread } ?? false }.flatMap(\.elementNames)
    }

    /// The current value of a parameter (any of `Model.parameters`' names).
    public func parameter(_ name: String) throws -> Double {
        guard let model else {
            let (p, k) = try runtimeElement(name)
            return params[layout.offsets[p.buffer.index] + k]
        }
        let (slot, k) = try model.resolveParameter(name)
        if case .buffer(let p)? = runtimeTarget(ofSlot: slot.name) { return params[layout.offsets[p.buffer.index] + k] }
        return slot.values[k]
    }

    /// Sets a parameter for every later trial (and for `reset()`), in both engines of verify.
    /// - Throws: `ParameterError` for an unknown name (with the nearest valid one), a
    ///   structural field, a bad index or value, or a parameter that cannot change without
    ///   recompiling (naming it and why); `ModelError` when the model with this value does
    ///   not validate. Nothing changes when it throws.
    public func setParameter(_ name: String, to value: Double) throws {
        guard let model else {
            let (p, k) = try runtimeElement(name)
            guard value.isFinite else { throw ParameterError("\"\(name)\": expected a finite number, got \(value)") }
            store([value], at: layout.offsets[p.buffer.index] + k)
            return
        }
        let (slot, k) = try model.resolveParameter(name)
        let target = runtimeTarget(ofSlot: slot.name)
        guard target != nil else { throw recompiling(name, because: reasonForRecompiling(slot.name)) }
        let updated = try model.setting(name, to: value)
        switch target {
        case .buffer(let p)?:
            store([value], at: layout.offsets[p.buffer.index] + k)
        case .recurrentMatrix(let node, let buffer)?:
            guard let values = recurrentMatrixValues(of: node, in: updated), values.count == program[buffer].count else {
                throw recompiling(name, because: "the recurrent matrix of \"\(node)\" is not built from it here")
            }
            store(values, at: layout.offsets[buffer.index])
        case .learningRates?:
            try storeLearningRates(of: updated, name)
        case .unread?:
            break
        case nil:
            throw recompiling(name, because: reasonForRecompiling(slot.name))
        }
        self.model = updated
    }

    /// Where a slot's value lives at run time.
    private enum RuntimeTarget: Equatable {
        case buffer(RuntimeParameter)
        /// A field the recurrent matrix of `node` is built from.
        case recurrentMatrix(node: String, buffer: BufferID)
        /// A learning rate (the model's, a projection's, a recurrent mechanism's): each
        /// learning mechanism's `<mechanism>.learning_rate` buffer follows from the rates by
        /// PsyNeuLink's precedence, so all of them are derived again.
        case learningRates
        /// A field this executable's code never reads (the seed of a model that draws no
        /// random numbers, the initial value of a node without an integrator): only the
        /// model changes.
        case unread
    }

    private func runtimeTarget(ofSlot name: String) -> RuntimeTarget? {
        if let p = runtimeParameters.first(where: { $0.name == name }) { return .buffer(p) }
        if (name == "learning_rate" || name.hasSuffix(".learning_rate")) && !learning.learningRates.isEmpty
            && learning.learningRates.allSatisfy({ program[$0.buffer].role == .weight || !specializedRates }) {
            return .learningRates
        }
        if name == "seed" && program.buffer(named: "seed") == nil { return .unread }
        guard let model, let dot = name.lastIndex(of: ".") else { return nil }
        let owner = String(name[..<dot])
        let field = name[name.index(after: dot)...]
        if field == "initial_value" && program.buffer(named: "\(owner).integrator") == nil
            && program.buffer(named: name) == nil {
            return .unread
        }
        guard ["competition", "self_excitation", "auto", "hetero"].contains(field),
              let node = model.node(named: owner), node.type == .lcaMechanism || node.type == .recurrentTransferMechanism,
              let index = program.buffers.firstIndex(where: { $0.name == owner && $0.role == .weight }) else { return nil }
        return .recurrentMatrix(node: owner, buffer: BufferID(index))
    }

    private func reasonForRecompiling(_ slot: String) -> String {
        // Specialized compilation drops the runtime parameters but keeps their buffers declared.
        if program.buffers.contains(where: { $0.role == .parameter && $0.name == slot }) {
            return "this executable was compiled specialized (its parameters are constants)"
        }
        if slot.hasSuffix(".max_executions_before_finished") {
            return "it is compiled into the code (the bound of the execution loop and the size of step recordings)"
        }
        return "it is compiled into the code (it decides what the code does, not a value the code reads)"
    }

    private func recompiling(_ name: String, because reason: String) -> ParameterError {
        ParameterError("\"\(name)\" cannot change without recompiling: \(reason); compile the model with it changed "
                       + "(`try model.setting(\"\(name)\", to: value)`, or `--set` on the command line)")
    }

    /// Whether the non-overridable learning rates (`parameter` buffers) were folded into the
    /// code: a specialized executable keeps no runtime parameters.
    private var specializedRates: Bool { runtimeParameters.isEmpty }

    /// Every learning mechanism's rate as `model` gives it (`Model.expandingLearning`
    /// applies PsyNeuLink's precedence), into its `<mechanism>.learning_rate` buffer.
    private func storeLearningRates(of model: Model, _ name: String) throws {
        let expanded = try model.expandingLearning()
        var writes: [(offset: Int, values: [Double])] = []
        for node in expanded.nodes {
            let rates: [Double]
            if let spec = node.learningMechanism {
                rates = [spec.ownLearningRate ?? spec.defaultLearningRate]
            } else if let spec = node.autoAssociative {
                rates = spec.learningRate.flattened
            } else {
                continue
            }
            guard let id = program.buffer(named: "\(node.name).learning_rate"), program[id].count == rates.count else {
                throw recompiling(name, because: "the learning rate of \"\(node.name)\" changed shape")
            }
            writes.append((layout.offsets[id.index], rates))
        }
        for write in writes { store(write.values, at: write.offset) }
    }

    /// Without a model: the runtime parameter and element a name refers to.
    private func runtimeElement(_ text: String) throws -> (RuntimeParameter, Int) {
        let name = try ParameterName(text)
        guard let p = runtimeParameters.first(where: { $0.name == name.base }) else {
            throw ParameterError("unknown parameter \"\(text)\"; known: \(parameterNames.joined(separator: ", "))")
        }
        var k = 0
        if case .matrix(_, let columns)? = program[p.buffer].shape, name.indices.count == 2 {
            k = name.indices[0] * columns + name.indices[1]
        } else if name.indices.count == 1 {
            k = name.indices[0]
        } else if !(name.indices.isEmpty && p.count == 1) {
            throw ParameterError("\"\(text)\": name one element of \"\(p.name)\" (\(p.count) values)")
        }
        guard k < p.count else { throw ParameterError("\"\(text)\": index out of range (\(p.count) values)") }
        return (p, k)
    }

    /// Writes values at an arena offset in the live params of every engine and in the image
    /// `reset()` restores.
    private func store(_ values: [Double], at offset: Int) {
        for (i, v) in values.enumerated() {
            params[offset + i] = v
            initialParams[offset + i] = v
        }
        if var s = shadow {
            for (i, v) in values.enumerated() { s.params[offset + i] = v }
            shadow = s
        }
    }
}
