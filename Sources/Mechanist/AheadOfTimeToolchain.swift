import Foundation
import MechanistAOTSources

/// The system C compiler and linker, as `mechanist compile` uses them to turn LLVM's object and
/// the library's C (Runtime/random.c, Runtime/aot/instance.h and the generated tables, embedded
/// in this binary) into a shared library or one relocatable object.
///
/// The runtime is compiled with `-O2 -ffp-contract=off` (no fused multiply-adds, no fast
/// math), so the random number generator computes exactly what the JIT's copy of it computes,
/// and cached (`runtimeObject`); the generated C, which does no arithmetic, at -O0. Everything
/// is `-fvisibility=hidden` but the `<prefix>_*` API.
struct AheadOfTimeToolchain {
    /// `$CC`, or `cc`, resolved in PATH.
    let compiler: String
    /// Cross-compiling: the target triple to pass as `--target=` (clang only).
    let crossTarget: String?
    /// `--sysroot` for a cross-compile; without one, the library's C is compiled against the
    /// few declarations it needs (Runtime/aot/freestanding), not the target's C headers.
    let sysroot: String?

    init(compiler: String?, crossTarget: String?, sysroot: String?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let name = compiler ?? environment["CC"].flatMap { $0.isEmpty ? nil : $0 } ?? "cc"
        guard let path = Self.which(name, environment: environment) else {
            throw RunError("compile: no C compiler '\(name)' found (it builds the library around LLVM's object); "
                + "install one (gcc or clang) or set CC to its path")
        }
        self.compiler = path
        self.crossTarget = crossTarget
        self.sysroot = sysroot
        if let crossTarget, !(try Self.isClang(path)) {
            throw RunError("compile: --target \(crossTarget) needs clang as the C compiler ('\(path)' is not clang, "
                + "which cannot compile for another target by a flag); set CC to a clang, e.g. "
                + "CC=/opt/swift/usr/bin/clang or CC=clang")
        }
    }

    /// Flags for compiling the library's C. Only the runtime is `optimized`: the generated C
    /// does no arithmetic (tables, copies and calls), and -O0 compiles it fastest.
    private func cFlags(in directory: URL, positionIndependent: Bool, optimized: Bool) -> [String] {
        var flags = [optimized ? "-O2" : "-O0", "-ffp-contract=off", "-fvisibility=hidden", "-w", "-I", directory.path]
        if positionIndependent { flags.append("-fPIC") }
        if let crossTarget {
            flags.append("--target=\(crossTarget)")
            if let sysroot {
                flags.append("--sysroot=\(sysroot)")
            } else {
                flags += ["-ffreestanding", "-nostdlibinc", "-I", directory.appending(path: "freestanding").path]
            }
        }
        return flags
    }

    /// Writes the embedded runtime sources into `directory`.
    static func writeRuntimeSources(into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory.appending(path: "freestanding"),
                                                withIntermediateDirectories: true)
        for (name, text) in EmbeddedRuntimeSources.files {
            try Data(text.utf8).write(to: directory.appending(path: name))
        }
    }

    /// Starts compiling the generated C (`library.c` to `library.o`), which needs nothing of
    /// LLVM's: it runs while LLVM generates the model's code, off a compile's critical path.
    func startCompiling(_ source: URL, in directory: URL) throws -> RunningTool {
        let object = directory.appending(path: "library.o")
        return try RunningTool(compiler, cFlags(in: directory, positionIndependent: true, optimized: false)
                                   + ["-c", source.path, "-o", object.path],
                               what: "compiling the library's C", output: object)
    }

    /// A shared library from LLVM's object, the compiled generated C and the runtime.
    func linkSharedLibrary(_ objects: [URL], in directory: URL, to output: URL) throws {
        var arguments = cFlags(in: directory, positionIndependent: true, optimized: false)
        arguments += ["-shared"] + (objects + [try runtimeObject(in: directory)]).map(\.path)
        arguments += ["-o", output.path, "-lm"]
        try RunningTool(compiler, arguments, what: "linking \(output.lastPathComponent)").wait()
    }

    /// One relocatable object: everything linked with `-r`, then every hidden symbol made local
    /// (`objcopy --localize-hidden`), so the object exports only the API and two models'
    /// objects link into one program.
    func linkObject(_ objects: [URL], in directory: URL, to output: URL) throws {
        let combined = directory.appending(path: "combined.o")
        var link = ["-r", "-nostdlib"] + (objects + [try runtimeObject(in: directory)]).map(\.path)
        link += ["-o", combined.path]
        // The system linker knows only the host's objects: clang's own lld links any target's.
        if let crossTarget { link = ["--target=\(crossTarget)", "-fuse-ld=lld"] + link }
        try RunningTool(compiler, link, what: "linking \(output.lastPathComponent)").wait()
        try RunningTool(try objcopy(), ["--localize-hidden", combined.path, output.path],
                        what: "localizing internal symbols").wait()
    }

    /// The runtime (random.c) compiled: from the cache when this compiler, these flags and this
    /// source made it before (compiling it is most of a compile's time), else compiled now and
    /// cached. The cache is $XDG_CACHE_HOME/mechanist (~/.cache/mechanist); when it cannot be
    /// written, the object is compiled in `directory` every time.
    private func runtimeObject(in directory: URL) throws -> URL {
        // Position-independent always, so that one object serves shared and static libraries.
        let flags = cFlags(in: directory, positionIndependent: true, optimized: true)
        let source = EmbeddedRuntimeSources.files["random.c", default: ""]
            + EmbeddedRuntimeSources.files["MechanistRuntime.h", default: ""]
        let attributes = try? FileManager.default.attributesOfItem(atPath: compiler)
        let stamp = "\(attributes?[.size] ?? 0) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        // The key: the compiler (path, size, date), the flags without the directory, the source.
        let key = ([compiler, stamp] + flags.filter { !$0.hasPrefix(directory.path) } + [source]).joined(separator: "\u{0}")
        let name = "random-\(String(Self.fnv1a(key), radix: 16)).o"
        let cache = Self.cacheDirectory()
        if let cache, FileManager.default.fileExists(atPath: cache.appending(path: name).path) {
            return cache.appending(path: name)
        }
        let object = directory.appending(path: "random.o")
        try RunningTool(compiler, flags + ["-c", directory.appending(path: "random.c").path, "-o", object.path],
                        what: "compiling the runtime").wait()
        if let cache, (try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)) != nil {
            // Copied under a unique name, then renamed: another process never sees half a file.
            let partial = cache.appending(path: "\(name).\(UUID().uuidString)")
            if (try? FileManager.default.copyItem(at: object, to: partial)) != nil,
               rename(partial.path, cache.appending(path: name).path) != 0 {
                try? FileManager.default.removeItem(at: partial)
            }
        }
        return object
    }

    private static func cacheDirectory() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: "mechanist")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appending(path: ".cache/mechanist")
    }

    /// FNV-1a, 64 bits: a stable name for a cache entry (not a security measure).
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// `$OBJCOPY`; else llvm-objcopy beside a clang (it handles every target), else objcopy.
    private func objcopy() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["OBJCOPY"], let path = Self.which(name, environment: environment) { return path }
        let beside = URL(fileURLWithPath: compiler).resolvingSymlinksInPath().deletingLastPathComponent()
            .appending(path: "llvm-objcopy").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        if let path = Self.which("llvm-objcopy", environment: environment), crossTarget != nil { return path }
        guard let path = Self.which("objcopy", environment: environment) else {
            throw RunError("compile: no objcopy found (it localizes the object's internal symbols); install binutils "
                + "or set OBJCOPY to an objcopy")
        }
        return path
    }

    private static func isClang(_ compiler: String) throws -> Bool {
        let output = try capture(compiler, ["--version"])
        return output.contains("clang")
    }

    private static func capture(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A command's path: as given when it holds a `/`, else the first match in PATH.
    static func which(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// A tool the toolchain started; `wait` turns a failure into a RunError with its command line
/// and its output.
struct RunningTool {
    private let process = Process()
    private let pipe = Pipe()
    private let commandLine: String
    private let what: String
    /// What the tool writes (an object), for the caller.
    let output: URL?

    init(_ tool: String, _ arguments: [String], what: String, output: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = pipe
        process.standardOutput = pipe
        commandLine = ([tool] + arguments).joined(separator: " ")
        self.what = what
        self.output = output
        do {
            try process.run()
        } catch {
            throw RunError("compile: \(what): cannot start \(tool) (\(error.localizedDescription))")
        }
    }

    func wait() throws {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunError("compile: \(what) failed (\(commandLine)):\n" + String(decoding: data, as: UTF8.self))
        }
    }
}
