import Foundation
import Testing

/// Issue 13 item 1: runs too large for memory get a clear error, exit status 1, no abort,
/// under a 4 GiB address-space limit (`ulimit -v 4194304`): the CLI binary runs in a subshell.
@Suite struct MemoryBudgetTests {
    /// The `mechanist` binary next to the test bundle (SwiftPM builds both into one folder).
    static func mechanistBinary() -> String? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [folder.appendingPathComponent("mechanist").path,
                          root.appendingPathComponent(".build/debug/mechanist").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `mechanist run MODEL --inputs INPUTS ARGS` under the limit; (status, stderr).
    static func runLimited(model: String, inputs: String, _ arguments: String) throws -> (Int32, String) {
        let binary = try #require(mechanistBinary(), "the mechanist binary is built with the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.write(to: folder.appendingPathComponent("model.json"), atomically: true, encoding: .utf8)
        try inputs.write(to: folder.appendingPathComponent("inputs.json"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 4194304 && exec '\(binary)' run model.json --inputs inputs.json "
                             + arguments + " > /dev/null"]
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A billion trials of one recorded value: 8 GB of outputs, refused before allocating.
    @Test func aBillionTrialsAreRefused() throws {
        let (status, message) = try Self.runLimited(
            model: #"{"format": 1, "name": "one", "nodes": [{"name": "in", "type": "ProcessingMechanism", "size": 1}]}"#,
            inputs: #"{"inputs": {"in": [[1.0]]}}"#, "--trials 1000000000")
        #expect(status == 1, "\(message)")
        #expect(message.contains("1000000000 trials x 1 recorded values per trial"), "\(message)")
        #expect(message.contains(" need "), "\(message)")
        #expect(message.contains("is available"), "\(message)")
    }

    /// Lists of 999 and 1000 entries cycle with a period of 999,000 trials: 999,000 rows of
    /// 1000 input values (8 GB) are refused before they are laid out.
    @Test func inputListsWithALongPeriodAreRefused() throws {
        let model = #"""
        {"format": 1, "name": "period", "nodes": [
          {"name": "a", "type": "ProcessingMechanism", "size": 500},
          {"name": "b", "type": "ProcessingMechanism", "size": 500},
          {"name": "t", "type": "TransferMechanism", "size": 1}],
         "projections": [{"sender": "a", "receiver": "t"}, {"sender": "b", "receiver": "t"}]}
        """#
        let a = Array(repeating: "[[" + Array(repeating: "0.5", count: 500).joined(separator: ",") + "]]", count: 999)
        let b = Array(repeating: "[[" + Array(repeating: "0.25", count: 500).joined(separator: ",") + "]]", count: 1000)
        let inputs = #"{"inputs": {"a": [\#(a.joined(separator: ","))], "b": [\#(b.joined(separator: ","))]}}"#
        let (status, message) = try Self.runLimited(model: model, inputs: inputs, "--trials 1000000")
        #expect(status == 1, "\(message)")
        #expect(message.contains("period of 999000 trials; 999000 rows x 1000 input values need"), "\(message)")
    }

    /// A 16384-unit input feeding three 16384-unit FULL_CONNECTIVITY layers: 805 million
    /// weights (6.4 GB each copy), refused before lowering builds the matrices.
    @Test func hugeWeightMatricesAreRefused() throws {
        let layers = (1...3).map { #"{"name": "h\#($0)", "type": "ProcessingMechanism", "size": 16384}"# }
        let projections = (1...3).map { #"{"sender": "in", "receiver": "h\#($0)", "matrix": "FULL_CONNECTIVITY"}"# }
        let model = #"{"format": 1, "name": "wide", "nodes": [{"name": "in", "type": "ProcessingMechanism", "size": 16384}, "#
            + layers.joined(separator: ", ") + #"], "projections": ["# + projections.joined(separator: ", ") + "]}"
        let inputs = #"{"inputs": {"in": [[["# + Array(repeating: "0.5", count: 16384).joined(separator: ",") + "]]]}}"
        let (status, message) = try Self.runLimited(model: model, inputs: inputs, "")
        #expect(status == 1, "\(message)")
        #expect(message.contains("the model's 805306368 weight values"), "\(message)")
        #expect(message.contains("is available"), "\(message)")
    }
}
