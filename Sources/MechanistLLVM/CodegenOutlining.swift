import CLLVM
import MechanistIR

/// Splitting large op lists into functions of their own, so that LLVM's optimizer sees
/// functions of bounded size.
///
/// Several O2 passes (LICM, full unrolling, GVN, the inliner's function simplification) cost
/// more than linearly in the size of a function: a 400-node chain of TransferMechanisms made
/// one 30,000-line trial function that took a minute to optimize (200 nodes: 12 s). An op
/// list heavier than `limit` is emitted as consecutive chunks, each a `noinline` internal
/// function over the same arena pointers; an op heavier than the limit on its own (a loop
/// over a large body) is emitted in place and its bodies split in turn. The ops run in the
/// same order on the same memory, so the results are bitwise those of one function; small
/// models (every reference model) are below the limit and compile exactly as before.
enum Outlining {
    /// The weight (about one per op, more for expressions with many reads) above which a list is split.
    static let limit = 150

    static func weight(_ ops: [Op]) -> Int { ops.reduce(0) { $0 + weight($1) } }

    static func weight(_ op: Op) -> Int {
        switch op {
        case .elementwise(_, let expr), .elementwise2D(_, _, _, let expr), .reduce(_, _, let expr, _):
            return 1 + expr.leaves.count / 4
        case .vecMat, .matVec, .random, .append:
            return 1
        case .loop(_, let body), .until(_, _, let body):
            return 1 + weight(body)
        case .branch(_, let then, let otherwise):
            return 1 + weight(then) + weight(otherwise)
        }
    }

    /// Consecutive runs of `ops` of at most `limit` weight each (an op heavier than that alone).
    static func chunks(_ ops: [Op]) -> [[Op]] {
        var chunks: [[Op]] = []
        var current: [Op] = []
        var total = 0
        for op in ops {
            let w = weight(op)
            if !current.isEmpty && total + w > limit {
                chunks.append(current)
                current = []
                total = 0
            }
            current.append(op)
            total += w
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}

extension OpEmitter {
    /// Emits `ops`, splitting a list heavier than `Outlining.limit` into outlined chunks.
    func ops(_ ops: [Op]) throws(LLVMError) {
        guard Outlining.weight(ops) > Outlining.limit else {
            for op in ops { try self.op(op) }
            return
        }
        for chunk in Outlining.chunks(ops) {
            if chunk.count == 1 {
                try op(chunk[0])
            } else {
                try outline(chunk)
            }
        }
    }

    /// `ops` as an internal function `<enclosing function>.part<N>(params, state, input,
    /// scratch)`, called here. Without an input row (initialization) the input pointer is null
    /// and the chunk's emitter has none, so an input read stays a codegen error.
    private func outline(_ ops: [Op]) throws(LLVMError) {
        guard let here = ir.currentBlock, let caller = LLVMGetBasicBlockParent(here) else {
            throw LLVMError(stage: .codegen, message: "ops outlined outside a function")
        }
        var length = 0
        let callerName = LLVMGetValueName2(caller, &length).map { String(cString: $0) } ?? "function"
        let function = try Codegen.arenaFunction(callerName + ".part", external: false, ir)
        // A chunk of an `optnone` entry point (a large initialization) is not optimized either.
        let optnone = LLVMGetEnumAttributeAtIndex(
            caller, ir.functionIndex, LLVMGetEnumAttributeKindForName("optnone", "optnone".utf8.count)) != nil
        ir.addAttributes(["noinline"] + (optnone ? ["optnone"] : []), to: function, at: ir.functionIndex)
        try Codegen.defineArenaFunction(function, ops, program, layout, hasInput: arenas.input != nil, ir,
                                        emit: { emitter, ops throws(LLVMError) in for op in ops { try emitter.op(op) } })
        ir.position(at: here)
        var input = arenas.input
        if input == nil { input = try ir.made(LLVMConstPointerNull(ir.ptr), "a null pointer") }
        guard let input else { return }
        _ = try ir.call(try Codegen.arenaFunctionType(ir), function, [arenas.params, arenas.state, input, arenas.scratch])
    }
}
