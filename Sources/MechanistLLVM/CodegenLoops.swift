import CLLVM

extension IRBuilder {
    /// `for i in range`, threading `initial` through the iterations as loop-carried values
    /// (accumulators become phis, never memory), and returns their values after the last
    /// iteration. A static range that is not empty runs at least once, so the loop is
    /// emitted rotated: body first, test at the bottom. A range of at most `unrollLimit`
    /// iterations (when `unroll`) is emitted as straight-line code: the same operations in the
    /// same order, so the same bits, but nothing left for LLVM's loop passes, which otherwise
    /// dominate compile time on models made of many small layers.
    func loop(_ range: Range<Int>, carrying initial: [LLVMValueRef] = [], name: String, unroll: Bool = true,
              vectorize: Bool = true,
              _ body: (LLVMValueRef, [LLVMValueRef]) throws(LLVMError) -> [LLVMValueRef]) throws(LLVMError) -> [LLVMValueRef] {
        if range.isEmpty { return initial }
        if range.count == 1 || (unroll && range.count <= IRBuilder.unrollLimit) {
            var values = initial
            for k in range { values = try body(try constant(k), values) }
            return values
        }
        let entry = try made(currentBlock, "a loop outside a block")
        let header = try block("\(name).body")
        try branch(to: header)
        position(at: header)
        let index = try phi(i64, try constant(range.lowerBound), from: entry)
        var carried: [LLVMValueRef] = []
        for value in initial { carried.append(try phi(try made(LLVMTypeOf(value), "a type"), value, from: entry)) }
        let results = try body(index, carried)
        guard results.count == carried.count else {
            throw LLVMError(stage: .codegen, message: "loop \(name) returned \(results.count) values for \(carried.count)")
        }
        let next = try made(LLVMBuildNSWAdd(builder, index, try constant(1), ""), "the loop increment")
        let latch = try made(currentBlock, "the loop latch")
        addIncoming(index, next, from: latch)
        for (phi, value) in zip(carried, results) { addIncoming(phi, value, from: latch) }
        let exit = try block("\(name).exit")
        let backEdge = try branch(if: try icmp(LLVMIntSLT, next, try constant(range.upperBound)), then: header, else: exit)
        if !vectorize { try disableVectorization(of: backEdge) }
        position(at: exit)
        return results
    }

    /// Marks the loop whose back edge is `branch` `llvm.loop.vectorize.enable = false`: its
    /// own iterations stay scalar (loops nested in it may still vectorize).
    private func disableVectorization(of branch: LLVMValueRef) throws(LLVMError) {
        let key = "llvm.loop.vectorize.enable"
        let flag = try made(LLVMMDStringInContext2(context, key, key.utf8.count), "metadata \(key)")
        let no = try made(LLVMValueAsMetadata(LLVMConstInt(LLVMInt1TypeInContext(context), 0, 0)), "metadata false")
        var pair: [LLVMMetadataRef?] = [flag, no]
        let setting = try made(LLVMMDNodeInContext2(context, &pair, 2), "the vectorize.enable node")
        // A loop ID is a distinct node whose first operand is itself: made through a temporary.
        let placeholder = try made(LLVMTemporaryMDNode(context, nil, 0), "a temporary node")
        var operands: [LLVMMetadataRef?] = [placeholder, setting]
        let loopID = try made(LLVMMDNodeInContext2(context, &operands, 2), "the loop ID")
        LLVMMetadataReplaceAllUsesWith(placeholder, loopID)
        let kind = LLVMGetMDKindIDInContext(context, "llvm.loop", UInt32("llvm.loop".utf8.count))
        LLVMSetMetadata(branch, kind, LLVMMetadataAsValue(context, loopID))
    }

    /// Static loops of at most this many iterations are emitted unrolled. One: LLVM's own
    /// unroller decides, after vectorizing. Unrolling short loops here (it was 8) handed O2
    /// straight-line code to re-vectorize (SLP): side by side in mechanist-bench, compiling a
    /// learn took 20-45% longer (m6 49 -> 28 ms with 1) and m5 learned 4.7 instead of 3.5 us
    /// per sample; run benchmarks moved within noise.
    static let unrollLimit = 1

    /// `for i in range` without carried values.
    func loop(_ range: Range<Int>, name: String, unroll: Bool = true, vectorize: Bool = true,
              _ body: (LLVMValueRef) throws(LLVMError) -> Void) throws(LLVMError) {
        _ = try loop(range, carrying: [], name: name, unroll: unroll, vectorize: vectorize) {
            (index, _) throws(LLVMError) -> [LLVMValueRef] in
            try body(index)
            return []
        }
    }

    /// `for i in 0..<count` for a count known only at run time (it may be zero or negative:
    /// then the body never runs).
    func loop(count: LLVMValueRef, name: String, _ body: (LLVMValueRef) throws(LLVMError) -> Void) throws(LLVMError) {
        let entry = try made(currentBlock, "a loop outside a block")
        let header = try block("\(name).body")
        let exit = try block("\(name).exit")
        let zero = try constant(0)
        try branch(if: try icmp(LLVMIntSGT, count, zero), then: header, else: exit)
        position(at: header)
        let index = try phi(i64, zero, from: entry)
        try body(index)
        let next = try made(LLVMBuildNSWAdd(builder, index, try constant(1), ""), "the loop increment")
        let latch = try made(currentBlock, "the loop latch")
        addIncoming(index, next, from: latch)
        try branch(if: try icmp(LLVMIntSLT, next, count), then: header, else: exit)
        // Blocks appended by the body come after `exit`; move it last so the text reads in order.
        LLVMMoveBasicBlockAfter(exit, latch)
        position(at: exit)
    }
}
