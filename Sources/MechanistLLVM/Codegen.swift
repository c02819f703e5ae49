import CLLVM
import MechanistIR

/// Symbol names of a compiled program's entry points: `<prefix>_<symbolSuffix>`, one per
/// `EntryPoint`.
struct SymbolNames: Sendable {
    let prefix: String

    func name(of entryPoint: EntryPoint) -> String { "\(prefix)_\(entryPoint.symbolSuffix)" }

    /// A C identifier made from a program name (letters, digits and `_`; never empty).
    static func sanitized(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_") ? Character(scalar) : "_"
        }
        let text = String(kept)
        if text.isEmpty { return "program" }
        if let first = text.unicodeScalars.first, ("0"..."9").contains(first) { return "_" + text }
        return text
    }
}

/// Translates a Program over a BufferLayout into one C-ABI function per entry point, as
/// documented on `BufferLayout`:
///
///     void <sym>_run(double *params, double *state, const double *inputs, int64_t inputRows,
///                    double *outputs, double *scratch, int64_t trials)
///     void <sym>_learn(...)   (the same signature as <sym>_run)
///     void <sym>_initialize(double *params, double *state, double *scratch)
///     void <sym>_start_run(double *params, double *state, double *scratch)
///
/// A per-trial entry point's whole trial loop is compiled. Every op is emitted in the
/// interpreter's order with the interpreter's operand order, so the results are bitwise
/// equal to it.
enum Codegen {
    /// Refuses, before emitting anything, a Program the IR verifier rejects (stage
    /// `program`: the interpreter refuses the same ones) and a layout that does not fit it
    /// (stage `codegen`). `entryPoints` limits the functions emitted (nil: every one the
    /// program has).
    /// A per-trial entry point in `parts` calls its parts (`BodyParts.name`, defined in other
    /// modules by `emitParts`) in order instead of holding its body.
    static func emit(_ program: Program, layout: BufferLayout, symbols: SymbolNames,
                     into module: ModuleOwner, entryPoints: Set<EntryPoint>? = nil,
                     parts: [EntryPoint: [[Op]]] = [:], checked: Bool = false) throws(LLVMError) {
        if !checked { try check(program, layout) }
        guard let llvmModule = module.module else {
            throw LLVMError(stage: .codegen, message: "the module was already handed over")
        }
        let builder = BuilderOwner(in: module.owner.context)
        let ir = try IRBuilder(context: module.owner.context, module: llvmModule, builder: builder.builder)
        for entryPoint in program.compiledEntryPoints where entryPoints?.contains(entryPoint) ?? true {
            let name = symbols.name(of: entryPoint)
            if entryPoint.isPerTrial {
                try emitTrialLoop(program[entryPoint], program, layout, name: name, parts: parts[entryPoint]?.count, ir)
            } else {
                try emitOnce(program[entryPoint], program, layout, name: name, ir)
            }
        }
    }

    /// Refuses a Program the IR verifier rejects (stage `program`) and a layout that does not
    /// fit it (stage `codegen`); `emit` does this first unless its caller already has.
    static func check(_ program: Program, _ layout: BufferLayout) throws(LLVMError) {
        do {
            try program.verify()
        } catch {
            throw LLVMError(stage: .program, message: error.description)
        }
        try CodegenChecks.check(program, layout)
    }

    /// Declares an entry point: nounwind, and its pointer parameters `noalias nocapture`
    /// (the arenas are distinct allocations, which lets loops vectorize without alias checks
    /// between, say, a weight matrix and a temp). One that runs once per run (`optimize`
    /// false: initialization, run start) is `optnone noinline`: O2 skips it and instruction
    /// selection takes the fast path, since its speed never counts and its optimization was
    /// about a tenth of a learning model's compile time. Without fast-math flags, optimizing
    /// never changes a result's bits, so it computes exactly what it did optimized.
    private static func entryPoint(_ name: String, parameters: [(String, LLVMTypeRef)], readOnly: Set<Int>,
                                   optimize: Bool = true,
                                   _ ir: IRBuilder) throws(LLVMError) -> (LLVMValueRef, [LLVMValueRef]) {
        let type = try ir.functionType(ir.void, parameters.map(\.1))
        if LLVMGetNamedFunction(ir.module, name) != nil {
            throw LLVMError(stage: .codegen, message: "symbol \(name) is defined twice")
        }
        let function = try ir.made(LLVMAddFunction(ir.module, name, type), "function \(name)")
        ir.addAttributes(["nounwind"] + (optimize ? [] : ["noinline", "optnone"]), to: function, at: ir.functionIndex)
        var values: [LLVMValueRef] = []
        for (k, (label, type)) in parameters.enumerated() {
            let value = try ir.made(LLVMGetParam(function, UInt32(k)), "parameter \(label)")
            LLVMSetValueName2(value, label, label.utf8.count)
            if type == ir.ptr {
                let index = LLVMAttributeIndex(k + 1)
                ir.addAttributes(["noalias", "nocapture"] + (readOnly.contains(k) ? ["readonly"] : []),
                                 to: function, at: index)
            }
            values.append(value)
        }
        let entry = try ir.made(LLVMAppendBasicBlockInContext(ir.context, function, "entry"), "an entry block")
        ir.position(at: entry)
        return (function, values)
    }

    /// `trials` runs of a per-trial body: trial t reads input row `t % max(inputRows, 1)`
    /// and writes output row t. With `parts`, the body is that many calls of its parts.
    private static func emitTrialLoop(_ body: [Op], _ program: Program, _ layout: BufferLayout, name: String,
                                      parts: Int?, _ ir: IRBuilder) throws(LLVMError) {
        let (_, p) = try entryPoint(name, parameters: [
            ("params", ir.ptr), ("state", ir.ptr), ("inputs", ir.ptr), ("inputRows", ir.i64),
            ("outputs", ir.ptr), ("scratch", ir.ptr), ("trials", ir.i64),
        ], readOnly: [2], ir)
        let (params, state, inputs, inputRows, outputs, scratch, trials) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6])
        // The interpreter cycles with `t % max(inputRows, 1)`.
        let rows = try ir.select(try ir.icmp(LLVMIntSGT, inputRows, try ir.constant(0)), inputRows, try ir.constant(1))
        var partFunctions: [LLVMValueRef] = []
        for k in 0..<(parts ?? 0) { partFunctions.append(try arenaFunction(BodyParts.name(name, part: k), external: true, ir)) }
        let partType = try arenaFunctionType(ir)
        try ir.loop(count: trials, name: "trial") { (t) throws(LLVMError) in
            let row = try ir.urem(t, rows)
            let inputRow = try ir.element(inputs, try ir.mul(row, try ir.constant(layout.size(.input))))
            let emitter = OpEmitter(program: program, layout: layout, ir: ir, arenas: Arenas(
                params: params, state: state, input: inputRow, scratch: scratch))
            if partFunctions.isEmpty {
                try emitter.ops(body)
            } else {
                for function in partFunctions {
                    _ = try ir.call(partType, function, [params, state, inputRow, scratch])
                }
            }
            let rowStart = try ir.mul(t, try ir.constant(layout.outputWidth))
            for (slot, column) in zip(program.outputs, layout.outputColumns) where slot.source.count > 0 {
                let destination = try ir.element(outputs, try ir.add(rowStart, column))
                try ir.copy(to: destination, from: try emitter.address(slot.source, try ir.constant(0)),
                            count: slot.source.count)
            }
        }
        try ir.returnVoid()
    }

    /// An entry point `void name(double *params, double *state, double *scratch)` running `ops`
    /// once (initialization, run start).
    private static func emitOnce(_ ops: [Op], _ program: Program, _ layout: BufferLayout, name: String,
                                 _ ir: IRBuilder) throws(LLVMError) {
        let (_, p) = try entryPoint(name, parameters: [("params", ir.ptr), ("state", ir.ptr), ("scratch", ir.ptr)],
                                    readOnly: [], optimize: false, ir)
        let emitter = OpEmitter(program: program, layout: layout, ir: ir, arenas: Arenas(
            params: p[0], state: p[1], input: nil, scratch: p[2]))
        try emitter.ops(ops)
        try ir.returnVoid()
    }
}

/// Base pointers of the arenas inside one entry point (no input row outside per-trial bodies).
struct Arenas {
    var params: LLVMValueRef
    var state: LLVMValueRef
    var input: LLVMValueRef?
    var scratch: LLVMValueRef

    func base(_ arena: Arena) throws(LLVMError) -> LLVMValueRef {
        switch arena {
        case .params: return params
        case .state: return state
        case .scratch: return scratch
        case .input:
            guard let input else { throw LLVMError(stage: .codegen, message: "input read where there are no inputs") }
            return input
        }
    }
}
