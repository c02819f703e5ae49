import ArgumentParser
import Mechanist

/// `mechanist compile MODEL -o libNAME.so|NAME.o [--header NAME.h]`
struct CompileCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a model ahead of time into a shared library or object with a C interface.",
        discussion: """
            The library holds the whole model (run, learn, reset, initial values) and the runtime, and \
            needs neither LLVM nor Swift to run; --header writes its C header, which documents the \
            interface (create instances, run or learn trials over input rows, read and write weights, \
            parameters and state by name or index). Results are bitwise those of `mechanist run` with the \
            same options on the same CPU. LLVM writes the model's code, tables and interface; \
            the system C compiler ($CC, else cc) compiles the runtime once (cached in \
            $XDG_CACHE_HOME/mechanist) and names the linker, which is run directly; --target for \
            another triple needs CC set to a clang.
            """)

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Option(name: .customShort("o"), help: "The library to write: libNAME.so (shared) or NAME.o (static).")
    var output: String

    @Option(name: .long, help: "Write the C header to this file.")
    var header: String?

    @Option(name: .long, help: "Target triple, e.g. aarch64-unknown-linux-gnu (default: the host).")
    var target: String?

    @Option(name: .long, help: "Target CPU, e.g. x86-64-v3 (default: the host CPU, as the JIT compiles for it).")
    var cpu: String?

    @Option(name: .long, help: "Prefix of every exported C name (default: the model's name as a C identifier).")
    var prefix: String?

    @Option(name: .long, help: "The target's system root, for --target (default: none needed).")
    var sysroot: String?

    @Option(name: .long, help: "Also record a port per trial, as node.PORT (repeatable), as `run --record` does.")
    var record: [String] = []

    @OptionGroup var parameters: ParameterOptions

    @Flag(name: .long, help: "Fold the parameters into the code as constants (the library then has no parameters).")
    var specialize = false

    func execute(_ console: inout Console) throws {
        let model = try parameters.apply(to: try Model.load(path: model))
        let records = try RunCommand.portReferences(record, model: model)
        let options = AheadOfTimeOptions(output: output, header: header, target: target, cpu: cpu, prefix: prefix,
                                         sysroot: sysroot, record: records, specialize: specialize)
        let result = try attributingErrors(to: self.model) { try compileAheadOfTime(model, options: options) }
        console.note("compiled \(self.model) for \(result.target) into \(output) (prefix \(result.prefix)_) "
            + "in \(Int((result.seconds * 1000).rounded())) ms")
    }
}
