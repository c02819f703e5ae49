import Foundation
import Mechanist
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
