extension Slice {
    /// Whether this slice and `other` share at least one element of the same buffer.
    /// Empty slices overlap nothing.
    package func overlaps(_ other: Slice) -> Bool {
        buffer == other.buffer && count > 0 && other.count > 0
            && offset < other.offset + other.count && other.offset < offset + count
    }

    /// One past the last element this slice covers.
    package var end: Int { offset + count }
}
