import Foundation
import MechanistIR
import MechanistLLVM
import MechanistModel

/// How to compile a model ahead of time (`mechanist compile`).
public struct AheadOfTimeOptions: Sendable {
    /// The library to write: `libNAME.so` (or `.dylib`) for a shared library, `NAME.o` for one
    /// relocatable object to link statically.
    public var output: String
    /// Where to write the C header (none when nil).
    public var header: String?
    /// A target triple (default: the host, as the JIT compiles for it). Another target needs
    /// clang as `$CC`.
    public var target: String?
    /// A CPU name (default: the host's CPU with its detected features, exactly the JIT's
    /// choice, so the library's results are bitwise the JIT's; another CPU gets its default
    /// features; for another target, the target's generic CPU).
    public var cpu: String?
    /// The C prefix of every exported name (default: the model's name as a C identifier).
    public var prefix: String?
    /// The target's system root, for a cross-compile (default: none: the runtime is compiled
    /// against the few declarations it needs).
    public var sysroot: String?
    /// Ports recorded per trial besides the results, and `specialize`, as for `compile`.
    public var record: [PortReference]
    public var specialize: Bool
    /// The C compiler, which compiles the runtime (once: it is cached) and tells the linker's
    /// command line (default: `$CC`, else `cc`).
    public var compiler: String?

    public init(output: String, header: String? = nil, target: String? = nil, cpu: String? = nil,
                prefix: String? = nil, sysroot: String? = nil, record: [PortReference] = [], specialize: Bool = false,
                compiler: String? = nil) {
        self.compiler = compiler
        self.output = output
        self.header = header
        self.target = target
        self.cpu = cpu
        self.prefix = prefix
        self.sysroot = sysroot
        self.record = record
        self.specialize = specialize
    }
}

/// What `compileAheadOfTime` wrote.
public struct AheadOfTimeResult: Sendable {
    /// The C prefix of the library's symbols (`<prefix>_create`, ...).
    public var prefix: String
    /// The target triple and CPU compiled for.
    public var target: String
    /// Seconds from the model to the written library.
    public var seconds: Double
    /// Seconds in LLVM (code generation and the object).
    public var llvmSeconds: Double
    /// Seconds from LLVM's object to the written library: the runtime object (waited for when
    /// it was not cached) and the linker. The rest of `seconds` is lowering and the optimizer.
    public var linkSeconds: Double = 0
}

/// Compiles a model ahead of time into a library with a C ABI (see the header it writes): the
/// model's whole program (run, learn, reset, initial values) and the runtime, needing no
/// LLVM and no Swift at run time.
///
/// LLVM emits two objects: the entry points (the JIT's module, for the same CPU), and, on
/// another thread meanwhile, the model's tables and the exported API (`LibraryTables`). The
/// runtime (Runtime/random.c and the generic library code of Runtime/aot/instance.h) is
/// compiled once by the system C compiler and cached. They are linked by the linker the C
/// compiler driver would run, run directly: `-shared` for a shared library; `-r`, then
/// `objcopy --localize-hidden`, for a static object.
/// - Throws: `ModelError` for an invalid model, `RunError` for a bad option or a C toolchain
///   failure (with its output), `LLVMError` when LLVM cannot compile for the target.
@discardableResult
public func compileAheadOfTime(_ model: Model, options: AheadOfTimeOptions) throws -> AheadOfTimeResult {
    let start = ContinuousClock.now
    let shared: Bool
    switch URL(fileURLWithPath: options.output).pathExtension {
    case "so", "dylib": shared = true
    case "o": shared = false
    default:
        throw RunError("compile: -o \(options.output): name a shared library (libNAME.so) or an object (NAME.o)")
    }
    if let prefix = options.prefix, prefix != ObjectFile.cIdentifier(prefix) {
        throw RunError("compile: --prefix '\(prefix)' is not a C identifier (letters, digits and _, not starting "
            + "with a digit)")
    }
    let target = try aheadOfTimeTarget(options)
    let host = try TargetDescription.host
    let cross = target.triple == host.triple ? nil : target.triple
    let toolchain = try AheadOfTimeToolchain(compiler: options.compiler, crossTarget: cross, sysroot: options.sysroot)

    let lowered = try optimizedProgram(model, options: CompileOptions(record: options.record,
                                                                      specialize: options.specialize))
    let library = AheadOfTimeLibrary(lowered, prefix: options.prefix)
    let directory = FileManager.default.temporaryDirectory.appending(path: "mechanist-compile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    // Cached, or compiled by the C compiler while LLVM generates the model's code.
    let runtime = try toolchain.startRuntimeObject(in: directory)

    let llvmStart = ContinuousClock.now
    // The tables and API compile on another thread while the model's code compiles.
    let tables = BackgroundResult { [program = library.program, entryPrefix = library.entryPrefix, tables = library.tables] in
        try ObjectFile.emitLibrary(tables, program: program, symbolPrefix: entryPrefix, target: target)
    }
    let emitted: [[UInt8]]
    do {
        let model = try ObjectFile.emit(program: library.program, layout: library.layout,
                                        symbolPrefix: library.entryPrefix, target: target,
                                        // Static objects too: programs are position-independent
                                        // executables by default.
                                        positionIndependent: true)
        emitted = [model, try tables.value()]
    } catch {
        _ = try? tables.value()  // LLVM's other thread is done before this returns
        runtime.abandon()  // before its directory goes
        throw error
    }
    let llvmSeconds = (ContinuousClock.now - llvmStart).seconds
    var files: [URL] = []
    for (name, bytes) in zip(["model.o", "library.o"], emitted) {
        files.append(directory.appending(path: name))
        try Data(bytes).write(to: directory.appending(path: name))
    }
    let linkStart = ContinuousClock.now
    let objects = files + [try runtime.wait()]

    let output = URL(fileURLWithPath: options.output)
    if shared {
        try toolchain.linkSharedLibrary(objects, in: directory, to: output)
    } else {
        try toolchain.linkObject(objects, in: directory, to: output)
    }
    let linkSeconds = (ContinuousClock.now - linkStart).seconds
    if let path = options.header {
        let header = library.header(modelName: model.name, target: target.description)
        do {
            try Data(header.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw RunError("compile: --header \(path): cannot write it (\(error.localizedDescription))")
        }
    }
    return AheadOfTimeResult(prefix: library.prefix, target: target.description,
                             seconds: (ContinuousClock.now - start).seconds, llvmSeconds: llvmSeconds,
                             linkSeconds: linkSeconds)
}

/// The target of a compile: the host exactly as the JIT sees it unless a triple or CPU is given.
private func aheadOfTimeTarget(_ options: AheadOfTimeOptions) throws -> TargetDescription {
    let host = try TargetDescription.host
    var target = host
    if let triple = options.target {
        let normalized = TargetDescription.normalized(triple)
        // The vendor does not change the code (x86_64-unknown-linux-gnu is the host
        // x86_64-pc-linux-gnu): such a triple keeps the host's CPU, features and C compiler.
        func withoutVendor(_ triple: String) -> [Substring] {
            let parts = triple.split(separator: "-", omittingEmptySubsequences: false)
            return parts.count > 2 ? [parts[0]] + parts[2...] : parts
        }
        if withoutVendor(normalized) != withoutVendor(TargetDescription.normalized(host.triple)) {
            target = TargetDescription(triple: normalized, cpu: "", features: "")
        }
    }
    if let cpu = options.cpu, cpu != target.cpu {
        target.cpu = cpu
        target.features = ""
    }
    return target
}

/// A value computed on another thread; `value()` waits for it (once).
private final class BackgroundResult<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)
    private var waited = false

    init(_ body: @escaping @Sendable () throws -> T) {
        // A thread of its own, not a pool's: the work is long and must not wait for a free worker.
        Thread { [self] in
            result = Result { try body() }
            done.signal()
        }.start()
    }

    /// Waits for the value; its error when it threw. From one thread.
    func value() throws -> T {
        if !waited {
            done.wait()
            waited = true
        }
        guard let result else { throw RunError("compile: the library's tables were not built") }
        return try result.get()
    }
}
