import Foundation
import Testing

/// The fuzz harness (scripts/fuzz/fuzz.py) as part of the suite: a short seeded run of mutated
/// example and fixture models through the `mechanist` binary this build made (each case in
/// its own process, under a 4 GiB address-space limit and a time limit), and the regression
/// cases it has found (scripts/fuzz/regressions/), each with the outcome it must now have.
/// A crash, timeout, abort for memory or divergence fails the test, naming the case.
struct FuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `mechanist` executable beside the test bundle (SwiftPM builds it with the tests).
    static var binary: String {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("mechanist").path
    }

    static func harness(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["python3", root.appendingPathComponent("scripts/fuzz/fuzz.py").path,
                                 "--binary", binary] + arguments)
    }

    /// Runs a program to its end: its exit status and its standard output and error together.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aShortFuzzRunFindsNoBug() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "no \(Self.binary): swift build makes it")
        let findings = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)").path
        let (status, output) = try Self.harness(["--cases", "150", "--seed", "1", "--findings", findings])
        #expect(status == 0, "\(output)")
        #expect(output.contains("150 cases"), "\(output)")
    }

    @Test func theRegressionCasesKeepTheirOutcomes() throws {
        let findings = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)").path
        let (status, output) = try Self.harness(["--replay", Self.root.appendingPathComponent("scripts/fuzz/regressions").path,
                                                 "--long", "--findings", findings])
        #expect(status == 0, "\(output)")
    }
}
