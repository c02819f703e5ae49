/// Where a buffer lives and who may write it.
///
/// - `parameter`: compile-time constants (read only; constant folding may inline them).
/// - `weight`: matrices and vectors the host may read and set between runs (projection
///   matrices); never folded. Written only by initialization ops and learning ops.
/// - `state`: values that persist across trials and runs (integrator values, previous
///   outputs, counters); reset restores `initial` and re-runs the program's initialization.
/// - `input`: one trial's external input (read only); the host supplies a row per trial.
/// - `temp`: scratch values live within one trial; memory planning may overlap them.
public enum BufferRole: String, Sendable, Hashable, CaseIterable {
    case parameter, weight, state, input, temp
}

/// A static shape: a scalar, a vector of n, or a row-major matrix (rows x columns).
public enum Shape: Sendable, Hashable {
    case scalar
    case vector(Int)
    case matrix(rows: Int, columns: Int)

    /// Number of f64 elements.
    public var count: Int {
        switch self {
        case .scalar: return 1
        case .vector(let n): return n
        case .matrix(let rows, let columns): return rows * columns
        }
    }
}

/// Identifies a buffer of a `Program` (its index in `Program.buffers`).
public struct BufferID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: BufferID, b: BufferID) -> Bool { a.index < b.index }
    public var description: String { "%\(index)" }
}

/// A named f64 buffer. `shape` is nil only for temps whose shape shape inference derives
/// from the op that writes them.
public struct BufferDecl: Sendable, Hashable {
    public var name: String
    public var role: BufferRole
    public var shape: Shape?
    /// Initial contents for parameter, weight and state buffers (count == shape.count);
    /// empty means zeros.
    public var initial: [Double]

    public init(name: String, role: BufferRole, shape: Shape?, initial: [Double] = []) {
        self.name = name
        self.role = role
        self.shape = shape
        self.initial = initial
    }

    /// Element count; 0 while the shape is still unknown.
    public var count: Int { shape?.count ?? 0 }
}

/// A contiguous run of `count` elements of a buffer starting at `offset`.
public struct Slice: Sendable, Hashable, CustomStringConvertible {
    public var buffer: BufferID
    public var offset: Int
    public var count: Int

    public init(_ buffer: BufferID, offset: Int = 0, count: Int) {
        self.buffer = buffer
        self.offset = offset
        self.count = count
    }

    /// The single element `index` of this slice.
    public func element(_ index: Int) -> Slice { Slice(buffer, offset: offset + index, count: 1) }

    public var description: String {
        "\(buffer)[\(offset)..<\(offset + count)]"
    }
}
