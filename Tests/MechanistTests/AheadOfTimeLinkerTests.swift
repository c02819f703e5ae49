import Foundation
import Mechanist
import MechanistModel
import Testing

/// `mechanist compile` runs the linker the C compiler driver would run, with the driver's
/// command line (`cc -###`), and links through the driver when that cannot be had.
@Suite struct AheadOfTimeLinkerTests {
    static let objects = AheadOfTimeLinker.objectsPlaceholder
    static let output = AheadOfTimeLinker.outputPlaceholder

    @Test("gcc's -### output: collect2's words, without the LTO plugin's")
    func gccLine() {
        // As gcc 12 prints it (shortened): the compiler's own lines, then collect2's.
        let printed = """
            Using built-in specs.
            COLLECT_GCC=gcc
            COLLECT_GCC_OPTIONS='-shared' '-o' '\(Self.output)'
             /usr/lib/gcc/x86_64-linux-gnu/12/collect2 -plugin /usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so \
            "-plugin-opt=/usr/lib/gcc/x86_64-linux-gnu/12/lto-wrapper" "-plugin-opt=-pass-through=-lgcc" --build-id \
            -m elf_x86_64 "--hash-style=gnu" -shared -o \(Self.output) /usr/lib/x86_64-linux-gnu/crti.o \
            -L/usr/lib/gcc/x86_64-linux-gnu/12 \(Self.objects) -lm -lgcc --push-state --as-needed -lgcc_s --pop-state -lc \
            /usr/lib/x86_64-linux-gnu/crtn.o
            COLLECT_GCC_OPTIONS='-shared' '-o' '\(Self.output)'
            """
        #expect(AheadOfTimeLinker.parse(printed) == [
            "/usr/lib/gcc/x86_64-linux-gnu/12/collect2", "--build-id", "-m", "elf_x86_64", "--hash-style=gnu",
            "-shared", "-o", Self.output, "/usr/lib/x86_64-linux-gnu/crti.o", "-L/usr/lib/gcc/x86_64-linux-gnu/12",
            Self.objects, "-lm", "-lgcc", "--push-state", "--as-needed", "-lgcc_s", "--pop-state", "-lc",
            "/usr/lib/x86_64-linux-gnu/crtn.o",
        ])
    }

    @Test("clang's -### output: every word quoted; its cc1 line is not the linker's; real paths become placeholders")
    func clangLine() {
        let printed = """
            clang version 17.0.0
            Target: aarch64-unknown-linux-gnu
             "/opt/clang/bin/clang" "-cc1" "-triple" "aarch64-unknown-linux-gnu" "-o" "\(Self.output)" "\(Self.objects)"
             "/opt/clang/bin/ld.lld" "-EL" "-m" "aarch64linux" "-r" "-o" "\(Self.output)" "\(Self.objects)" "a b\\"c"
            """
        #expect(AheadOfTimeLinker.parse(printed) == [
            "/opt/clang/bin/ld.lld", "-EL", "-m", "aarch64linux", "-r", "-o", Self.output, Self.objects, "a b\"c",
        ])
        #expect(AheadOfTimeLinker.parse(" \"/usr/bin/ld\" \"-o\" \"/tmp/d/out\" \"/tmp/d/in.o\" \"-lc\"", objects: "/tmp/d/in.o",
                                        output: "/tmp/d/out") == ["/usr/bin/ld", "-o", Self.output, Self.objects, "-lc"])
    }

    @Test("no linker line, or one cut off inside quotes: nil (the driver links)")
    func unreadable() {
        #expect(AheadOfTimeLinker.parse("gcc: fatal error: no input files\n") == nil)
        #expect(AheadOfTimeLinker.parse(" /usr/bin/ld -o \(Self.output) \"\(Self.objects)") == nil)
        #expect(AheadOfTimeLinker.words("a\\ b \"c d\" \"\"") == ["a b", "c d", ""])
    }

    @Test("the system C compiler's linker command: an executable linker with both placeholders; -fuse-ld is followed")
    func systemCompiler() throws {
        guard let cc = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return }
        let directory = try AheadOfTimeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let linker = try #require(AheadOfTimeLinker.derive(compiler: cc, flags: ["-shared"], libraries: ["-lm"],
                                                           in: directory))
        #expect(FileManager.default.isExecutableFile(atPath: linker.command[0]))
        #expect(URL(fileURLWithPath: linker.command[0]).lastPathComponent != "collect2")
        #expect(linker.command.contains(Self.objects) && linker.command.contains(Self.output))
        #expect(linker.command.contains("-lm") && !linker.command.contains { $0.hasPrefix("-plugin") })
        if cc.hasSuffix("gcc") || cc.hasSuffix("/cc"), FileManager.default.isExecutableFile(atPath: "/usr/bin/ld.gold") {
            let gold = try #require(AheadOfTimeLinker.derive(compiler: cc, flags: ["-fuse-ld=gold", "-shared"],
                                                             libraries: ["-lm"], in: directory))
            #expect(gold.command[0].hasSuffix("ld.gold") && !gold.command.contains { $0.hasPrefix("-fuse-ld") })
        }
    }

    /// A C compiler whose `-###` prints no commands (otherwise `cc`): at a stable path, so that
    /// its runtime object is cached once, not once per test run.
    static func opaqueCompiler() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "mechanist-test-opaque-cc-1.sh").path
        if !FileManager.default.fileExists(atPath: path) {
            let script = """
                #!/bin/sh
                for a in "$@"; do [ "$a" = "-###" ] && { echo "no commands here"; exit 0; }; done
                exec cc "$@"

                """
            let partial = path + ".\(UUID().uuidString)"
            try Data(script.utf8).write(to: URL(fileURLWithPath: partial))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: partial)
            _ = rename(partial, path)
        }
        return path
    }

    @Test("libraries linked by clang's linker, or through a driver whose command is unreadable, equal the JIT bitwise",
          arguments: ["clang", "opaque"])
    func otherDrivers(_ which: String) throws {
        let compiler = which == "clang" ? "/opt/swift/usr/bin/clang" : try Self.opaqueCompiler()
        guard FileManager.default.isExecutableFile(atPath: compiler) else { return }
        let directory = try AheadOfTimeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // clang names its linker; the opaque driver links itself.
        let linker = AheadOfTimeLinker.derive(compiler: compiler, flags: ["-shared"], libraries: ["-lm"], in: directory)
        #expect((linker != nil) == (which == "clang"))
        let folder = "\(AheadOfTimeTests.example)/stroop"
        let binary = try AheadOfTimeTests.driver(for: folder, in: directory) { $0.compiler = compiler }
        let jit = try compile(modelAt: "\(folder)/model.json")
        let inputs = try InputSet.load(path: "\(folder)/inputs.json")
        let rows = directory.appending(path: "rows.txt")
        try Data(AheadOfTimeTests.blocks(jit, inputs.inputs, rows: inputs.trialCount).utf8).write(to: rows)
        let library = AheadOfTimeTests.lines(try AheadOfTimeTests.sh(binary, ["run", rows.path]))
        let expected = AheadOfTimeTests.lines(try jit.run(inputs: inputs.inputs), labels: jit.resultLabels)
        #expect(AheadOfTimeTests.difference(library, expected) == nil)
        #expect(expected.count == 6)
    }
}
