/// The free space of the scratch arena while `planMemory` places temps: maximal runs of free
/// elements ("gaps"), kept coalesced, in a treap ordered by start whose nodes also know the
/// longest gap below them. Finding the lowest gap that fits, taking from it and giving space
/// back all cost O(log gaps), so planning stays O(temps log temps) however many temps are live
/// at once (a list of conflicts per temp grew roughly cubically: issue 13).
///
/// The last gap is unbounded (it starts at the top of the space in use), so a fit always exists.
struct FreeGaps {
    /// Length of the unbounded last gap: far beyond any arena, with room to add to it.
    static let unbounded = Int.max / 4

    private struct Node {
        var start: Int
        var length: Int
        var longest: Int      // longest gap in this subtree
        var priority: UInt64
        var left = -1, right = -1
    }
    private var nodes: [Node] = []
    private var unused: [Int] = []
    private var root = -1
    private var seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    init() { insert(start: 0, length: Self.unbounded) }

    /// Takes `size` elements from the lowest gap that holds them; returns their offset.
    mutating func take(_ size: Int) -> Int {
        guard size > 0 else { return 0 }
        let start = lowestFit(size)
        let length = remove(start: start)
        if length > size { insert(start: start + size, length: length - size) }
        return start
    }

    /// Gives `start..<start + size` back, merging it with the gaps on either side.
    mutating func give(start: Int, size: Int) {
        guard size > 0 else { return }
        var gapStart = start, length = size
        if let before = gapBefore(start), before.start + before.length == start {
            length += remove(start: before.start)
            gapStart = before.start
        }
        if let after = lengthOfGap(at: start + size) {
            length += after
            _ = remove(start: start + size)
        }
        insert(start: gapStart, length: length)
    }

    // MARK: treap

    private func longest(_ i: Int) -> Int { i < 0 ? 0 : nodes[i].longest }

    private mutating func update(_ i: Int) {
        nodes[i].longest = max(nodes[i].length, longest(nodes[i].left), longest(nodes[i].right))
    }

    /// Splits the tree at `i` into starts < key and starts >= key.
    private mutating func split(_ i: Int, _ key: Int) -> (Int, Int) {
        guard i >= 0 else { return (-1, -1) }
        if nodes[i].start < key {
            let (l, r) = split(nodes[i].right, key)
            nodes[i].right = l
            update(i)
            return (i, r)
        } else {
            let (l, r) = split(nodes[i].left, key)
            nodes[i].left = r
            update(i)
            return (l, i)
        }
    }

    /// Joins two trees, every start in `a` below every start in `b`.
    private mutating func merge(_ a: Int, _ b: Int) -> Int {
        if a < 0 { return b }
        if b < 0 { return a }
        if nodes[a].priority > nodes[b].priority {
            nodes[a].right = merge(nodes[a].right, b)
            update(a)
            return a
        } else {
            nodes[b].left = merge(a, nodes[b].left)
            update(b)
            return b
        }
    }

    private mutating func insert(start: Int, length: Int) {
        // splitmix64: deterministic priorities, so a plan never depends on the run.
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        let node = Node(start: start, length: length, longest: length, priority: z ^ (z >> 31))
        let i: Int
        if let reused = unused.popLast() { nodes[reused] = node; i = reused } else { nodes.append(node); i = nodes.count - 1 }
        let (l, r) = split(root, start)
        root = merge(merge(l, i), r)
    }

    /// Removes the gap starting at `start` (it must exist); returns its length.
    private mutating func remove(start: Int) -> Int {
        let (l, rest) = split(root, start)
        let (mid, r) = split(rest, start + 1)
        root = merge(l, r)
        guard mid >= 0 else { return 0 }
        unused.append(mid)
        return nodes[mid].length
    }

    /// The gap with the greatest start below `start`.
    private func gapBefore(_ start: Int) -> (start: Int, length: Int)? {
        var i = root
        var best: (start: Int, length: Int)?
        while i >= 0 {
            if nodes[i].start < start {
                best = (nodes[i].start, nodes[i].length)
                i = nodes[i].right
            } else {
                i = nodes[i].left
            }
        }
        return best
    }

    private func lengthOfGap(at start: Int) -> Int? {
        var i = root
        while i >= 0 {
            if nodes[i].start == start { return nodes[i].length }
            i = start < nodes[i].start ? nodes[i].left : nodes[i].right
        }
        return nil
    }

    /// Start of the lowest gap at least `size` long (the unbounded last gap always is).
    private func lowestFit(_ size: Int) -> Int {
        var i = root
        while i >= 0 {
            if longest(nodes[i].left) >= size {
                i = nodes[i].left
            } else if nodes[i].length >= size {
                return nodes[i].start
            } else {
                i = nodes[i].right
            }
        }
        return 0  // unreachable: the unbounded last gap fits any size
    }
}
