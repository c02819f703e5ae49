import Foundation
@testable import MechanistModel
import Testing

/// Validation and ordering stay correct on large models (issue 13: indexes and one-sweep
/// orders replaced scans). Expected results come from the documented rules or from the
/// layer by layer search the sweep replaced, kept here as the reference.
@Suite struct ScaleTests {
    /// A chain of `n` ProcessingMechanisms, projections naming ports (`n3.RESULT`).
    static func chain(_ n: Int, rename: (Int, String)? = nil) -> String {
        var nodes = (0..<n).map { #"{"name": "n\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        if let (i, name) = rename { nodes[i] = #"{"name": "\#(name)", "type": "ProcessingMechanism", "size": 1}"# }
        let projections = (0..<n - 1).map { #"{"sender": "n\#($0).RESULT", "receiver": "n\#($0 + 1)"}"# }
        return #"{"format": 1, "nodes": [\#(nodes.joined(separator: ", "))], "projections": [\#(projections.joined(separator: ", "))]}"#
    }

    /// The duplicate name at nodes[5] of a 30,000-node file: the same error as in a small file
    /// (it took 101 s at 50,000 nodes while every reference scanned every name).
    @Test func aDuplicateNameInALargeFileIsReported() {
        let error = modelError { _ = try Model.decode(json: Self.chain(30_000, rename: (5, "n4")), path: "big.json") }
        #expect(error?.kind == .duplicateName)
        #expect(error?.path == "nodes[5].name")
        #expect(error?.description.contains("duplicate node name \"n4\" (also nodes[4])") == true)
    }

    /// Decoding keeps the graph it validated for lowering; any change to the model drops it,
    /// so a model made invalid after decoding is still refused, with validation's own error.
    @Test func aModelChangedAfterDecodingIsValidatedAgain() throws {
        let decoded = try Model.decode(json: Self.chain(3))
        #expect(decoded.validated.graph != nil)
        var renamed = decoded
        renamed.nodes[2].name = "n1"
        #expect(renamed.validated.graph == nil)
        let error = modelError { _ = try lower(renamed) }
        #expect(error?.kind == .duplicateName)
        #expect(error?.path == "nodes[2].name")
        var unknownSender = decoded
        unknownSender.projections[0].sender = PortReference(node: "nowhere")
        #expect(modelError { _ = try lower(unknownSender) }?.kind == .unknownReference)
        // The kept graph is no part of the model's value.
        var rebuilt = decoded
        rebuilt.seed = decoded.seed
        #expect(rebuilt.validated.graph == nil)
        #expect(rebuilt == decoded)
        #expect(rebuilt.hashValue == decoded.hashValue)
    }

    /// The longest node name that is the reference or a prefix before a dot wins (the rule
    /// in `PortReference`'s documentation), from a set as from a list.
    @Test func portReferencesResolveDottedNamesThroughASet() {
        let names = ["a", "a.b", "a.b.c", "x"]
        let cases: [(String, PortReference?)] = [
            ("a.b.c.RESULT", PortReference(node: "a.b.c", port: "RESULT")),
            ("a.b.X", PortReference(node: "a.b", port: "X")),
            ("a.b", PortReference(node: "a.b")),
            ("a.Q.R", PortReference(node: "a", port: "Q.R")),
            ("x.", PortReference(node: "x", port: "")),
            ("zz.RESULT", nil),
            ("", nil),
        ]
        for (text, expected) in cases {
            #expect(PortReference(parsing: text, nodeNames: Set(names)) == expected, "\(text)")
            #expect(PortReference(parsing: text, nodeNames: names) == expected, "\(text)")
        }
    }

    /// A chain written backwards (each node feeds the one before it in the file) runs from
    /// the file's end: the execution order and one consideration set per node.
    @Test func aLongBackwardChainOrdersFromTheEnd() throws {
        let n = 5000
        let nodes = (0..<n).map { #"{"name": "n\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        let projections = (1..<n).map { #"{"sender": "n\#($0)", "receiver": "n\#($0 - 1)"}"# }
        let json = #"{"format": 1, "nodes": [\#(nodes.joined(separator: ", "))], "projections": [\#(projections.joined(separator: ", "))]}"#
        let graph = try Model.decode(json: json).graph()
        #expect(graph.order == Array((0..<n).reversed()))
        let queue = ConsiderationQueue(senders: graph.afferents.map { $0.map(\.sender) })
        #expect(queue.sets == (0..<n).reversed().map { [$0] })
    }

    /// The layer by layer search the one-sweep layering replaced.
    static func layers(_ senders: [[Int]]) -> [[Int]] {
        let parents = senders.enumerated().map { i, list in Set(list.filter { $0 != i }) }
        var layer = [Int?](repeating: nil, count: senders.count)
        var sets: [[Int]] = []
        while sets.reduce(0, { $0 + $1.count }) < senders.count {
            let ready = senders.indices.filter { i in layer[i] == nil && parents[i].allSatisfy { layer[$0] != nil } }
            guard !ready.isEmpty else { break }
            for i in ready { layer[i] = sets.count }
            sets.append(ready)
        }
        return sets
    }

    /// Random acyclic graphs (senders earlier or later in the file, self loops among them):
    /// the same sets as the layer by layer search.
    @Test(arguments: 0..<50)
    func considerationSetsMatchTheLayerByLayerSearch(_ seed: Int) {
        var rng = SystemRandomNumberGenerator.Seeded(seed: UInt64(seed))
        let n = Int.random(in: 1...40, using: &rng)
        let rank = (0..<n).shuffled(using: &rng)   // edges go from lower to higher rank
        let senders = (0..<n).map { i in
            (0..<n).filter { j in (rank[j] < rank[i] && Int.random(in: 0..<4, using: &rng) == 0) || (j == i && Int.random(in: 0..<8, using: &rng) == 0) }
        }
        #expect(ConsiderationQueue(senders: senders).sets == Self.layers(senders), "seed \(seed)")
    }

    /// A graph whose execution order places every node (`acyclic`, which lets lowering skip
    /// building the consideration queue) is exactly one whose consideration sets hold no
    /// cycle and no node projects to itself: random graphs with cycles and self loops.
    @Test(arguments: 0..<50)
    func anAcyclicGraphHasNoCycleInItsConsiderationSets(_ seed: Int) throws {
        var rng = SystemRandomNumberGenerator.Seeded(seed: UInt64(seed))
        let n = Int.random(in: 1...12, using: &rng)
        let senders = (0..<n).map { i in (0..<n).filter { j in Int.random(in: 0..<(j == i ? 10 : 5), using: &rng) == 0 } }
        let nodes = (0..<n).map { #"{"name": "n\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        let projections = senders.indices.flatMap { i in senders[i].map { #"{"sender": "n\#($0)", "receiver": "n\#(i)"}"# } }
        let json = #"{"format": 1, "nodes": [\#(nodes.joined(separator: ", "))], "projections": [\#(projections.joined(separator: ", "))]}"#
        let graph = try Model.decode(json: json).graph()
        let selfLoop = senders.indices.contains { senders[$0].contains($0) }
        #expect(graph.acyclic == (!ConsiderationQueue(senders: senders).hasCycles && !selfLoop), "seed \(seed)")
    }

    /// The seeds above draw both kinds of graph, so the test can fail either way.
    @Test func theRandomGraphsAreBothAcyclicAndCyclic() throws {
        var kinds = Set<Bool>()
        for seed in 0..<50 {
            var rng = SystemRandomNumberGenerator.Seeded(seed: UInt64(seed))
            let n = Int.random(in: 1...12, using: &rng)
            let senders = (0..<n).map { i in (0..<n).filter { j in Int.random(in: 0..<(j == i ? 10 : 5), using: &rng) == 0 } }
            kinds.insert(ConsiderationQueue(senders: senders).hasCycles)
        }
        #expect(kinds == [true, false])
    }
}

extension SystemRandomNumberGenerator {
    /// SplitMix64, seeded: reproducible random graphs.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
