import Foundation
import Mechanist
import MechanistCommands
import MechanistModel
import Testing

/// `mechanist compile`: libraries built with the system C compiler, run by C programs and by
/// Python's ctypes, give bitwise the numbers of an in-process compiled (JIT) run.
@Suite struct AheadOfTimeTests {
    /// One output line of the C programs: `trial LABEL values...`.
    struct Line: Equatable {
        var trial: Int
        var label: String
        var values: [Double]
    }

    /// A fresh temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "mechanist-aot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a tool; returns its standard output, or throws with its exit status and errors.
    @discardableResult
    static func sh(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.contains("/") ? tool : "/usr/bin/env")
        process.arguments = tool.contains("/") ? arguments : [tool] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunError("\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: output + errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Nil when the lines are equal (values compared with ==), else where they first differ:
    /// a failure names one line instead of printing thousands.
    static func difference(_ actual: [Line], _ expected: [Line]) -> String? {
        for (k, (a, e)) in zip(actual, expected).enumerated() where a != e {
            return "line \(k): \(a) but expected \(e)"
        }
        return actual.count == expected.count ? nil : "\(actual.count) lines but expected \(expected.count)"
    }

    static func lines(_ text: String) -> [Line] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 2, let trial = Int(words[0]) else { return nil }
            return Line(trial: trial, label: String(words[1]), values: words.dropFirst(2).compactMap { Double($0) })
        }
    }

    /// The result lines a JIT run gives: per trial, every result slot.
    static func lines(_ result: RunResult, labels: [String]) -> [Line] {
        result.results.enumerated().flatMap { t, slots in
            zip(labels, slots).map { Line(trial: t, label: $0, values: $1) }
        }
    }

    /// The input rows as the C programs read them: per trial, `node.PORT values` lines.
    static func blocks(_ executable: Executable, _ lists: [String: [[[Double]]]], rows: Int) -> String {
        (0..<rows).map { t in
            lists.keys.sorted().flatMap { node -> [String] in
                let list = lists[node] ?? []
                let entry = list[t % list.count]
                let ports = executable.program.inputs.filter { $0.node == node }
                return zip(ports, entry).map { slot, values in
                    "\(node).\(slot.port) " + values.map { "\($0)" }.joined(separator: " ")
                }
            }.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    static let example = Fixtures.examples
    static let driver = Fixtures.path("aot", "driver.c")

    /// Compiles an example's model into DIR/libmodel.so or DIR/model.o (prefix `model`) and
    /// builds the test driver against it.
    static func driver(for example: String, in directory: URL, object: Bool = false,
                       options: (inout AheadOfTimeOptions) -> Void = { _ in }) throws -> String {
        let library = directory.appending(path: object ? "model.o" : "libmodel.so").path
        var aot = AheadOfTimeOptions(output: library, header: directory.appending(path: "model.h").path,
                                     prefix: "model")
        options(&aot)
        try compileAheadOfTime(try Model.load(path: "\(example)/model.json"), options: aot)
        let binary = directory.appending(path: "driver").path
        let link = object ? [library, "-lm"] : ["-L", directory.path, "-lmodel", "-Wl,-rpath," + directory.path]
        try sh("cc", [driver, "-I", directory.path, "-pthread", "-o", binary] + link)
        return binary
    }

    @Test("the Stroop example: C against the .so and the .o, and ctypes, equal the JIT bitwise")
    func stroopExample() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try Model.load(path: "\(Self.example)/stroop/model.json")
        let inputs = try InputSet.load(path: "\(Self.example)/stroop/inputs.json")
        let jit = try model.compile(mode: .compiled)
        let expected = Self.lines(try jit.run(inputs: inputs.inputs), labels: jit.resultLabels)
        let folder = "\(Self.example)/aot_stroop"
        let header = directory.appending(path: "stroop.h").path
        try compileAheadOfTime(model, options: AheadOfTimeOptions(
            output: directory.appending(path: "libstroop.so").path, header: header, prefix: "stroop"))
        // The CLI entry for the object, as a user runs it.
        let cli = CLI.run(["compile", "\(Self.example)/stroop/model.json", "-o", directory.appending(path: "stroop.o").path,
                           "--prefix", "stroop"])
        #expect(cli.code == 0, "\(cli.err)")
        let shared = directory.appending(path: "stroop_shared").path
        let staticBinary = directory.appending(path: "stroop_static").path
        try Self.sh("cc", ["\(folder)/main.c", "-I", directory.path, "-L", directory.path, "-lstroop",
                           "-Wl,-rpath," + directory.path, "-o", shared])
        try Self.sh("cc", ["\(folder)/main.c", "-I", directory.path, directory.appending(path: "stroop.o").path,
                           "-lm", "-o", staticBinary])
        #expect(Self.difference(Self.lines(try Self.sh(shared, ["\(folder)/inputs.txt"])), expected) == nil)
        #expect(Self.difference(Self.lines(try Self.sh(staticBinary, ["\(folder)/inputs.txt"])), expected) == nil)
        let python = try Self.sh("python3", ["\(folder)/run_stroop.py", directory.appending(path: "libstroop.so").path,
                                             "\(Self.example)/stroop/inputs.json"])
        #expect(Self.difference(Self.lines(python), expected) == nil)
        #expect(expected.count == 6)
    }

    @Test("a noisy LCA: the same draws as the JIT; parallel instances, reset, a parameter set by name")
    func noisyModel() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = "\(Self.example)/lca_decision_2"
        let binary = try Self.driver(for: folder, in: directory)
        let inputs = try InputSet.load(path: "\(folder)/inputs.json")
        let jit = try compile(modelAt: "\(folder)/model.json")
        let rows = inputs.trialCount
        let blocks = directory.appending(path: "rows.txt").path
        try Data(Self.blocks(jit, inputs.inputs, rows: rows).utf8).write(to: URL(fileURLWithPath: blocks))
        let result = try jit.run(inputs: inputs.inputs)
        let results = Set(jit.resultLabels)
        let library = Self.lines(try Self.sh(binary, ["run", blocks])).filter { results.contains($0.label) }
        #expect(Self.difference(library, Self.lines(result, labels: jit.resultLabels)) == nil)
        // A second run continues the noise streams, in both.
        let threads = try Self.sh(binary, ["threads", blocks]).split(separator: "\n")
        #expect(threads.first == "same")
        #expect(try Self.sh(binary, ["reset", blocks]) == "same\n")
        // A parameter set through the C ABI gives what setParameter gives the JIT.
        let fresh = try compile(modelAt: "\(folder)/model.json")
        try fresh.setParameter("decision.leak", to: 0.75)
        try fresh.reset()
        let changed = Self.lines(try Self.sh(binary, ["run", blocks, String(rows), "decision.leak", "0.75"]))
            .filter { results.contains($0.label) }
        #expect(Self.difference(changed, Self.lines(try fresh.run(inputs: inputs.inputs), labels: fresh.resultLabels)) == nil)
        #expect(Self.difference(changed, library) != nil)
    }

    @Test("learning through the static object: the outputs and weights of the JIT's learn, bitwise")
    func learn() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = "\(Self.example)/xor_learning"
        let binary = try Self.driver(for: folder, in: directory, object: true)
        let inputs = try InputSet.load(path: "\(folder)/inputs.json")
        let jit = try compile(modelAt: "\(folder)/model.json")
        // The TARGET node of the pathway ending in `output` is an input slot of the library.
        var lists = inputs.inputs
        lists["output_target"] = inputs.targets["output"]
        let blocks = directory.appending(path: "rows.txt").path
        try Data(Self.blocks(jit, lists, rows: 4).utf8).write(to: URL(fileURLWithPath: blocks))
        let result = try jit.learn(inputs: inputs.inputs, targets: inputs.targets, epochs: 50)
        let output = try Self.sh(binary, ["learn", blocks, "200"])
        #expect(Self.difference(Self.lines(output), Self.lines(result, labels: jit.resultLabels)) == nil)
        let weights = output.split(separator: "\n").filter { $0.hasPrefix("W ") }.map { line in
            let words = line.split(separator: " ")
            return (String(words[1]), words.dropFirst(2).compactMap { Double($0) })
        }
        #expect(weights.map(\.0) == jit.weightNames)
        for (name, values) in weights {
            #expect(values == (try jit.weight(name)).flatMap { $0 }, "\(name)")
        }
        #expect(weights.count >= 2)
    }

    @Test("every accessor, and bad arguments return error codes", arguments: ["stroop", "xor_learning"])
    func api(example: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try Self.driver(for: "\(Self.example)/\(example)", in: directory)
        let blocks = directory.appending(path: "rows.txt").path
        let jit = try compile(modelAt: "\(Self.example)/\(example)/model.json")
        var lists = try InputSet.load(path: "\(Self.example)/\(example)/inputs.json").inputs
        if example == "xor_learning" { lists["output_target"] = [[[0]]] }
        try Data(Self.blocks(jit, lists, rows: 1).utf8).write(to: URL(fileURLWithPath: blocks))
        let report = try Self.sh(binary, ["api", blocks])
        #expect(!report.contains("FAIL"), "\(report)")
        #expect(report.contains("ok get what was set"))
    }

    @Test("two models' static objects and a shared library link into one program; only the API is global")
    func twoModelsLinkTogether() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, example, file) in [("a", "stroop", "a.o"), ("b", "xor_learning", "b.o"), ("c", "stroop", "libc_model.so")] {
            try compileAheadOfTime(try Model.load(path: "\(Self.example)/\(example)/model.json"), options:
                AheadOfTimeOptions(output: directory.appending(path: file).path,
                                   header: directory.appending(path: "\(name).h").path, prefix: name))
        }
        let main = directory.appending(path: "main.c")
        try Data("""
            #include <stdio.h>
            #include "a.h"
            #include "b.h"
            #include "c.h"
            int main(void) {
                a_instance *a = a_create();
                b_instance *b = b_create();
                c_instance *c = c_create();
                printf("%d %d %d\\n", a != NULL && b != NULL && c != NULL, (int)b_HAS_LEARNING, (int)a_HAS_LEARNING);
                a_destroy(a); b_destroy(b); c_destroy(c);
                return 0;
            }
            """.utf8).write(to: main)
        let binary = directory.appending(path: "both").path
        try Self.sh("cc", [main.path, "-I", directory.path, directory.appending(path: "a.o").path,
                           directory.appending(path: "b.o").path, "-L", directory.path, "-lc_model",
                           "-Wl,-rpath," + directory.path, "-lm", "-o", binary])
        #expect(try Self.sh(binary, []) == "1 1 0\n")
        // Every defined global symbol of an object is the API's.
        let symbols = try Self.sh("nm", ["-g", "--defined-only", directory.appending(path: "a.o").path])
        let names = symbols.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("a_") }, "\(names)")
    }

    @Test("the CLI's --record, --specialize and --set shape the library as they shape a run")
    func runOptions() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = "\(Self.example)/stroop"
        let cli = CLI.run(["compile", "\(folder)/model.json", "-o", directory.appending(path: "libmodel.so").path,
                           "--header", directory.appending(path: "model.h").path, "--prefix", "model",
                           "--record", "word_hidden.RESULT", "--specialize", "--set", "response.function.gain=2"])
        #expect(cli.code == 0, "\(cli.err)")
        let binary = directory.appending(path: "driver").path
        try Self.sh("cc", [Self.driver, "-I", directory.path, "-pthread", "-o", binary, "-L", directory.path, "-lmodel",
                           "-Wl,-rpath," + directory.path])
        let model = try Model.load(path: "\(folder)/model.json").setting("response.function.gain", to: 2)
        let record = try #require(PortReference(parsing: "word_hidden.RESULT", nodeNames: model.nodes.map(\.name)))
        let jit = try compile(model, options: CompileOptions(record: [record], specialize: true))
        let inputs = try InputSet.load(path: "\(folder)/inputs.json")
        let result = try jit.run(inputs: inputs.inputs)
        var expected: [Line] = []
        for t in 0..<result.trials {
            expected += zip(jit.resultLabels, result.results[t]).map { Line(trial: t, label: $0, values: $1) }
            expected.append(Line(trial: t, label: "word_hidden.RESULT",
                                 values: result.nodes["word_hidden"]?["RESULT"]?[t] ?? []))
        }
        let rows = directory.appending(path: "rows.txt").path
        try Data(Self.blocks(jit, inputs.inputs, rows: inputs.trialCount).utf8).write(to: URL(fileURLWithPath: rows))
        #expect(Self.difference(Self.lines(try Self.sh(binary, ["run", rows])), expected) == nil)
        // Specialized: no parameters to set.
        let header = try String(contentsOf: directory.appending(path: "model.h"), encoding: .utf8)
        #expect(!header.contains("model_PARAMETER_"))
        #expect(header.contains("#define model_OUTPUT_word_hidden_RESULT 1"))
    }

    @Test("an object for aarch64 (clang as the C compiler) is an AArch64 ELF object")
    func crossTarget() throws {
        let clang = "/opt/swift/usr/bin/clang"
        guard FileManager.default.isExecutableFile(atPath: clang) else { return }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appending(path: "stroop.o")
        let result = try compileAheadOfTime(try Model.load(path: "\(Self.example)/stroop/model.json"), options:
            AheadOfTimeOptions(output: output.path, target: "aarch64-unknown-linux-gnu", compiler: clang))
        #expect(result.target.hasPrefix("aarch64"))
        let bytes = [UInt8](try Data(contentsOf: output))
        // ELF magic, then e_machine (little-endian, offset 18): 183 is EM_AARCH64.
        #expect(bytes.prefix(4) == [0x7F, 0x45, 0x4C, 0x46])
        #expect(bytes.count > 20 && Int(bytes[18]) | Int(bytes[19]) << 8 == 183)
        // With gcc, a clear error instead.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") {
            #expect(throws: RunError.self) {
                try compileAheadOfTime(try Model.load(path: "\(Self.example)/stroop/model.json"), options:
                    AheadOfTimeOptions(output: output.path, target: "aarch64-unknown-linux-gnu", compiler: "/usr/bin/gcc"))
            }
        }
    }

    @Test("bad options are clear errors")
    func badOptions() throws {
        let model = try Model.load(path: "\(Self.example)/stroop/model.json")
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func message(_ options: AheadOfTimeOptions) -> String {
            do {
                try compileAheadOfTime(model, options: options)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(AheadOfTimeOptions(output: directory.appending(path: "x.txt").path)).contains("libNAME.so"))
        #expect(message(AheadOfTimeOptions(output: directory.appending(path: "x.o").path, prefix: "1-x"))
            .contains("not a C identifier"))
        #expect(message(AheadOfTimeOptions(output: directory.appending(path: "x.o").path, compiler: "/no/such/cc"))
            .contains("no C compiler"))
        #expect(message(AheadOfTimeOptions(output: directory.appending(path: "x.o").path, target: "nonsense-triple"))
            .contains("nonsense"))
        // LLVM would abort in code generation for a CPU it does not know.
        #expect(message(AheadOfTimeOptions(output: directory.appending(path: "x.o").path, cpu: "no-such-cpu"))
            .contains("does not know the CPU 'no-such-cpu'"))
    }
}
