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
    static func runLimited(model: String, inputs: String, _ arguments: String,
                           limitKiB: Int = 4_194_304) throws -> (Int32, String) {
        let (status, message, _) = try runLimited(model: model, inputs: inputs, arguments, limitKiB: limitKiB, read: nil)
        return (status, message)
    }

    /// The same, also returning the file `read` the run wrote in its folder (with `tailOnly`,
    /// its size on a line, then its last 100 bytes).
    static func runLimited(model: String, inputs: String, _ arguments: String, limitKiB: Int = 4_194_304,
                           read: String?, tailOnly: Bool = false) throws -> (Int32, String, String) {
        let binary = try #require(mechanistBinary(), "the mechanist binary is built with the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.write(to: folder.appendingPathComponent("model.json"), atomically: true, encoding: .utf8)
        try inputs.write(to: folder.appendingPathComponent("inputs.json"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(limitKiB) && exec '\(binary)' run model.json --inputs inputs.json "
                             + arguments + " > /dev/null"]
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let read else { return (process.terminationStatus, text, "") }
        let url = folder.appendingPathComponent(read)
        guard tailOnly else { return (process.terminationStatus, text, (try? String(contentsOf: url, encoding: .utf8)) ?? "") }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size > 100 ? size - 100 : 0)
        return (process.terminationStatus, text,
                "\(size)\n" + String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self))
    }

    static let oneNode = #"{"format": 1, "name": "one", "nodes": [{"name": "in", "type": "ProcessingMechanism", "size": 1}]}"#

    /// A billion trials of one recorded value in verify mode (which compares each trial and
    /// writes the output once it is whole, so it is not streamed): 8 GB of outputs, refused
    /// before allocating.
    @Test func aBillionTrialsAreRefusedWhereNotStreamed() throws {
        let (status, message) = try Self.runLimited(model: Self.oneNode, inputs: #"{"inputs": {"in": [[1.0]]}}"#,
                                                    "--trials 1000000000 --mode verify")
        #expect(status == 1, "\(message)")
        #expect(message.contains("1000000000 trials x 1 recorded values per trial"), "\(message)")
        #expect(message.contains(" need "), "\(message)")
        #expect(message.contains("is available"), "\(message)")
    }

    /// Lists of 999 and 1000 entries cycle with a period of 999,000 trials: laid out over it,
    /// 999,000 rows of 1000 input values (8 GB); read per node, 999,500 values. The run's output
    /// is one value per trial.
    @Test func inputListsWithALongPeriodRunPerNode() throws {
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
        let (status, message, output) = try Self.runLimited(model: model, inputs: inputs,
                                                            "--trials 1000000 --format csv --output out.csv",
                                                            read: "out.csv")
        #expect(status == 0, "\(message)")
        // Every trial sees a = 0.5 x 500 and b = 0.25 x 500: t's net input is 375 (identity
        // Linear), the same in every row.
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1_000_001)
        #expect(lines.first == "trial,t.RESULT[0]" && lines.last == "999999,375.0")
    }

    /// The one-node model's output streamed where the unstreamed output does not fit: under an
    /// address-space limit 48 MiB above what the process maps before its run (measured from the
    /// figure a refusal under 4 GiB gives), 2 million trials are refused unstreamed (verify
    /// mode: their text alone is estimated at 96 MB) and written streamed; the CSV file is
    /// checked by its size and last line. (Under 4 GiB itself that takes 100 million trials,
    /// minutes of a debug build's formatting.)
    @Test func outputLargerThanMemoryIsStreamed() throws {
        let inputs = #"{"inputs": {"in": [[1.0]]}}"#
        let (_, refusal) = try Self.runLimited(model: Self.oneNode, inputs: inputs, "--trials 100000000 --mode verify")
        let figure = try #require(refusal.split(separator: " ").firstIndex(of: "available")
            .flatMap { refusal.split(separator: " ")[$0 - 3...$0].first }.flatMap { Double($0) }, "\(refusal)")
        #expect(refusal.contains("GiB is available"), "\(refusal)")
        let mappedKiB = 4_194_304 - Int(figure * 1024 * 1024)
        let limit = mappedKiB + 48 * 1024
        let trials = 2_000_000
        let (refused, message) = try Self.runLimited(model: Self.oneNode, inputs: inputs,
                                                     "--trials \(trials) --mode verify", limitKiB: limit)
        #expect(refused == 1 && message.contains("as json text, need"), "\(message)")
        let (status, errors, tail) = try Self.runLimited(model: Self.oneNode, inputs: inputs,
                                                         "--trials \(trials) --format csv --output out.csv",
                                                         limitKiB: limit, read: "out.csv", tailOnly: true)
        #expect(status == 0, "\(errors)")
        #expect(tail.hasSuffix("\n1999999,1.0\n"), "\(tail)")
        // The header, then per trial its number, ",1.0" and a newline.
        let digits = (0..<trials).reduce(0) { $0 + String($1).count }
        #expect(Int(tail.split(separator: "\n").first ?? "") == "trial,in.RESULT[0]\n".utf8.count + digits + 5 * trials)
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
