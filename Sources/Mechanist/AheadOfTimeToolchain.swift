import Foundation
import MechanistAOTSources

/// The system C compiler and linker, as `mechanist compile` uses them to turn LLVM's object
/// (the model's code, tables and API) and the runtime (Runtime/random.c and the generic library
/// code of Runtime/aot/instance.h, embedded in this binary) into a shared library or one
/// relocatable object.
///
/// The runtime is compiled once per C compiler and cached (`startRuntimeObject`), with `-O2
/// -ffp-contract=off` (no fused multiply-adds, no fast math), so the random number generator
/// computes exactly what the JIT's copy of it computes, and `-fvisibility=hidden`: only LLVM's
/// `<prefix>_*` API is exported. The link runs the linker the driver would run, directly
/// (`AheadOfTimeLinker`); through the driver when that command cannot be had or fails.
struct AheadOfTimeToolchain {
    /// `$CC`, or `cc`, resolved in PATH.
    let compiler: String
    /// Cross-compiling: the target triple to pass as `--target=` (clang only).
    let crossTarget: String?
    /// `--sysroot` for a cross-compile; without one, the runtime is compiled against the few
    /// declarations it needs (Runtime/aot/freestanding), not the target's C headers.
    let sysroot: String?

    init(compiler: String?, crossTarget: String?, sysroot: String?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let name = compiler ?? environment["CC"].flatMap { $0.isEmpty ? nil : $0 } ?? "cc"
        guard let path = Self.which(name, environment: environment) else {
            throw RunError("compile: no C compiler '\(name)' found (it compiles the runtime and drives the linker); "
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

    /// The driver's flags for the target: none for the host.
    private var targetFlags: [String] {
        guard let crossTarget else { return [] }
        return ["--target=\(crossTarget)"] + (sysroot.map { ["--sysroot=\($0)"] } ?? [])
    }

    /// Flags for compiling the runtime, position-independent so that one object serves shared
    /// and static libraries.
    private func cFlags(in directory: URL) -> [String] {
        var flags = ["-O2", "-ffp-contract=off", "-fvisibility=hidden", "-fPIC", "-w", "-I", directory.path]
        flags += targetFlags
        if crossTarget != nil, sysroot == nil {
            flags += ["-ffreestanding", "-nostdlibinc", "-I", directory.appending(path: "freestanding").path]
        }
        return flags
    }

    /// The runtime object: from the cache when this compiler, these flags and these sources made
    /// it before, else being compiled (it runs while LLVM generates the model's code) and then
    /// cached.
    struct RuntimeObject {
        fileprivate let object: URL
        fileprivate let compiling: RunningTool?
        fileprivate let cacheName: String

        /// The object's path, once compiled.
        func wait() throws -> URL {
            guard let compiling else { return object }
            try compiling.wait()
            AheadOfTimeCache.store(object, as: cacheName)
            return object
        }

        /// Waits without reporting (when the compile fails for another reason).
        func abandon() { try? compiling?.wait() }
    }

    func startRuntimeObject(in directory: URL) throws -> RuntimeObject {
        let flags = cFlags(in: directory)
        let sources = EmbeddedRuntimeSources.files.sorted { $0.key < $1.key }.map { "\($0.key)\u{0}\($0.value)" }
        // The key: the compiler (path, size, date), the flags without the directory, the sources.
        let key = AheadOfTimeCache.key([compiler, AheadOfTimeCache.stamp(of: compiler)]
            + flags.filter { !$0.hasPrefix(directory.path) } + sources)
        let name = "runtime-\(String(key, radix: 16)).o"
        if let cached = AheadOfTimeCache.existing(name) {
            return RuntimeObject(object: cached, compiling: nil, cacheName: name)
        }
        try FileManager.default.createDirectory(at: directory.appending(path: "freestanding"),
                                                withIntermediateDirectories: true)
        for (file, text) in EmbeddedRuntimeSources.files {
            try Data(text.utf8).write(to: directory.appending(path: file))
        }
        // One translation unit: the random number generator and the library code.
        let source = directory.appending(path: "runtime.c")
        try Data("#include \"random.c\"\n#include \"instance.h\"\n".utf8).write(to: source)
        let object = directory.appending(path: "runtime.o")
        let compiling = try RunningTool(compiler, flags + ["-c", source.path, "-o", object.path],
                                        what: "compiling the runtime")
        return RuntimeObject(object: object, compiling: compiling, cacheName: name)
    }

    /// A shared library of the objects (LLVM's and the runtime's).
    func linkSharedLibrary(_ objects: [URL], in directory: URL, to output: URL) throws {
        try link(objects, in: directory, to: output, flags: targetFlags + ["-shared"], libraries: ["-lm"])
    }

    /// One relocatable object: everything linked with `-r`, then every hidden symbol made local
    /// (`objcopy --localize-hidden`), so the object exports only the API and two models'
    /// objects link into one program.
    func linkObject(_ objects: [URL], in directory: URL, to output: URL) throws {
        let combined = directory.appending(path: "combined.o")
        // The system linker knows only the host's objects: clang's own lld links any target's.
        let cross = crossTarget == nil ? [] : targetFlags + ["-fuse-ld=lld"]
        try link(objects, in: directory, to: combined, flags: cross + ["-r", "-nostdlib"], libraries: [])
        try RunningTool(try objcopy(), ["--localize-hidden", combined.path, output.path],
                        what: "localizing internal symbols").wait()
    }

    /// Links with the driver's linker command run directly; through the driver when there is
    /// no such command or it fails (the driver's error is then the one reported). For the host,
    /// lld or gold when the driver can use them (`-fuse-ld=`): they link a library in half the
    /// time of GNU ld's default (bfd), which reads all of libc's symbols slowly.
    private func link(_ objects: [URL], in directory: URL, to output: URL, flags: [String],
                      libraries: [String]) throws {
        let what = "linking \(output.lastPathComponent)"
        let environment = ProcessInfo.processInfo.environment
        let faster = crossTarget != nil ? [] : ["lld", "gold"].filter { Self.which("ld.\($0)", environment: environment) != nil }
        var failed: [AheadOfTimeLinker] = []
        for choice in faster.map({ ["-fuse-ld=\($0)"] }) + [[]] {
            guard let linker = AheadOfTimeLinker.derive(compiler: compiler, flags: choice + flags, libraries: libraries,
                                                        in: directory) else { continue }
            if (try? linker.link(objects, to: output, what: what)) != nil {
                for linker in failed { linker.forget() }
                return
            }
            failed.append(linker)
        }
        try RunningTool(compiler, flags + objects.map(\.path) + ["-o", output.path] + libraries, what: what).wait()
        for linker in failed { linker.forget() }
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
        try capture(compiler, ["--version"]).output.contains("clang")
    }

    /// A tool's standard output and error together, and whether it exited 0.
    static func capture(_ tool: String, _ arguments: [String]) throws -> (output: String, succeeded: Bool) {
        let running = try RunningTool(tool, arguments, what: "running \(tool)")
        return running.finish()
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
