import Foundation
import Mechanist
import MechanistIR
import MechanistModel
import Testing

/// Every example under Examples/ runs in verify mode: interpreter and compiled code agree
/// bitwise on every output and state value after every trial (noisy models included).
struct ExamplesTests {
    static let examples: [String] = {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.examples)) ?? []
        return folders.sorted().filter {
            FileManager.default.fileExists(atPath: Fixtures.examples + "/" + $0 + "/model.json")
        }
    }()

    @Test("examples run in verify mode", arguments: examples)
    func verifies(example: String) throws {
        let folder = Fixtures.examples + "/" + example
        let inputs = try InputSet.load(path: folder + "/inputs.json")
        let executable = try compile(modelAt: folder + "/model.json", options: CompileOptions(mode: .verify))
        let result = try executable.run(inputs: inputs.inputs)
        #expect(result.trials == inputs.trialCount)
        // Same seed, same results: a second model from the same file repeats them exactly.
        let again = try compile(modelAt: folder + "/model.json", options: CompileOptions(mode: .compiled))
        #expect(bitwiseEqual(try again.run(inputs: inputs.inputs).results, result.results))
    }

    @Test func examplesAreThere() {
        #expect(Self.examples.contains("stroop") && Self.examples.contains("two_layer"))
    }
}

/// Lowering names every buffer through its name table, in declaration order, so that
/// verifying the lowered Program compares names instead of hashing each again (issue 13):
/// a buffer declared around the table would leave its names hashed, correct but slow.
struct LoweredBufferNamesTests {
    @Test("the lowered Program's buffer names appear in its name table, in order", arguments: ExamplesTests.examples)
    func namesAreTheTables(example: String) throws {
        let model = try Model.load(path: Fixtures.examples + "/" + example + "/model.json")
        let lowered = try lower(model)
        let table = try #require(lowered.bufferNames).names
        // The table may hold names reserved for no buffer (a SoftMax's prefix), so each
        // buffer's name is looked for after the previous one's.
        var next = 0
        for buffer in lowered.program.buffers {
            guard let found = table[next...].firstIndex(of: buffer.name) else {
                Issue.record("\(example): buffer \(buffer.name) is not in the table from entry \(next) on")
                return
            }
            next = found + 1
        }
    }
}
