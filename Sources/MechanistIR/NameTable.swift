import Foundation

/// A set of names, each with the index of its insertion: what lowering and the verifier use
/// to keep a large Program's buffer names unique (about 800,000 at 100,000 nodes).
///
/// `Set<String>` hashed every name with SipHash and compared hits through the strings'
/// storage: a good part of `mechanist check` at that size (issue 13). Here ASCII names (all
/// that lowering makes from ASCII model names) hash by FNV-1a over their bytes into an open
/// addressing table of indexes. Equality stays `String`'s (canonical equivalence): distinct
/// ASCII byte strings are never equivalent, but a non-ASCII name may equal an ASCII one (the
/// Kelvin sign and "K"), so the first non-ASCII name moves the table to a `Dictionary`.
package struct NameTable: Sendable {
    /// The names, by index.
    package private(set) var names: [String] = []
    /// Open addressing over `hashes`: -1 for an empty slot, else an index into `names`.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// Set once a non-ASCII name arrives: from then on every name is looked up here.
    private var general: [String: Int]?

    package init(minimumCapacity: Int = 0) {
        var size = 16
        while size < 2 * minimumCapacity { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
        names.reserveCapacity(minimumCapacity)
        hashes.reserveCapacity(minimumCapacity)
    }

    package var count: Int { names.count }

    /// Inserts `name` unless an equal name is present; either way returns its index.
    @discardableResult
    package mutating func insert(_ name: String) -> (inserted: Bool, index: Int) {
        if general == nil, let hash = Self.asciiHash(name) {
            let (found, slot) = find(name, hash)
            if let found { return (false, found) }
            let index = names.count
            slots[slot] = Int32(truncatingIfNeeded: index)
            names.append(name)
            hashes.append(hash)
            if 2 * names.count > slots.count { grow() }
            return (true, index)
        }
        if general == nil { moveToDictionary() }
        if let found = general?[name] { return (false, found) }
        let index = names.count
        general?[name] = index
        names.append(name)
        return (true, index)
    }

    /// Inserts `other`'s names from index `start` on, in order, as `insert` would one by one:
    /// the index each got here, or nil as soon as one is present (those before it stay
    /// inserted). Lowering takes the names a part of the model took on another thread this
    /// way (`LoweredParts`, issue 13): each name's hash is `other`'s, and the slots of a batch
    /// of names are read once before any is inserted, so that their cache misses overlap
    /// instead of coming one after the other.
    package mutating func insert(contentsOf other: NameTable, from start: Int) -> [Int]? {
        var indexes: [Int] = []
        indexes.reserveCapacity(other.count - start)
        guard general == nil, other.general == nil else {
            for index in start..<other.count {
                let (inserted, mine) = insert(other.names[index])
                guard inserted else { return nil }
                indexes.append(mine)
            }
            return indexes
        }
        let batch = 32
        var first = start
        while first < other.count {
            let end = min(first + batch, other.count)
            while 2 * (names.count + end - first) > slots.count { grow() }
            let mask = slots.count - 1
            var touched: Int32 = 0
            for index in first..<end { touched |= slots[Int(truncatingIfNeeded: other.hashes[index]) & mask] }
            touchedSlots = touched
            for index in first..<end {
                let name = other.names[index], hash = other.hashes[index]
                let (found, slot) = find(name, hash)
                guard found == nil else { return nil }
                slots[slot] = Int32(truncatingIfNeeded: names.count)
                indexes.append(names.count)
                names.append(name)
                hashes.append(hash)
            }
            first = end
        }
        return indexes
    }

    /// Where the batch's slot reads go, so that the optimizer keeps them.
    private var touchedSlots: Int32 = 0

    /// The index of the name equal to `name`, or nil: a look-up, inserting nothing (the model's
    /// node index answers one per projection end, issue 13).
    package subscript(name: String) -> Int? {
        if let general { return general[name] }
        if let hash = Self.asciiHash(name) { return find(name, hash).index }
        // Only ASCII names are here, and an ASCII name is its own canonical decomposition:
        // a non-ASCII name equals one of them only if its decomposition is that name (the
        // Kelvin sign decomposes to "K").
        let decomposed = name.decomposedStringWithCanonicalMapping
        guard let hash = Self.asciiHash(decomposed) else { return nil }
        return find(decomposed, hash).index
    }

    /// The index of an equal name (nil if none) and the slot where the probe stopped.
    private func find(_ name: String, _ hash: UInt64) -> (index: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return (nil, slot) }
            if hashes[entry] == hash && names[entry] == name { return (entry, slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: 2 * slots.count)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: index)
        }
    }

    private mutating func moveToDictionary() {
        var dictionary = [String: Int](minimumCapacity: names.count + 1)
        for (index, name) in names.enumerated() { dictionary[name] = index }
        general = dictionary
        slots = []
        hashes = []
    }

    /// FNV-1a over the UTF-8 bytes, mixed (MurmurHash3's finalizer) so the low bits that pick
    /// a slot depend on every byte; nil when a byte is not ASCII.
    private static func asciiHash(_ name: String) -> UInt64? {
        var name = name
        return name.withUTF8 { bytes -> UInt64? in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var any: UInt8 = 0
            for byte in bytes {
                any |= byte
                h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            guard any < 0x80 else { return nil }
            h ^= h >> 33
            h = h &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 33
            return h
        }
    }
}

/// Two tables are equal when they hold the same names in the same order (a lowered model,
/// which is `Hashable`, keeps its buffer-name table).
extension NameTable: Hashable {
    package static func == (a: NameTable, b: NameTable) -> Bool { a.names == b.names }
    package func hash(into hasher: inout Hasher) { hasher.combine(names) }
}
