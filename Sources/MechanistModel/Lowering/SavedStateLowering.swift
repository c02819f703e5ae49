import MechanistIR

extension LoweringContext {
    /// The model file's `state` section (`Model.state`): the last ops of initialization copy
    /// each saved value list into its state buffer, so every executor (interpreter, JIT, an
    /// ahead-of-time library) starts from it and returns to it at every reset, after the
    /// initialization that would otherwise compute the state (initial outputs, RANDOM draws
    /// advancing their counters). The values live in `parameter` buffers no host sets
    /// (`saved_state.<name>`), read element by element.
    ///
    /// Called after the nodes' initialization and before `finish(.initialization)`; every
    /// state buffer a node or recording declares exists by then.
    /// - Throws: `ModelError` for a name that is no state of this model (with the names it
    ///   has) or a list of the wrong length.
    mutating func restoreSavedState(_ saved: [SavedState]) throws(ModelError) {
        let program = builder.program
        for entry in saved {
            let path = JSONPath() / "state" / entry.name
            guard let index = program.buffers.firstIndex(where: { $0.role == .state && $0.name == entry.name }) else {
                let known = program.buffers.filter { $0.role == .state }.map(\.name)
                throw ModelError(.unknownReference, at: path, "\"\(entry.name)\" is no state of this model",
                                 hint: closestMatch(entry.name, among: known).map { "did you mean \"\($0)\"?" }
                                     ?? "its states: \(known.joined(separator: ", "))")
            }
            let count = program.buffers[index].count
            guard entry.values.count == count else {
                throw ModelError(.shapeMismatch, at: path,
                                 "\"\(entry.name)\" holds \(count) value(s), the file gives \(entry.values.count)")
            }
            let values = buffer("saved_state.\(entry.name)", .parameter, count == 1 ? .scalar : .vector(count),
                                initial: entry.values)
            builder.assign(Slice(BufferID(index), offset: 0, count: count), .element(values))
        }
    }
}
