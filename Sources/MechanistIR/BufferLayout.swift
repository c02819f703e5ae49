/// The flat memory areas a Program runs over, in the C ABI order of the compiled entry point.
package enum Arena: String, Sendable, Hashable, CaseIterable {
    /// parameter and weight buffers
    case params
    /// state buffers
    case state
    /// one trial's row of input buffers
    case input
    /// temp buffers
    case scratch
}

/// Offsets of every buffer in its arena, and the arenas' sizes: the one memory layout that
/// codegen, the interpreter and host marshalling all read.
///
/// Compiled entry points (C ABI): one function `<name>_<symbolSuffix>` per `EntryPoint`. A
/// per-trial one (`isPerTrial`: `<name>_run`, `<name>_learn`) runs the whole trial loop:
/// `void <name>_run(double *params, double *state, const double *inputs, int64_t inputRows,
///                  double *outputs, double *scratch, int64_t trials)`
/// the others (`<name>_initialize`, `<name>_start_run`) run their body once:
/// `void <name>_initialize(double *params, double *state, double *scratch)`
package struct BufferLayout: Sendable, Hashable {
    package private(set) var offsets: [Int]
    package private(set) var sizes: [Arena: Int]
    /// Column of each output slot within one recorded row.
    package private(set) var outputColumns: [Int]
    /// Values recorded per trial.
    package private(set) var outputWidth: Int

    package init(_ program: Program) {
        var offsets = [Int](repeating: 0, count: program.buffers.count)
        // Sizes by arena in `Arena.allCases` order while counting (two dictionary look-ups
        // per buffer were a good part of laying out a large Program, issue 13).
        var size = [Int](repeating: 0, count: Arena.allCases.count)
        let scratch = Arena.allCases.firstIndex(of: .scratch) ?? 0
        let plan = program.memoryPlan
        // Role and count read in place: binding each declaration copied its name and values.
        for index in program.buffers.indices {
            let arena = BufferLayout.arena(of: program.buffers[index].role)
            let count = program.buffers[index].count
            let k = Arena.allCases.firstIndex(of: arena) ?? 0
            if arena == .scratch, let planned = plan?[BufferID(index)] {
                offsets[index] = planned
                size[scratch] = Swift.max(size[scratch], planned + count)
            } else {
                offsets[index] = size[k]
                size[k] += count
            }
        }
        var sizes: [Arena: Int] = [:]
        for (k, arena) in Arena.allCases.enumerated() { sizes[arena] = size[k] }
        var columns: [Int] = []
        var width = 0
        for slot in program.outputs {
            columns.append(width)
            width += slot.source.count
        }
        self.offsets = offsets
        self.sizes = sizes
        self.outputColumns = columns
        self.outputWidth = width
    }

    package static func arena(of role: BufferRole) -> Arena {
        switch role {
        case .parameter, .weight: return .params
        case .state: return .state
        case .input: return .input
        case .temp: return .scratch
        }
    }

    package func size(_ arena: Arena) -> Int { sizes[arena] ?? 0 }

    /// Offset of a slice's first element within its buffer's arena.
    package func offset(of slice: Slice) -> Int { offsets[slice.buffer.index] + slice.offset }

    /// The initial contents of an arena (parameters, weights and state from their `initial`).
    package func initialContents(_ arena: Arena, of program: Program) -> [Double] {
        var values = [Double](repeating: 0, count: size(arena))
        for (index, decl) in program.buffers.enumerated()
        where BufferLayout.arena(of: decl.role) == arena && !decl.initial.isEmpty {
            let base = offsets[index]
            for (k, v) in decl.initial.enumerated() where k < decl.count { values[base + k] = v }
        }
        return values
    }
}
