import ArgumentParser
import Mechanist
import MechanistIR

/// `mechanist emit MODEL --ir|--llvm|--asm`
struct EmitCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Print a model's Mechanist IR, its LLVM IR, or the host assembly.")

    enum What: String, EnumerableFlag {
        case ir, llvm, asm

        static func help(for value: What) -> ArgumentHelp? {
            switch value {
            case .ir: return "Mechanist's IR after the pass pipeline (default)."
            case .llvm: return "LLVM IR of the run and initialize functions (after O2 unless --no-optimize)."
            case .asm: return "Assembly for the host CPU."
            }
        }
    }

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Flag(help: "What to print.")
    var what: What = .ir

    @Flag(name: .long, inversion: .prefixedNo, help: "Optimize: the pass pipeline for --ir, LLVM O2 for --llvm.")
    var optimize = true

    @Option(name: .long, help: "Also record a port, as node.PORT (repeatable), as `run --record` does.")
    var record: [String] = []

    func execute(_ console: inout Console) throws {
        let model = try Model.load(path: model)
        let records = try RunCommand.portReferences(record, model: model)
        let options = CompileOptions(record: records)
        try attributingErrors(to: self.model) { try emit(model, options: options, into: &console) }
    }

    private func emit(_ model: Model, options: CompileOptions, into console: inout Console) throws {
        let records = options.record
        switch what {
        case .ir:
            let program = optimize
                ? try optimizedProgram(model, options: options).program
                : try lower(model, options: LoweringOptions(record: records)).program
            console.write(printProgram(program))
        case .llvm:
            console.write(try llvmText(model, options: options, optimized: optimize))
        case .asm:
            console.write(try assemblyText(model, options: options))
        }
    }
}
