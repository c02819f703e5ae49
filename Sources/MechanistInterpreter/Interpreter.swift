import MechanistIR
import MechanistRuntime

/// Executes a Program op by op: the reference semantics for the compiled path.
///
/// Boring on purpose: plain loops in the same order as the generated code, over the same flat
/// arenas that `BufferLayout` describes (params, state, one input row, scratch, outputs).
/// The caller's arrays have the layout's sizes: `layout.size(arena)` for params, state and
/// scratch, rows of `layout.size(.input)` inputs and of `layout.outputWidth` outputs.
package struct Interpreter: Sendable {
    /// A Program the IR verifier accepts.
    package let program: Program
    /// `BufferLayout(program)`: where the arenas hold each buffer.
    package let layout: BufferLayout

    /// Refuses a Program the IR verifier rejects, as codegen does, so that both executors
    /// run exactly the same Programs (and the interpreter never indexes outside an arena).
    /// - Throws: the verifier's first fault.
    package init(program: Program) throws(IRVerificationError) {
        try program.verify()
        self.program = program
        self.layout = BufferLayout(program)
    }

    /// Runs an entry point's body once, with no input row: initialization (the caller has
    /// filled params and state with `BufferLayout.initialContents`) or run start. A per-trial
    /// entry point runs no trial here; give it inputs and outputs with
    /// `run(_:params:state:inputs:inputRows:outputs:scratch:trials:)`.
    package func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double],
                    scratch: inout [Double]) {
        guard !entryPoint.isPerTrial else { return }
        var memory = Memory(layout: layout, program: program, params: params, state: state,
                            input: [], scratch: scratch)
        memory.execute(program[entryPoint])
        params = memory.params
        state = memory.state
        scratch = memory.scratch
    }

    /// Runs a per-trial entry point `trials` times: trial t reads row `t % max(inputRows, 1)`
    /// of `inputs` (rows of `layout.size(.input)` values) and writes row t of `outputs`
    /// (`layout.outputWidth` values). Any other entry point runs once, as
    /// `run(_:params:state:scratch:)` does, reading no input and writing no output.
    package func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double], inputs: [Double],
                    inputRows: Int, outputs: inout [Double], scratch: inout [Double], trials: Int) {
        guard entryPoint.isPerTrial else {
            run(entryPoint, params: &params, state: &state, scratch: &scratch)
            return
        }
        let width = layout.size(.input)
        var memory = Memory(layout: layout, program: program, params: params, state: state,
                            input: [Double](repeating: 0, count: width), scratch: scratch)
        let body = program[entryPoint]
        for t in 0..<max(trials, 0) {
            let row = (t % max(inputRows, 1)) * width
            for k in 0..<width { memory.input[k] = inputs[row + k] }
            memory.execute(body)
            let base = t * layout.outputWidth
            for (slot, column) in zip(program.outputs, layout.outputColumns) {
                for k in 0..<slot.source.count {
                    outputs[base + column + k] = memory.load(slot.source, k)
                }
            }
        }
        params = memory.params
        state = memory.state
        scratch = memory.scratch
    }
}

/// Where an expression is evaluated: the flat index (`.element`, `.index`) and the row i
/// and column j (`.row`, `.column`) of an elementwise2D. A 1-D op over n is n rows of one
/// column (the verifier keeps `.row` and `.column` out of 1-D ops anyway).
private struct Position {
    let flat: Int
    let row: Int
    let column: Int

    init(_ i: Int) {
        flat = i
        row = i
        column = 0
    }

    init(row: Int, column: Int, columns: Int) {
        flat = row * columns + column
        self.row = row
        self.column = column
    }
}

/// The arenas during execution, addressed through the layout.
private struct Memory {
    let layout: BufferLayout
    let arenas: [Arena]
    var params: [Double]
    var state: [Double]
    var input: [Double]
    var scratch: [Double]

    init(layout: BufferLayout, program: Program, params: [Double], state: [Double],
         input: [Double], scratch: [Double]) {
        self.layout = layout
        self.arenas = program.buffers.map { BufferLayout.arena(of: $0.role) }
        self.params = params
        self.state = state
        self.input = input
        self.scratch = scratch
    }

    func load(_ slice: Slice, _ index: Int) -> Double {
        let at = layout.offset(of: slice) + index
        switch arenas[slice.buffer.index] {
        case .params: return params[at]
        case .state: return state[at]
        case .input: return input[at]
        case .scratch: return scratch[at]
        }
    }

    /// The key of a random stream: a constant, or the runtime's `mechanist_stream_key` of the
    /// seed read now and the stream's name (the function compiled code calls).
    func streamKey(_ key: RandomKey) -> UInt64 {
        switch key {
        case .constant(let k):
            return k
        case .stream(let seed, let name):
            let value = load(seed, 0)
            var bytes = name
            return bytes.withUTF8 { mechanist_stream_key(value, $0.baseAddress, UInt64($0.count)) }
        }
    }

    mutating func store(_ slice: Slice, _ index: Int, _ value: Double) {
        let at = layout.offset(of: slice) + index
        switch arenas[slice.buffer.index] {
        case .params: params[at] = value
        case .state: state[at] = value
        case .input: input[at] = value
        case .scratch: scratch[at] = value
        }
    }

    func evaluate(_ expr: Expr, _ at: Position) -> Double {
        switch expr {
        case .constant(let c): return c
        case .element(let s): return load(s, at.flat)
        case .scalar(let s): return load(s, 0)
        case .row(let s): return load(s, at.row)
        case .column(let s): return load(s, at.column)
        case .index: return Double(at.flat)
        case .unary(let op, let a): return op.apply(evaluate(a, at))
        case .binary(let op, let a, let b): return op.apply(evaluate(a, at), evaluate(b, at))
        case .select(let c, let a, let b, let t, let e):
            return c.holds(evaluate(a, at), evaluate(b, at)) ? evaluate(t, at) : evaluate(e, at)
        }
    }

    mutating func execute(_ ops: [Op]) {
        for op in ops { execute(op) }
    }

    mutating func execute(_ op: Op) {
        switch op {
        case .elementwise(let dst, let expr):
            // In index order, storing as we go, like the compiled loop; the verifier rejects
            // reads that overlap dst anywhere but at the same index.
            for i in 0..<dst.count { store(dst, i, evaluate(expr, Position(i))) }
        case .elementwise2D(let dst, let rows, let columns, let expr):
            // Rows outer, columns inner, storing as we go, like the compiled loops.
            for i in 0..<rows {
                for j in 0..<columns {
                    let at = Position(row: i, column: j, columns: columns)
                    store(dst, at.flat, evaluate(expr, at))
                }
            }
        case .vecMat(let dst, let vector, let matrix, let rows, let columns):
            for j in 0..<columns {
                var s = 0.0
                for i in 0..<rows { s = s + load(vector, i) * load(matrix, i * columns + j) }
                store(dst, j, s)
            }
        case .matVec(let dst, let matrix, let vector, let rows, let columns):
            for i in 0..<rows {
                var s = 0.0
                for j in 0..<columns { s = s + load(matrix, i * columns + j) * load(vector, j) }
                store(dst, i, s)
            }
        case .reduce(let dst, let reduction, let expr, let count):
            store(dst, 0, reduction.apply(count: count) { evaluate(expr, Position($0)) })
        case .random(let dst, let distribution, let randomKey, let counter):
            let key = streamKey(randomKey)
            let start = UInt64(load(counter, 0))
            for i in 0..<dst.count {
                let n = start + UInt64(i)
                switch distribution {
                case .uniform(let low, let high):
                    store(dst, i, low + (high - low) * mechanist_uniform(key, n))
                case .normal(let mean, let sd):
                    store(dst, i, mean + sd * mechanist_normal(key, n))
                }
            }
            store(counter, 0, load(counter, 0) + Double(dst.count))
        case .append(let dst, let source, let counter):
            // Compared as doubles first, so a NaN or huge counter stores nothing (and never traps).
            let n = load(counter, 0)
            let rows = dst.count / source.count
            if n >= 0 && n < Double(rows) {
                let base = Int(n) * source.count
                for k in 0..<source.count { store(dst, base + k, load(source, k)) }
            }
            store(counter, 0, n + 1)
        case .loop(let count, let body):
            for _ in 0..<max(count, 0) { execute(body) }
        case .until(let flag, let maxIterations, let body):
            var iterations = 0
            repeat {
                execute(body)
                iterations += 1
            } while load(flag, 0) == 0 && iterations < maxIterations
        case .branch(let flag, let then, let otherwise):
            execute(load(flag, 0) != 0 ? then : otherwise)
        }
    }
}
