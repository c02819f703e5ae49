/// Where a buffer lives and who may write it.
///
/// - `parameter`: compile-time constants (read only; constant folding may inline them).
/// - `weight`: matrices and vectors the host may read and set between runs (projection
///   matrices); never folded. Written only by initialization ops and learning ops.
/// - `state`: values that persist across trials and runs (integrator values, previous
///   outputs, counters); reset restores `initial` and re-runs the program's initialization.
/// - `input`: one trial's external input (read only); the host supplies a row per trial.
/// - `temp`: scratch values live within one trial; memory planning may overlap them.
package enum BufferRole: String, Sendable, Hashable, CaseIterable {
    case parameter, weight, state, input, temp
}

/// A static shape: a scalar, a vector of n, or a row-major matrix (rows x columns).
package enum Shape: Sendable, Hashable {
    case scalar
    case vector(Int)
    case matrix(rows: Int, columns: Int)

    /// Number of f64 elements.
    @inlinable
    package var count: Int {
        switch self {
        case .scalar: return 1
        case .vector(let n): return n
        case .matrix(let rows, let columns): return rows * columns
        }
    }
}

/// Identifies a buffer of a `Program` (its index in `Program.buffers`).
package struct BufferID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let index: Int
    @inlinable
    package init(_ index: Int) { self.index = index }
    package static func < (a: BufferID, b: BufferID) -> Bool { a.index < b.index }
    package var description: String { "%\(index)" }
}

/// A named f64 buffer. `shape` is nil only for temps whose shape shape inference derives
/// from the op that writes them.
package struct BufferDecl: Sendable, Hashable {
    package var name: String
    package var role: BufferRole
    package var shape: Shape?
    /// Initial contents for parameter, weight and state buffers (count == shape.count);
    /// empty means zeros.
    package var initial: [Double]

    package init(name: String, role: BufferRole, shape: Shape?, initial: [Double] = []) {
        self.name = name
        self.role = role
        self.shape = shape
        self.initial = initial
    }

    /// Element count; 0 while the shape is still unknown.
    @inlinable
    package var count: Int { shape?.count ?? 0 }
}

/// A contiguous run of `count` elements of a buffer starting at `offset`.
package struct Slice: Sendable, Hashable, CustomStringConvertible {
    package var buffer: BufferID
    package var offset: Int
    package var count: Int

    package init(_ buffer: BufferID, offset: Int = 0, count: Int) {
        self.buffer = buffer
        self.offset = offset
        self.count = count
    }

    /// The single element `index` of this slice.
    package func element(_ index: Int) -> Slice { Slice(buffer, offset: offset + index, count: 1) }

    package var description: String {
        "\(buffer)[\(offset)..<\(offset + count)]"
    }
}
