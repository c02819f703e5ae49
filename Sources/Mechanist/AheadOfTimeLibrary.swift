import MechanistIR
import MechanistLLVM
import MechanistModel

/// What an ahead-of-time compiled library holds, in the terms of its C ABI: the optimized
/// Program and its layout, the C prefix of every symbol, the input and output slots, and the
/// buffers a caller reads and writes by index (weights, runtime parameters, state). The header
/// and the tables LLVM writes into the library (`tables`) both come from this one description.
package struct AheadOfTimeLibrary {
    /// The kinds of buffers, in the C ABI's numbering (`MECHANIST_AOT_WEIGHT` = 0, ...).
    package enum BufferKind: Int, CaseIterable {
        case weight, parameter, state

        /// The word in the header's macro names (`<prefix>_WEIGHT_<name>`).
        var macroWord: String { ["WEIGHT", "PARAMETER", "STATE"][rawValue] }
    }

    /// An output slot's kind, in the C ABI's numbering (`MECHANIST_AOT_RESULT` = 0, ...).
    package enum OutputKind: Int {
        case result, recorded, undecided
    }

    package struct Slot {
        package var label: String
        /// Offset within an input row, or column within an output row.
        package var offset: Int
        package var size: Int
        package var kind: OutputKind = .result
    }

    package struct Buffer {
        package var name: String
        /// Offset in its arena: params for weights and parameters, state for state.
        package var offset: Int
        package var size: Int
        package var rows: Int
        package var columns: Int
    }

    package let program: Program
    package let layout: BufferLayout
    /// The model's C identifier (or `--prefix`): every exported symbol starts with it and `_`.
    package let prefix: String
    package let inputs: [Slot]
    package let outputs: [Slot]
    package let buffers: [BufferKind: [Buffer]]
    package var hasLearning: Bool { program.compiledEntryPoints.contains(.learnTrial) }

    /// The prefix of the compiled entry points (`<prefix>_mechanist_run`, ...): internal
    /// symbols, distinct from the API's `<prefix>_run`.
    package var entryPrefix: String { "\(prefix)_mechanist" }

    /// The library of an optimized, lowered model; `prefix` nil: the model's name as a C identifier.
    init(_ lowered: LoweredModel, prefix: String?) {
        let program = lowered.program
        let layout = BufferLayout(program)
        self.program = program
        self.layout = layout
        self.prefix = ObjectFile.cIdentifier(prefix ?? lowered.program.name)
        inputs = program.inputs.map { slot in
            Slot(label: "\(slot.node).\(slot.port)", offset: layout.offsets[slot.buffer.index],
                 size: program[slot.buffer].count)
        }
        let recordedEnd = program.outputs.count - lowered.undecided.count
        outputs = program.outputs.enumerated().map { k, slot in
            Slot(label: slot.label, offset: layout.outputColumns[k], size: slot.source.count,
                 kind: k < lowered.resultCount ? .result : k < recordedEnd ? .recorded : .undecided)
        }
        // Runtime parameters are the ones the pipeline kept as values in the arena
        // (Executable.runtimeParameters); a specialized library has none.
        let runtime = Set(lowered.parameters.map(\.buffer.index))
        var buffers: [BufferKind: [Buffer]] = [.weight: [], .parameter: [], .state: []]
        for (index, decl) in program.buffers.enumerated() {
            let kind: BufferKind
            switch decl.role {
            case .weight: kind = .weight
            case .parameter where runtime.contains(index): kind = .parameter
            case .state: kind = .state
            default: continue
            }
            var rows = 1
            var columns = decl.count
            if case .matrix(let r, let c)? = decl.shape { (rows, columns) = (r, c) }
            buffers[kind, default: []].append(Buffer(name: decl.name, offset: layout.offsets[index], size: decl.count,
                                                     rows: rows, columns: columns))
        }
        self.buffers = buffers
    }

    /// The C macro name part made from a label: letters, digits and `_`, so `color.InputPort-0`
    /// becomes `color_InputPort_0`; a second label with the same result gets `_2`, and so on.
    static func macroNames(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.map { label in
            let kept = String(label.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? Character(scalar) : "_"
            })
            let base = kept.isEmpty ? "_" : kept
            seen[base, default: 0] += 1
            return seen[base] == 1 ? base : "\(base)_\(seen[base] ?? 0)"
        }
    }
}
