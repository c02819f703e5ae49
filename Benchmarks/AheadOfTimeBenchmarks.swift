import Foundation
import Mechanist
import MechanistModel

extension Benchmarks {
    /// Issue 11's figures for `mechanist compile`: the time from the model to a shared library
    /// (Stroop; the compiled runtime comes from the cache after the first), the library's load
    /// (dlopen) and first instance, and the per-trial time of the library against the JIT's on
    /// the same trials, side by side (Stroop, and the noisy threshold LCA of Examples/lca_decision_2).
    static func aheadOfTime(examples: String, quick: Bool) throws {
        print("== aot: `mechanist compile` (shared library) against the JIT")
        let directory = FileManager.default.temporaryDirectory.appending(path: "mechanist-bench-aot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stroop = try Model.load(path: examples + "/stroop/model.json")
        let library = directory.appending(path: "libstroop.so").path
        var compiles: [Double] = []
        var llvm: [Double] = []
        var link: [Double] = []
        for _ in 0..<(quick ? 5 : 20) {
            let result = try compileAheadOfTime(stroop, options: AheadOfTimeOptions(output: library, prefix: "stroop"))
            compiles.append(result.seconds)
            llvm.append(result.llvmSeconds)
            link.append(result.linkSeconds)
        }
        var jitCompiles: [Double] = []
        for _ in 0..<(quick ? 5 : 20) { jitCompiles.append(try seconds { _ = try stroop.compile(mode: .compiled) }) }
        report("  Stroop: compile to libstroop.so / JIT compile", format(median(compiles)) + " / "
            + format(median(jitCompiles)) + " (in process; LLVM " + format(median(llvm)) + ", linking "
            + format(median(link)) + ", the rest lowering)")
        // The command as a user runs it, process start included, when `mechanist` is beside this binary.
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "mechanist")
        if FileManager.default.isExecutableFile(atPath: cli.path) {
            var runs: [Double] = []
            let arguments = [cli.path, "compile", examples + "/stroop/model.json", "-o", library, "--prefix", "stroop"]
            // Its report line to /dev/null.
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
            for _ in 0..<(quick ? 5 : 20) {
                // posix_spawn and waitpid: Process.waitUntilExit notices an exit up to 50 ms late.
                let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
                defer { for argument in argv { free(argument) } }
                var status: Int32 = 0
                runs.append(seconds {
                    var pid: pid_t = 0
                    if posix_spawn(&pid, cli.path, &actions, nil, argv, environ) == 0 { waitpid(pid, &status, 0) }
                })
                guard status == 0 else { throw RunError("\(arguments.joined(separator: " ")) failed (\(status))") }
            }
            report("  Stroop: the command, wall (process start too)", format(median(runs)) + " (goal: < 100 ms)")
        }

        // Every load is of a fresh copy: dlopen of a path already loaded only counts a reference.
        var loads: [Double] = []
        for k in 0..<(quick ? 5 : 20) {
            let copy = directory.appending(path: "libstroop\(k).so").path
            try FileManager.default.copyItem(atPath: library, toPath: copy)
            var handle: UnsafeMutableRawPointer?
            var instance: UnsafeMutableRawPointer?
            loads.append(seconds {
                handle = dlopen(copy, RTLD_NOW | RTLD_LOCAL)
                if let symbol = dlsym(handle, "stroop_create") {
                    instance = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafeMutableRawPointer?).self)()
                }
            })
            if let symbol = dlsym(handle, "stroop_destroy") {
                unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)(instance)
            }
            if let handle { dlclose(handle) }
        }
        report("  Stroop: dlopen + create", format(median(loads)) + " (goal: < 1 ms)")

        for (name, trials) in [("stroop", quick ? 100_000 : 1_000_000), ("lca_decision_2", quick ? 2_000 : 20_000)] {
            try perTrialSideBySide(examples: examples, name: name, trials: trials, in: directory)
        }
    }

    /// One model's per-trial time, JIT and library, over the same input rows and trials.
    private static func perTrialSideBySide(examples: String, name: String, trials: Int, in directory: URL) throws {
        let model = try Model.load(path: "\(examples)/\(name)/model.json")
        let inputs = try InputSet.load(path: "\(examples)/\(name)/inputs.json")
        let path = directory.appending(path: "lib\(name).so").path
        try compileAheadOfTime(model, options: AheadOfTimeOptions(output: path, prefix: "m"))
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { throw RunError("dlopen \(path) failed") }
        defer { dlclose(handle) }
        typealias Create = @convention(c) () -> UnsafeMutableRawPointer?
        typealias Run = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<Double>?, Int64, Int64,
                                        UnsafeMutablePointer<Double>?) -> Int32
        guard let create = dlsym(handle, "m_create"), let run = dlsym(handle, "m_run"),
              let instance = unsafeBitCast(create, to: Create.self)() else { throw RunError("\(path): no m_create") }
        let jit = try model.compile(mode: .compiled)
        // The input rows as the library takes them (the JIT's layout).
        let rowCount = inputs.trialCount
        let width = jit.layout.size(.input)
        var rows = [Double](repeating: 0, count: max(rowCount * width, 1))
        for (node, list) in inputs.inputs {
            let slots = jit.program.inputs.filter { $0.node == node }
            for r in 0..<rowCount {
                for (slot, values) in zip(slots, list[r % list.count]) {
                    for (i, v) in values.enumerated() { rows[r * width + jit.layout.offsets[slot.buffer.index] + i] = v }
                }
            }
        }
        var outputs = [Double](repeating: 0, count: max(trials * jit.layout.outputWidth, 1))
        var jitTimes: [Double] = []
        var aotTimes: [Double] = []
        // The best of five each, alternating: on a shared machine the minimum is the steadiest figure.
        for _ in 0..<5 {
            jitTimes.append(try jit.run(inputs: inputs.inputs, trials: trials).runSeconds)
            aotTimes.append(seconds {
                _ = unsafeBitCast(run, to: Run.self)(instance, rows, Int64(rowCount), Int64(trials), &outputs)
            })
        }
        let jitTrial = (jitTimes.min() ?? 0) / Double(trials)
        let aotTrial = (aotTimes.min() ?? 0) / Double(trials)
        report("  \(name): per trial, library / JIT (\(trials) trials)", format(aotTrial) + " / " + format(jitTrial)
            + String(format: " = %.2fx (goal: 1x, within noise)", aotTrial / jitTrial))
    }
}
