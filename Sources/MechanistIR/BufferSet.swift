/// A set of a Program's buffers, one bit per buffer index: for a set asked about every read of
/// a large Program (the parameters that constant folding keeps, about 400,000 at 100,000
/// nodes), where hashing each id into a `Set<BufferID>` was a good part of the work
/// (issue 13). Its size follows the largest index, so it suits sets built once and queried
/// often, not copied per op.
package struct BufferSet: Sendable, Hashable, ExpressibleByArrayLiteral {
    private var words: [UInt64] = []

    package init() {}

    /// Not generic over sequences: unspecialized across modules, iterating a lazy sequence
    /// went through the runtime's generic witnesses, hundreds of instructions per element.
    package init(_ buffers: [BufferID]) {
        for buffer in buffers { insert(buffer) }
    }

    package init(arrayLiteral buffers: BufferID...) { self.init(buffers) }

    package func contains(_ buffer: BufferID) -> Bool {
        let word = buffer.index >> 6
        return buffer.index >= 0 && word < words.count && words[word] & (1 << UInt64(buffer.index & 63)) != 0
    }

    package mutating func insert(_ buffer: BufferID) {
        precondition(buffer.index >= 0, "BufferSet: a negative buffer index")
        let word = buffer.index >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(buffer.index & 63)
    }

    package var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Equal sets are equal whatever their capacity.
    package static func == (a: BufferSet, b: BufferSet) -> Bool {
        let n = max(a.words.count, b.words.count)
        return (0..<n).allSatisfy { (i: Int) -> Bool in
            (i < a.words.count ? a.words[i] : 0) == (i < b.words.count ? b.words[i] : 0)
        }
    }

    package func hash(into hasher: inout Hasher) {
        var last = words.count
        while last > 0 && words[last - 1] == 0 { last -= 1 }
        for word in words[..<last] { hasher.combine(word) }
    }
}
