/// PsyNeuLink's consideration queue: the sets of nodes a pass visits, in order.
///
/// Built as PsyNeuLink 0.21 builds it (`Graph.prune_feedback_edges`, then graph_scheduler's
/// toposort): a node's projection to itself is dropped; every cycle (a strongly connected
/// component of two or more nodes) is flattened, each member's dependencies becoming the
/// union of the members' parents outside the cycle, so the whole cycle lands in one set;
/// then set k holds every node whose dependencies all lie in sets before k (toposort layers,
/// so independent nodes share a set too). Members are listed in the model's node order.
struct ConsiderationQueue: Hashable {
    /// The sets, in the order a pass visits them.
    var sets: [[Int]]
    /// Per node, the nodes it depends on after flattening (what PsyNeuLink's default condition
    /// waits for: `EveryNCalls(dep, 1)` for each), in node order.
    var dependencies: [[Int]]
    /// Per node, the index of its set in `sets`.
    var setIndex: [Int]
    /// True when some set contains a cycle (its members read each other's values).
    var hasCycles: Bool

    /// `senders[i]`: the nodes whose values node i reads (its afferents' senders).
    init(senders: [[Int]]) {
        let n = senders.count
        // Sorted arrays, not a Set per node: building 100,000 one-element Sets was a good
        // part of lowering a long chain (issue 13).
        var parents = senders.enumerated().map { i, list in Self.sortedUnique(list.filter { $0 != i }) }
        var cyclic = false
        for component in Self.cycles(parents) {
            cyclic = true
            let members = Set(component)
            let outside = component.reduce(into: Set<Int>()) { $0.formUnion(parents[$1].filter { !members.contains($0) }) }
            let sorted = outside.sorted()
            for m in component { parents[m] = sorted }
        }
        // Toposort layers in one sweep (Kahn's algorithm): a node's layer is one past its
        // latest parent's, which is the first set whose predecessors hold all its parents.
        // Layer by layer rescans were quadratic in a long chain (issue 13).
        var layer = [Int?](repeating: nil, count: n)
        var waiting = parents.map { $0.count }
        var children = [[Int]](repeating: [], count: n)
        for (child, list) in parents.enumerated() { for p in list { children[p].append(child) } }
        var queue = (0..<n).filter { waiting[$0] == 0 }
        var head = 0
        for i in queue { layer[i] = 0 }
        while head < queue.count {
            let p = queue[head]
            head += 1
            for child in children[p] {
                layer[child] = max(layer[child] ?? 0, (layer[p] ?? 0) + 1)
                waiting[child] -= 1
                if waiting[child] == 0 { queue.append(child) }
            }
        }
        // Flattening leaves an acyclic graph, so every node gets a layer; one that did not
        // would be left out of every set, as the layer by layer search left it.
        var sets = [[Int]](repeating: [], count: (queue.compactMap { layer[$0] }.max() ?? -1) + 1)
        for i in 0..<n where waiting[i] == 0 { if let k = layer[i] { sets[k].append(i) } }
        self.sets = sets
        dependencies = parents
        setIndex = (0..<n).map { waiting[$0] == 0 ? layer[$0] ?? 0 : 0 }
        hasCycles = cyclic
    }

    /// The queue without the nodes `excluded` selects (nodes that no other node reads, such
    /// as learning components): they leave their sets, and sets left empty are dropped.
    func excluding(_ excluded: (Int) -> Bool) -> ConsiderationQueue {
        var queue = self
        queue.sets = sets.map { $0.filter { !excluded($0) } }.filter { !$0.isEmpty }
        for (k, set) in queue.sets.enumerated() { for i in set { queue.setIndex[i] = k } }
        return queue
    }

    /// `list` sorted, each value once.
    static func sortedUnique(_ list: [Int]) -> [Int] {
        guard list.count > 1 else { return list }
        var sorted = list.sorted()
        var kept = 1
        for k in 1..<sorted.count where sorted[k] != sorted[kept - 1] {
            sorted[kept] = sorted[k]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// The strongly connected components of more than one node (Tarjan's algorithm over
    /// `parents`, edges parent -> child, each list sorted and without the node itself): the
    /// cycles, in no particular order, members sorted. Every other node is a component of
    /// its own.
    static func cycles(_ parents: [[Int]]) -> [[Int]] {
        let n = parents.count
        var children = [[Int]](repeating: [], count: n)
        for (child, list) in parents.enumerated() { for p in list { children[p].append(child) } }
        var index = [Int?](repeating: nil, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var next = 0
        var components: [[Int]] = []
        // Iterative DFS (a deep chain must not overflow the call stack).
        var work: [(node: Int, child: Int)] = []
        for root in 0..<n where index[root] == nil {
            work.append((root, 0))
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (v, k) = work.last {
                if k < children[v].count {
                    work[work.count - 1].child += 1
                    let w = children[v][k]
                    if let wi = index[w] {
                        if onStack[w] { low[v] = min(low[v], wi) }
                    } else {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == index[v] {
                    if stack.last == v {
                        stack.removeLast()
                        onStack[v] = false
                        continue
                    }
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    components.append(component.sorted())
                }
            }
        }
        return components
    }
}
