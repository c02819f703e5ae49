import MechanistIR
import MechanistInterpreter
import MechanistLLVM
import Testing

/// The arenas and recorded outputs after an execution.
struct Outcome: Equatable, CustomStringConvertible {
    var params: [Double]
    var state: [Double]
    var scratch: [Double]
    var outputs: [Double]

    /// Bit patterns, so -0 differs from +0 and NaNs compare by payload: "bitwise equal".
    var bits: [[UInt64]] { [params, state, scratch, outputs].map { $0.map(\.bitPattern) } }

    var description: String { "params \(params) state \(state) scratch \(scratch) outputs \(outputs)" }
}

/// One call of `run`: `inputs` holds `inputRows` rows.
struct RunCall {
    var inputs: [Double]
    var inputRows: Int
    var trials: Int
}

/// Runs a program through the interpreter and through compiled code (optimized and not)
/// from the same initial arenas: initialization, then each run call in turn.
struct Harness {
    let program: Program
    let layout: BufferLayout

    init(_ program: Program) {
        self.program = program
        layout = BufferLayout(program)
    }

    func initial() -> Outcome {
        Outcome(params: layout.initialContents(.params, of: program),
                state: layout.initialContents(.state, of: program),
                scratch: [Double](repeating: 0, count: layout.size(.scratch)), outputs: [])
    }

    func interpret(_ calls: [RunCall]) throws -> Outcome {
        let interpreter = try Interpreter(program: program)
        var o = initial()
        interpreter.run(.initialization, params: &o.params, state: &o.state, scratch: &o.scratch)
        for call in calls {
            var outputs = [Double](repeating: 0, count: max(call.trials, 0) * layout.outputWidth)
            interpreter.run(.trial, params: &o.params, state: &o.state, inputs: call.inputs, inputRows: call.inputRows,
                            outputs: &outputs, scratch: &o.scratch, trials: call.trials)
            o.outputs += outputs
        }
        return o
    }

    func compile(optimize: Bool = true, parallelism: CompileParallelism = .automatic) throws -> CompiledProgram {
        try CompiledProgram(program: program, layout: layout, optimize: optimize, parallelism: parallelism)
    }

    /// Every per-trial body of two ops or more cut into up to three parts, each compiled in a
    /// module of its own on its own thread (`CompileParallelism`), however little it does.
    static let everyBodySplit = CompileParallelism(threads: 3, minimumWork: 0)

    func execute(_ compiled: CompiledProgram, _ calls: [RunCall]) -> Outcome {
        var o = initial()
        // Arenas get at least one element: the entry points take valid pointers.
        var params = o.params + [0], state = o.state + [0], scratch = o.scratch + [0]
        params.withUnsafeMutableBufferPointer { p in
            state.withUnsafeMutableBufferPointer { s in
                scratch.withUnsafeMutableBufferPointer { c in
                    compiled.run(.initialization, params: p.baseAddress!, state: s.baseAddress!, scratch: c.baseAddress!)
                    for call in calls {
                        var outputs = [Double](repeating: 0, count: max(call.trials, 0) * layout.outputWidth + 1)
                        let inputs = call.inputs + [0]
                        inputs.withUnsafeBufferPointer { i in
                            outputs.withUnsafeMutableBufferPointer { out in
                                compiled.run(.trial, params: p.baseAddress!, state: s.baseAddress!, inputs: i.baseAddress!,
                                             inputRows: call.inputRows, outputs: out.baseAddress!,
                                             scratch: c.baseAddress!, trials: call.trials)
                            }
                        }
                        o.outputs += outputs.dropLast()
                    }
                }
            }
        }
        o.params = Array(params.dropLast())
        o.state = Array(state.dropLast())
        o.scratch = Array(scratch.dropLast())
        return o
    }

    /// Interpreted, compiled at O2 and compiled without optimization; all must agree bitwise.
    /// The O2 program is also compiled with its body split into parts (`everyBodySplit`),
    /// which must give the bits of the unsplit program.
    func runAll(_ calls: [RunCall]) throws -> (interpreted: Outcome, optimized: Outcome, unoptimized: Outcome) {
        let optimized = execute(try compile(optimize: true), calls)
        let split = execute(try compile(optimize: true, parallelism: Self.everyBodySplit), calls)
        #expect(split.bits == optimized.bits, "compiled in parts: \(split) but in one function: \(optimized)")
        return (try interpret(calls), optimized, execute(try compile(optimize: false), calls))
    }

    /// One run call of `trials` trials over the given input rows.
    func runAll(inputs: [[Double]] = [[]], trials: Int = 1) throws -> (interpreted: Outcome, optimized: Outcome, unoptimized: Outcome) {
        try runAll([RunCall(inputs: inputs.flatMap { $0 }, inputRows: inputs.count, trials: trials)])
    }
}

/// Bit patterns of doubles (equality that tells -0 from +0 and compares NaN payloads).
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// Equality for expected numbers computed independently: bitwise, except that any NaN
/// matches any NaN (the payload of a NaN made by Swift code here need not match libm's).
func sameNumbers(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || x.bitPattern == y.bitPattern }
}
