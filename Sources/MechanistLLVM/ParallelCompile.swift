import CLLVM
import Foundation
import MechanistIR

/// Compiles entry points whose bodies are split (`CompileParallelism`) as several modules at
/// once, one per thread, each in its own LLVM context and through its own target machine:
/// codegen, verification, O2 and code generation to an object file for the JIT. The objects
/// are what ORC's own compiler would make of the same modules (`TargetMachine(forJIT:)`).
enum ParallelCompile {
    /// What one module holds.
    private enum Job {
        /// The entry points themselves; split bodies call their parts.
        case entryPoints
        /// One part of a split body.
        case part(name: String, ops: [Op])

        var isEntryPoints: Bool {
            if case .entryPoints = self { return true }
            return false
        }
    }

    /// The object files, (name, bytes), to hand to the JIT. The program is verified and its
    /// layout checked first, once, before any thread emits code for it.
    static func objects(_ program: Program, layout: BufferLayout, symbols: SymbolNames, entryPoints: [EntryPoint],
                        parts: [EntryPoint: [[Op]]]) throws(LLVMError) -> [(name: String, bytes: [UInt8])] {
        try Codegen.check(program, layout)
        var list: [(name: String, job: Job)] = []
        for entryPoint in entryPoints {
            for (k, ops) in (parts[entryPoint] ?? []).enumerated() {
                let name = BodyParts.name(symbols.name(of: entryPoint), part: k)
                list.append((name, .part(name: name, ops: ops)))
            }
        }
        // Last: the parts, the larger modules, are taken first by the threads.
        list.append((symbols.prefix + "_" + entryPoints.map(\.symbolSuffix).joined(separator: "_"), .entryPoints))
        let jobs = list
        let results = Results(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            do throws(LLVMError) {
                results.set(k, .success(try object(jobs[k].job, name: jobs[k].name, program, layout, symbols,
                                                   entryPoints, parts)))
            } catch {
                results.set(k, .failure(error))
            }
        }
        var objects: [(name: String, bytes: [UInt8])] = []
        for (k, result) in results.all.enumerated() {
            switch result {
            case .success(let bytes)?: objects.append((jobs[k].name, bytes))
            case .failure(let error)?: throw error
            case nil: throw LLVMError(stage: .codegen, message: "\(jobs[k].name) was not compiled")
            }
        }
        return objects
    }

    /// One module, built, verified, optimized and compiled on the calling thread.
    private static func object(_ job: Job, name: String, _ program: Program, _ layout: BufferLayout,
                               _ symbols: SymbolNames, _ entryPoints: [EntryPoint],
                               _ parts: [EntryPoint: [[Op]]]) throws(LLVMError) -> [UInt8] {
        // The entry points' own code, when every per-trial body among them is in parts, is
        // what runs once per run (optnone already) and trial loops that only call the parts and
        // copy the outputs: neither O2 nor the optimizing back end pays for itself there (about
        // a fifth of a 64-128-10 learn's compile, on the critical path after the parts).
        let light = job.isEntryPoints && entryPoints.filter(\.isPerTrial).allSatisfy { parts[$0] != nil }
        let machine = try TargetMachine(try TargetDescription.host,
                                        optimization: light ? LLVMCodeGenLevelNone : LLVMCodeGenLevelDefault,
                                        forJIT: true)
        let module = ModuleOwner(name: name, in: ContextOwner(threadSafe: false))
        guard let llvmModule = module.module else { throw LLVMError(stage: .codegen, message: "no module") }
        switch job {
        case .entryPoints:
            try buildModule(program, layout: layout, symbols: symbols, into: module, machine: machine, optimize: !light,
                            entryPoints: Set(entryPoints), parts: parts, checked: true)
        case .part(let name, let ops):
            machine.configure(llvmModule)
            try Codegen.emitParts([(name, ops)], program, layout: layout, into: module)
            try verifyModule(llvmModule)
            try optimizeModule(llvmModule, machine: machine)
        }
        return try machine.emit(llvmModule, as: LLVMObjectFile)
    }

    /// The threads' results, by job.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[UInt8], LLVMError>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ k: Int, _ result: Result<[UInt8], LLVMError>) {
            lock.lock()
            defer { lock.unlock() }
            results[k] = result
        }

        var all: [Result<[UInt8], LLVMError>?] {
            lock.lock()
            defer { lock.unlock() }
            return results
        }
    }
}
