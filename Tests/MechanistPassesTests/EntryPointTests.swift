import MechanistIR
import Testing

/// A Program's bodies are data: one op list per `EntryPoint`.
@Suite struct EntryPointTests {
    @Test func factsOfEachEntryPoint() {
        #expect(EntryPoint.allCases == [.initialization, .runStart, .trial, .learnTrial])
        #expect(EntryPoint.allCases.filter(\.isPerTrial) == [.trial, .learnTrial])
        #expect(EntryPoint.allCases.map(\.symbolSuffix) == ["initialize", "start_run", "run", "learn"])
        #expect(EntryPoint.allCases.map(\.title) == ["initialization", "run start", "trial", "learning trial"])
    }

    @Test func anEmptyBodyIsNoBody() {
        var a = Program(name: "p", bodies: [.runStart: []])
        let b = Program(name: "p")
        #expect(a == b)
        a[.trial] = [.loop(count: 1, body: [])]
        #expect(a != b)
        a[.trial] = []
        #expect(a == b)
        #expect(a[.initialization].isEmpty)
    }

    @Test func everyOpOfEveryBodyInOrder() {
        var program = Program(name: "p")
        for (k, entryPoint) in EntryPoint.allCases.reversed().enumerated() {
            program[entryPoint] = [.loop(count: k, body: [])]
        }
        var counts: [Int] = []
        program.forEachOp { op in if case .loop(let count, _) = op { counts.append(count) } }
        #expect(counts == [3, 2, 1, 0])
    }
}
