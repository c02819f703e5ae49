import CLLVM
import Foundation
import MechanistIR

/// How many threads compile one program, and which per-trial bodies are worth splitting.
///
/// LLVM optimizes and generates code for one module on one thread. A per-trial body with
/// much work per trial (a learning network's matrix loops: the 64-128-10 learn spends about
/// 60 % of its compile in O2 and the rest in code generation) is cut into consecutive parts,
/// each a function in a module of its own, compiled on a thread of its own and linked by
/// the JIT; the trial loop calls the parts in order. The ops run in the same order on the
/// same memory, so the results are bitwise those of one function. A body with little work
/// per trial (most models' run loops: a Stroop trial takes tens of nanoseconds) stays one
/// function: a call per part and the values no longer kept in registers between ops would
/// cost it more than the split saves, and it compiles in a few milliseconds anyway.
package struct CompileParallelism: Sendable, Equatable {
    /// At most this many parts (1: never split).
    package var threads: Int
    /// A body is split only when one trial touches at least this many elements (`work`).
    package var minimumWork: Int

    package init(threads: Int, minimumWork: Int) {
        self.threads = threads
        self.minimumWork = minimumWork
    }

    /// One part per processor, up to 4 (more parts add calls and modules for less gain).
    package static let automatic = CompileParallelism(
        threads: min(ProcessInfo.processInfo.activeProcessorCount, 4), minimumWork: 4096)

    /// One module on one thread: how every program compiled before bodies were split.
    package static let none = CompileParallelism(threads: 1, minimumWork: .max)

    /// The parts of each of `entryPoints` worth splitting (per-trial bodies with enough
    /// work and at least two top-level ops), in order; the others are absent.
    package func parts(of program: Program, _ entryPoints: [EntryPoint]) -> [EntryPoint: [[Op]]] {
        guard threads > 1 else { return [:] }
        var parts: [EntryPoint: [[Op]]] = [:]
        for entryPoint in entryPoints where entryPoint.isPerTrial {
            let body = program[entryPoint]
            guard body.count > 1, BodyParts.work(body) >= minimumWork else { continue }
            parts[entryPoint] = BodyParts.split(body, into: min(threads, body.count))
        }
        return parts
    }
}

/// Cutting a body into consecutive parts of about equal compile cost.
package enum BodyParts {
    /// Elements one execution touches: the loops' trip counts (a loop's body counted once:
    /// what matters is how much code the loops are over, not how often they run).
    package static func work(_ ops: [Op]) -> Int { ops.reduce(0) { saturatingSum($0, work($1)) } }

    static func work(_ op: Op) -> Int {
        switch op {
        case .elementwise(let dst, _), .random(let dst, _, _, _): return dst.count
        case .elementwise2D(_, let rows, let columns, _), .vecMat(_, _, _, let rows, let columns),
             .matVec(_, _, _, let rows, let columns):
            let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
            return overflow ? .max : product
        case .reduce(_, _, _, let count): return count
        case .append(_, let source, _): return source.count
        case .loop(_, let body), .until(_, _, let body): return work(body)
        case .branch(_, let then, let otherwise): return saturatingSum(work(then), work(otherwise))
        }
    }

    private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// About what an op costs LLVM to compile: loops that vectorize (matrix products and
    /// updates) several times an elementwise op.
    package static func cost(_ op: Op) -> Int {
        switch op {
        case .vecMat, .matVec, .elementwise2D: return 4
        case .elementwise, .reduce, .random, .append: return Outlining.weight(op)
        case .loop(_, let body), .until(_, _, let body): return 1 + body.reduce(0) { $0 + cost($1) }
        case .branch(_, let then, let otherwise): return 1 + (then + otherwise).reduce(0) { $0 + cost($1) }
        }
    }

    /// `ops` in `count` consecutive, non-empty runs (`count <= ops.count`), each closing
    /// once its cost reaches its share of what is left.
    package static func split(_ ops: [Op], into count: Int) -> [[Op]] {
        var parts: [[Op]] = []
        var remaining = ops.reduce(0) { $0 + cost($1) }
        var current: [Op] = []
        var total = 0
        for (k, op) in ops.enumerated() {
            current.append(op)
            total += cost(op)
            let partsLeft = count - parts.count
            let opsLeft = ops.count - k - 1
            // Close this part at its share, or when each later part needs one op of those left.
            if partsLeft > 1 && (total * partsLeft >= remaining || opsLeft == partsLeft - 1) {
                parts.append(current)
                remaining -= total
                current = []
                total = 0
            }
        }
        parts.append(current)
        return parts
    }

    /// The symbol of part `k` of an entry point's body.
    static func name(_ entryPointName: String, part k: Int) -> String { "\(entryPointName).part\(k)" }
}

extension Codegen {
    /// The signature of a function over the arenas, for a part of a split body and for an
    /// outlined chunk: `void f(double *params, double *state, const double *input, double *scratch)`.
    static func arenaFunctionType(_ ir: IRBuilder) throws(LLVMError) -> LLVMTypeRef {
        try ir.functionType(ir.void, [ir.ptr, ir.ptr, ir.ptr, ir.ptr])
    }

    /// Adds `name`, a function over the arenas (nounwind; its pointers `noalias nocapture`,
    /// the input `readonly`), declared only. `external` (a part, linked across modules by
    /// the JIT) keeps the name exactly and refuses a taken one; otherwise (an outlined chunk)
    /// the function is internal and LLVM makes the name unique (.part, .part1, ...).
    static func arenaFunction(_ name: String, external: Bool, _ ir: IRBuilder) throws(LLVMError) -> LLVMValueRef {
        if external && LLVMGetNamedFunction(ir.module, name) != nil {
            throw LLVMError(stage: .codegen, message: "symbol \(name) is defined twice")
        }
        let function = try ir.made(LLVMAddFunction(ir.module, name, try arenaFunctionType(ir)), "function \(name)")
        if !external { LLVMSetLinkage(function, LLVMInternalLinkage) }
        ir.addAttributes(["nounwind"], to: function, at: ir.functionIndex)
        for k in 0..<4 {
            ir.addAttributes(["noalias", "nocapture"] + (k == 2 ? ["readonly"] : []), to: function,
                             at: LLVMAttributeIndex(k + 1))
        }
        return function
    }

    /// Gives `function` (from `arenaFunction`) its body: `ops` emitted by `emit` over its
    /// parameters (no input arena unless `hasInput`, so an input read stays a codegen error).
    /// Leaves the builder at the function's end.
    static func defineArenaFunction(_ function: LLVMValueRef, _ ops: [Op], _ program: Program, _ layout: BufferLayout,
                                    hasInput: Bool, _ ir: IRBuilder,
                                    emit: (OpEmitter, [Op]) throws(LLVMError) -> Void) throws(LLVMError) {
        var p: [LLVMValueRef] = []
        for k in 0..<4 { p.append(try ir.made(LLVMGetParam(function, UInt32(k)), "a parameter over the arenas")) }
        let entry = try ir.made(LLVMAppendBasicBlockInContext(ir.context, function, "entry"), "an entry block")
        ir.position(at: entry)
        let emitter = OpEmitter(program: program, layout: layout, ir: ir, arenas: Arenas(
            params: p[0], state: p[1], input: hasInput ? p[2] : nil, scratch: p[3]))
        try emit(emitter, ops)
        try ir.returnVoid()
    }

    /// Defines the parts `(name, ops)` of split bodies in a module of their own (external
    /// linkage, so the JIT links them to the trial loops that call them).
    static func emitParts(_ parts: [(name: String, ops: [Op])], _ program: Program, layout: BufferLayout,
                          into module: ModuleOwner) throws(LLVMError) {
        guard let llvmModule = module.module else {
            throw LLVMError(stage: .codegen, message: "the module was already handed over")
        }
        let builder = BuilderOwner(in: module.owner.context)
        let ir = try IRBuilder(context: module.owner.context, module: llvmModule, builder: builder.builder)
        for part in parts {
            // `ops`, not `op`: a heavy part is outlined in turn within its module.
            try defineArenaFunction(try arenaFunction(part.name, external: true, ir), part.ops, program, layout, hasInput: true, ir,
                                    emit: { emitter, ops throws(LLVMError) in try emitter.ops(ops) })
        }
    }
}
