import MechanistLLVM

/// The library's tables as LLVM writes them into the model's object (`LibraryTables`, the
/// `aot_model` of Runtime/aot/instance.h): the initial arena images, the slots and the buffers.
extension AheadOfTimeLibrary {
    package var tables: LibraryTables {
        LibraryTables(
            apiPrefix: prefix,
            initialParams: layout.initialContents(.params, of: program),
            initialState: layout.initialContents(.state, of: program),
            scratchSize: layout.size(.scratch), inputWidth: layout.size(.input), outputWidth: layout.outputWidth,
            inputs: inputs.map { LibraryTables.Slot(label: $0.label, offset: $0.offset, size: $0.size, kind: 0) },
            outputs: outputs.map {
                LibraryTables.Slot(label: $0.label, offset: $0.offset, size: $0.size, kind: $0.kind.rawValue)
            },
            buffers: BufferKind.allCases.map { kind in
                (buffers[kind] ?? []).map {
                    LibraryTables.Buffer(name: $0.name, offset: $0.offset, size: $0.size, rows: $0.rows,
                                         columns: $0.columns)
                }
            })
    }
}
