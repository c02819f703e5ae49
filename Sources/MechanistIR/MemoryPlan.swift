/// Where memory planning puts each temp in the scratch arena: an offset per buffer id.
///
/// An array by buffer index, not a dictionary: planning, verifying and laying out a large
/// Program hashed every temp's id each time, and the verifier sorted them (issue 13).
/// Iterates the placed buffers in id order, as `(key: id, value: offset)` pairs.
package struct MemoryPlan: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// Offset by buffer index, `unplaced` where the plan places nothing. Any other value,
    /// negative ones included, is a placement (the verifier rejects a negative offset).
    private var offsets: [Int] = []
    private static let unplaced = Int.min

    package init() {}

    /// Room for buffer ids below `count` without growing.
    package init(bufferCount count: Int) {
        offsets = [Int](repeating: Self.unplaced, count: count)
    }

    package init(dictionaryLiteral elements: (BufferID, Int)...) {
        for (id, offset) in elements { self[id] = offset }
    }

    package init(_ placements: [BufferID: Int]) {
        for (id, offset) in placements { self[id] = offset }
    }

    /// The offset of buffer `id`, or nil when the plan does not place it.
    package subscript(id: BufferID) -> Int? {
        get { offsets.indices.contains(id.index) && offsets[id.index] != Self.unplaced ? offsets[id.index] : nil }
        set {
            if id.index >= offsets.count {
                guard newValue != nil else { return }
                offsets += repeatElement(Self.unplaced, count: id.index + 1 - offsets.count)
            }
            offsets[id.index] = newValue ?? Self.unplaced
        }
    }

    package func makeIterator() -> some IteratorProtocol<(key: BufferID, value: Int)> {
        offsets.indices.lazy.filter { offsets[$0] != Self.unplaced }.map { (key: BufferID($0), value: offsets[$0]) }
            .makeIterator()
    }

    /// Equal when they place the same buffers at the same offsets (however much room each had).
    package static func == (a: MemoryPlan, b: MemoryPlan) -> Bool { a.elementsEqual(b) { $0 == $1 } }

    package func hash(into hasher: inout Hasher) {
        for (id, offset) in self {
            hasher.combine(id)
            hasher.combine(offset)
        }
    }
}
