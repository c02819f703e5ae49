import MechanistIR

/// Checks what codegen relies on for memory safety beyond the IR verifier's rules: that the
/// BufferLayout fits the Program and its arenas, and that no offset computation overflows.
///
/// Codegen runs the verifier first, which puts every slice inside its buffer, gives every op
/// the operand sizes it documents, never writes inputs and reads them only in per-trial
/// bodies. With every buffer inside its arena too, generated code cannot read or write
/// outside the arenas, so a malformed program or layout is an `LLVMError`, never a crash.
enum CodegenChecks {
    static func check(_ program: Program, _ layout: BufferLayout) throws(LLVMError) {
        guard layout.offsets.count == program.buffers.count else {
            throw failure("layout has \(layout.offsets.count) buffers, program has \(program.buffers.count)")
        }
        // Byte offsets (elements * 8) must not overflow while codegen computes them.
        for arena in Arena.allCases where layout.size(arena) > maxElements || layout.size(arena) < 0 {
            throw failure("the \(arena) arena has \(layout.size(arena)) elements")
        }
        guard layout.outputWidth >= 0, layout.outputWidth <= maxElements else {
            throw failure("a recorded row has \(layout.outputWidth) values")
        }
        for (index, decl) in program.buffers.enumerated() {
            let base = layout.offsets[index]
            let size = layout.size(BufferLayout.arena(of: decl.role))
            guard base >= 0, decl.count <= size, base <= size - decl.count else {
                throw failure("buffer '\(decl.name)' of \(decl.count) elements at \(base) is outside "
                              + "its arena of \(size) elements")
            }
        }
        guard layout.outputColumns.count == program.outputs.count else {
            throw failure("layout has \(layout.outputColumns.count) output columns for \(program.outputs.count) outputs")
        }
        for (slot, column) in zip(program.outputs, layout.outputColumns) {
            let count = slot.source.count
            guard column >= 0, count <= layout.outputWidth, column <= layout.outputWidth - count else {
                throw failure("output \(slot.label) of \(count) values at column \(column) is outside "
                              + "a recorded row of \(layout.outputWidth)")
            }
        }
    }

    /// More doubles than any address space holds.
    static let maxElements = Int.max / 16

    static func failure(_ message: String) -> LLVMError { LLVMError(stage: .codegen, message: message) }
}
