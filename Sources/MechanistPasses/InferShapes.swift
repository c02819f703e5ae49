import MechanistIR

/// A temp whose shape cannot be inferred: never written, written inconsistently with its op,
/// or read beyond what is written.
package struct ShapeInferenceError: Error, CustomStringConvertible, Hashable {
    /// The temp's name.
    package var buffer: String
    package var message: String

    package init(buffer: String, message: String) {
        self.buffer = buffer
        self.message = message
    }

    package var description: String { "cannot infer the shape of '\(buffer)': \(message)" }
}

/// Gives every temp declared without a shape the shape `.vector(n)`, n covering the largest
/// `offset + count` any op writes to it.
///
/// Slices of a shapeless temp carry the counts their ops intend (the declaration's count is
/// still 0), so the writes say how large the temp must be.
/// - Precondition: the Program verifies with `allowingUnknownShapes: true`.
/// - Postcondition: every buffer has a shape; shapes already declared are unchanged.
/// - Throws: `ShapeInferenceError` when a shapeless temp is never written, when a write's
///   count disagrees with what its op produces (vecMat: columns, matVec: rows, reduce: 1),
///   or when a read reaches past every write.
package func inferShapes(_ program: Program) throws -> Program {
    let unknown = Set(program.buffers.indices.filter { program.buffers[$0].shape == nil }.map(BufferID.init))
    guard !unknown.isEmpty else { return program }

    var extent: [BufferID: Int] = [:]
    try program.forEachOp { op in
        for (written, produced) in producedCounts(op) where unknown.contains(written.buffer) {
            let name = program[written.buffer].name
            if let produced, produced != written.count {
                throw ShapeInferenceError(buffer: name, message: "the op produces \(produced) elements "
                    + "but writes them to a slice of \(written.count)")
            }
            extent[written.buffer] = max(extent[written.buffer] ?? 0, written.end)
        }
    }
    for read in program.allReads where unknown.contains(read.buffer) {
        let name = program[read.buffer].name
        guard let written = extent[read.buffer] else {
            throw ShapeInferenceError(buffer: name, message: "it is read but never written")
        }
        if read.end > written {
            throw ShapeInferenceError(buffer: name, message: "it is read up to element \(read.end) "
                + "but written only up to \(written)")
        }
    }

    var result = program
    for id in unknown.sorted() {
        guard program[id].role == .temp else {
            throw ShapeInferenceError(buffer: program[id].name,
                                      message: "only temps may be declared without a shape")
        }
        guard let n = extent[id] else {
            throw ShapeInferenceError(buffer: program[id].name, message: "no op writes it")
        }
        result[id].shape = .vector(n)
    }
    return result
}

/// The slices an op writes, each with the count the op itself produces there (nil when the
/// slice's own count defines it).
private func producedCounts(_ op: Op) -> [(Slice, Int?)] {
    switch op {
    // An elementwise2D's count is rows * columns, which the verifier checks beforehand.
    case .elementwise(let dst, _), .elementwise2D(let dst, _, _, _): return [(dst, nil)]
    case .vecMat(let dst, _, _, _, let columns): return [(dst, columns)]
    case .matVec(let dst, _, _, let rows, _): return [(dst, rows)]
    case .reduce(let dst, _, _, _): return [(dst, 1)]
    case .random(let dst, _, _, let counter), .append(let dst, _, let counter): return [(dst, nil), (counter, 1)]
    case .loop, .until, .branch: return []
    }
}
