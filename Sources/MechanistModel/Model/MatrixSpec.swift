/// The matrix of a MappingProjection (rows = sender units, columns = receiver units; the
/// projection computes `x @ M`), or of a monitored port's projection.
public enum MatrixSpec: Sendable, Hashable {
    /// A nested list, one row per sender unit.
    case explicit([[Double]])
    /// `IDENTITY`: 1 on the diagonal; sender and receiver sizes must be equal.
    case identity
    /// `FULL_CONNECTIVITY`: all ones, any shape.
    case fullConnectivity
    /// `HOLLOW`: 0 on the diagonal, 1 off it; square.
    case hollow
    /// `{"type": "RANDOM", "low": l, "high": h}`: uniform on [low, high), drawn once when the
    /// model is initialized (and on every reset) from a stream keyed by the model's seed and
    /// the projection's name.
    case random(low: Double = 0, high: Double = 1)

    /// The file keyword (or `RANDOM`) of a keyword matrix; nil for an explicit one.
    public var keyword: String? {
        switch self {
        case .explicit: return nil
        case .identity: return "IDENTITY"
        case .fullConnectivity: return "FULL_CONNECTIVITY"
        case .hollow: return "HOLLOW"
        case .random: return "RANDOM"
        }
    }

    /// The matrix's values for a rows x columns projection, row-major; nil for RANDOM (drawn at
    /// initialization) and for shapes the keyword cannot have (validation reports those).
    func values(rows: Int, columns: Int) -> [Double]? {
        switch self {
        case .explicit(let m):
            guard m.count == rows, m.allSatisfy({ $0.count == columns }) else { return nil }
            return m.flatMap { $0 }
        case .identity, .hollow:
            guard rows == columns else { return nil }
            let diagonal: Double = self == .identity ? 1 : 0
            let off: Double = self == .identity ? 0 : 1
            return SquareMatrix.build(size: rows, diagonal: { _ in diagonal }, offDiagonal: { _ in off })
        case .fullConnectivity:
            return [Double](repeating: 1, count: rows * columns)
        case .random:
            return nil
        }
    }
}
