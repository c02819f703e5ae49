import Foundation
import Mechanist
import Testing

/// Examples/c_api/stroop.c, built with the system C compiler against the libMechanistC.so that
/// `swift test` builds (the dynamic library product is part of the package's build), prints
/// the numbers an in-process run of the same model computes, bit for bit.
struct CProgramTests {
    /// The build directory: the test bundle's, where SwiftPM also puts libMechanistC.so.
    static var buildDirectory: URL {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent()
    }

    /// The Swift runtime this process runs on (the toolchain's `lib/swift/linux`): where
    /// libswiftCore.so was loaded from.
    static var swiftRuntimeDirectory: String? {
        // Read to the end: /proc files report a size of 0.
        guard let file = FileHandle(forReadingAtPath: "/proc/self/maps") else { return nil }
        defer { try? file.close() }
        let maps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/"), line.hasSuffix("/libswiftCore.so") else { continue }
            return URL(fileURLWithPath: String(line[slash...])).deletingLastPathComponent().path
        }
        return nil
    }

    /// The system C compiler: `cc` on the PATH, else the toolchain's `clang`.
    static var compiler: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["cc", "clang"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    /// Runs a program, returning its exit status, standard output and standard error.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                String(decoding: errData, as: UTF8.self))
    }

    @Test func theStroopProgramPrintsTheInProcessNumbers() throws {
        let library = Self.buildDirectory.appendingPathComponent("libMechanistC.so").path
        #expect(FileManager.default.fileExists(atPath: library), "no \(library): swift build builds it")
        let cc = try #require(Self.compiler, "no C compiler (cc or clang) on the PATH")
        let runtime = try #require(Self.swiftRuntimeDirectory, "libswiftCore.so not found in /proc/self/maps")
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("capi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let program = temporary.appendingPathComponent("stroop").path
        let libDir = Self.buildDirectory.path
        let build = try Self.run(cc, [
            "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", Repository.root + "/Sources/CMechanist/include",
            Repository.root + "/Examples/c_api/stroop.c", "-o", program, "-L", libDir, "-lMechanistC",
            "-Wl,-rpath,\(libDir)", "-Wl,-rpath,\(runtime)",
        ])
        #expect(build.status == 0, "\(build.err)")
        guard build.status == 0 else { return }

        let path = Repository.example("stroop", "model.json")
        for mode in ExecutionMode.allCases {
            let ran = try Self.run(program, [path, mode.rawValue])
            #expect(ran.status == 0, "\(ran.err)")
            let expected = try compile(try Model.load(path: path), options: CompileOptions(mode: mode))
                .run(inputs: CLists.nested(stroopInputs))
            let lines = ran.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.first == ["trial", "response.RESULT[0]", "response.RESULT[1]"])
            // %.17g reads back as the same double.
            let printed = lines.dropFirst().map { $0.dropFirst().compactMap(Double.init) }
            #expect(printed == expected.results.map { $0.flatMap { $0 } }, "\(mode)")
            #expect(ran.err.contains("as expected: unknown parameter \"response.function.gian\""), "\(ran.err)")
        }
    }
}
