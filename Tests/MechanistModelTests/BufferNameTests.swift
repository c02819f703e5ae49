@testable import MechanistIR
@testable import MechanistModel
import Testing

/// Buffer names built in one allocation (issue 13) are the names string concatenation gives,
/// and a runtime parameter whose name another buffer took is still declared once.
@Suite struct BufferNameTests {
    @Test(arguments: [("n12", ".function.", "slope"), ("", "", ""), ("a very long node name, past 15 bytes", ".", ""),
                      ("é", "\u{301}", "ü"), ("節点", ".function.", "gain")])
    func joinedIsConcatenation(_ a: String, _ b: String, _ c: String) {
        let joined = BufferNames.joined(a, b, c)
        #expect(joined == a + b + c)
        #expect(Array(joined.utf8) == Array(a.utf8) + Array(b.utf8) + Array(c.utf8))
    }

    /// A projection named `a.function.slope` takes the name first; node a's slope parameter
    /// becomes `a.function.slope#2`, and initialization and trial read that one buffer.
    @Test func aParameterWhoseNameIsTakenIsDeclaredOnce() throws {
        let json = #"{"format": 1, "nodes": [{"name": "a", "type": "ProcessingMechanism"}, "#
            + #"{"name": "b", "type": "ProcessingMechanism"}], "#
            + #""projections": [{"name": "a.function.slope", "sender": "a", "receiver": "b"}]}"#
        let program = try lower(try Model.decode(json: json)).program
        let names = program.buffers.map(\.name)
        #expect(names.filter { $0 == "a.function.slope" }.count == 1)
        #expect(names.filter { $0 == "a.function.slope#2" }.count == 1)
        guard let slope = program.buffer(named: "a.function.slope#2") else { return }
        #expect(program[slope].role == .parameter)
        var readers = 0
        program.forEachOp { op in if op.reads.contains(where: { $0.buffer == slope }) { readers += 1 } }
        #expect(readers == 2)
    }

    /// NameTable finds what `Set<String>` finds (the reference here): duplicates among many
    /// names past its first capacity, and canonically equal names in any order of arrival
    /// ("K" and the Kelvin sign, "é" precomposed and decomposed).
    @Test(arguments: [["n1", "n2"], ["K", "\u{212A}"], ["\u{212A}", "K"], ["é", "e\u{301}"], ["a;", "a\u{37E}"]])
    func nameTableAgreesWithSet(_ extra: [String]) {
        var names = (0..<5_000).map { "n\($0 % 3_000).function.slope" } + extra
        names += ["", "n7", "n7", ".", "#2"]
        var table = NameTable()
        var reference = Set<String>()
        var firstIndex: [String: Int] = [:]
        for name in names {
            let (inserted, index) = table.insert(name)
            let expected = reference.insert(name).inserted
            #expect(inserted == expected, "\(name)")
            if expected { firstIndex[name] = index }
            #expect(table.names[index] == name)
            #expect(firstIndex[name] == index)
            // A look-up finds what was inserted, at its first index, and inserts nothing.
            #expect(table[name] == firstIndex[name])
        }
        #expect(table.count == reference.count)
        // Look-ups of names never inserted agree with the Set, whether the table is still
        // ASCII-only or not: not found, unless canonically equal to a name it holds (the Kelvin
        // sign and "K", the Greek question mark and ";").
        for name in ["K", "a;"] {
            let (inserted, index) = table.insert(name)
            #expect(inserted == reference.insert(name).inserted, "\(name)")
            if inserted { firstIndex[name] = index }
        }
        for absent in ["n3000.function.slope", "n7 ", "\u{212B}", "e", "\u{212A}", "a\u{37E}"] {
            let expected = reference.contains(absent) ? firstIndex[absent] : nil
            #expect(table[absent] == expected, "\(absent)")
        }
    }
}
