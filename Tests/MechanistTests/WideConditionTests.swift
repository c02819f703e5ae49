import Foundation
import Mechanist
import MechanistModel
import Testing

/// Wide conditions (issue 13): within one `Any`, 8 or more `AtPass` / `AtTrial` numbers
/// compile to one table lookup instead of a comparison each. Each is checked against the same
/// sets written as nested `Any`s of fewer than 8 (compiled one comparison each), and against
/// the executions the sets imply.
struct WideConditionTests {
    static let passes = [0, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31]
    static let trials = [1, 2, 4, 6, 7, 8, 9, 10]

    /// The model with `a` running at `passes` and `b` at `trials`: as flat `Any`s (wide), or as
    /// nested `Any`s of at most 4 (narrow).
    static func model(wide: Bool) throws -> Model {
        func any(_ kind: String, _ numbers: [Int]) -> String {
            let leaves = numbers.map { #"{"type": "\#(kind)", "n": \#($0)}"# }
            let groups = wide ? [leaves] : stride(from: 0, to: leaves.count, by: 4).map {
                Array(leaves[$0..<min($0 + 4, leaves.count)])
            }
            let inner = groups.map { #"{"type": "Any", "conditions": [\#($0.joined(separator: ", "))]}"# }
            return wide ? inner[0] : #"{"type": "Any", "conditions": [\#(inner.joined(separator: ", "))]}"#
        }
        let text = """
            {"format": 1, "name": "wide",
             "nodes": [{"name": "a", "type": "TransferMechanism", "size": 1},
                       {"name": "b", "type": "TransferMechanism", "size": 1}],
             "scheduler": {"conditions": {"a": \(any("AtPass", passes)), "b": \(any("AtTrial", trials))},
                           "termination": {"trial": {"type": "AfterPass", "n": 25}}}}
            """
        return try Model.decode(json: text, path: "wide.json")
    }

    @Test(arguments: [ExecutionMode.interpreted, .compiled, .verify])
    func aWideSetRunsWhereItsNarrowFormRuns(mode: ExecutionMode) throws {
        let steps = [PortReference(node: "a", port: "RESULT"), PortReference(node: "b", port: "RESULT")]
        let options = CompileOptions(mode: mode, recordSteps: steps)
        let inputs: [String: [[[Double]]]] = ["a": [[[1.0]]], "b": [[[2.0]]]]
        let wide = try compile(try Self.model(wide: true), options: options).run(inputs: inputs, trials: 12)
        let narrow = try compile(try Self.model(wide: false), options: options).run(inputs: inputs, trials: 12)
        #expect(wide.results == narrow.results)
        #expect(wide.steps == narrow.steps)
        // b runs in every pass of the trials in its set and in no pass of the others; a runs
        // at the passes of its set that a trial reaches.
        let bCounts = try #require(wide.steps["b"]?["RESULT"]).map(\.count)
        let passCount = try #require(bCounts.max())
        #expect(bCounts == (0..<12).map { Self.trials.contains($0) ? passCount : 0 })
        let aCounts = try #require(wide.steps["a"]?["RESULT"]).map(\.count)
        #expect(aCounts == Array(repeating: Self.passes.filter { $0 < passCount }.count, count: 12))
    }

    /// The wide set's code does not grow with the set: the LLVM IR of Any of 4000 AtPass is
    /// about as long as Any of 40's (one comparison each would make it 100 times longer).
    @Test func theCodeOfAWideSetDoesNotGrowWithIt() throws {
        func irLines(_ n: Int) throws -> Int {
            let leaves = (0..<n).map { #"{"type": "AtPass", "n": \#($0 * 3)}"# }.joined(separator: ", ")
            let text = """
                {"format": 1, "nodes": [{"name": "a", "type": "TransferMechanism", "size": 1}],
                 "scheduler": {"conditions": {"a": {"type": "Any", "conditions": [\(leaves)]}},
                               "termination": {"trial": {"type": "AfterPass", "n": 20}}}}
                """
            let model = try Model.decode(json: text, path: "any.json")
            return try llvmText(model, optimized: false).split(separator: "\n").count
        }
        let small = try irLines(40), large = try irLines(4000)
        #expect(large < small + small / 10, "40: \(small) lines, 4000: \(large) lines")
    }
}
