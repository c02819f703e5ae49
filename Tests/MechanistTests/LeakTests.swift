import Foundation
import Testing

/// The CLI under valgrind's memcheck reports no memory definitely lost: compiling (LLVM, the
/// JIT), running and printing free what they allocate, in a whole process.
struct LeakTests {
    @Test func aCompiledRunUnderValgrindLosesNothing() throws {
        let valgrind = "/usr/bin/valgrind"
        #expect(FileManager.default.isExecutableFile(atPath: valgrind),
                "valgrind is not installed (apt-get install valgrind; .ci/run installs it)")
        guard FileManager.default.isExecutableFile(atPath: valgrind) else { return }
        // Valgrind 3.19 cannot read the DWARF 5 debug information Swift writes, and gives up;
        // a copy without it runs the same code.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leaks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("mechanist").path
        try FileManager.default.copyItem(atPath: FuzzTests.binary, toPath: binary)
        let strip = try FuzzTests.run("/usr/bin/strip", ["--strip-debug", binary])
        #expect(strip.status == 0, "\(strip.output)")
        let examples = FuzzTests.root.appendingPathComponent("Examples/stroop").path
        let (status, output) = try FuzzTests.run(valgrind, [
            "--leak-check=full", "--errors-for-leak-kinds=definite", "--error-exitcode=3", binary, "run",
            examples + "/model.json", "--inputs", examples + "/inputs.json", "--output", folder.path + "/out.json",
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("definitely lost: 0 bytes in 0 blocks") || output.contains("no leaks are possible"),
                "\(output)")
        // `check` frees its model and Programs on other threads while it goes on (issue 13),
        // and the CLI waits for those frees before it exits.
        let check = try FuzzTests.run(valgrind, [
            "--leak-check=full", "--errors-for-leak-kinds=definite", "--error-exitcode=3", binary, "check",
            examples + "/model.json",
        ])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("definitely lost: 0 bytes in 0 blocks")
                || check.output.contains("no leaks are possible"), "\(check.output)")
    }
}
