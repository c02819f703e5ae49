import MechanistIR
import MechanistInterpreter
import MechanistLLVM

/// One executor of a Program over host-owned arenas (params and state live in the caller,
/// scratch in the engine). Both implementations follow `Program`'s execution contract, and
/// both refuse, when created, a Program the IR verifier rejects.
protocol Engine {
    /// Runs an entry point's body once, with no input row (initialization, run start); a
    /// per-trial entry point runs no trial here.
    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double])
    /// Runs a per-trial entry point over `trials` trials (input row `t % inputRows` in,
    /// output row t out); any other runs once.
    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double], inputs: [Double],
                      inputRows: Int, outputs: inout [Double], trials: Int)
    /// The per-trial run over the caller's memory (`Executable.runRows`): `inputs` holds
    /// `inputRows` rows, `outputs` room for `trials` rows.
    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double],
                      inputs: UnsafeBufferPointer<Double>, inputRows: Int,
                      outputs: UnsafeMutableBufferPointer<Double>, trials: Int)
    /// Makes `entryPoint` ready to run; returns whether that took work (a compile).
    func prepare(_ entryPoint: EntryPoint) throws -> Bool
}

extension Engine {
    /// Through arrays (the interpreter's way): copies in and out.
    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double],
                      inputs: UnsafeBufferPointer<Double>, inputRows: Int,
                      outputs: UnsafeMutableBufferPointer<Double>, trials: Int) {
        var out = [Double](repeating: 0, count: outputs.count)
        run(entryPoint, params: &params, state: &state, inputs: Array(inputs), inputRows: inputRows, outputs: &out,
            trials: trials)
        _ = outputs.update(fromContentsOf: out)
    }
}

/// Runs the Program in the interpreter.
struct InterpretedEngine: Engine {
    let interpreter: Interpreter
    var scratch: [Double]

    /// - Throws: `IRVerificationError` for a Program the verifier rejects.
    init(program: Program) throws {
        interpreter = try Interpreter(program: program)
        scratch = [Double](repeating: 0, count: interpreter.layout.size(.scratch))
    }

    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double]) {
        interpreter.run(entryPoint, params: &params, state: &state, scratch: &scratch)
    }

    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double], inputs: [Double],
                      inputRows: Int, outputs: inout [Double], trials: Int) {
        interpreter.run(entryPoint, params: &params, state: &state, inputs: inputs, inputRows: inputRows,
                        outputs: &outputs, scratch: &scratch, trials: trials)
    }

    func prepare(_ entryPoint: EntryPoint) throws -> Bool { false }
}

/// Runs the Program's JIT-compiled entry points.
struct CompiledEngine: Engine {
    let compiled: CompiledProgram
    /// At least one element, so that an empty arena still has a valid pointer.
    var scratch: [Double]

    /// Compiles `entryPoints` now, the others on first use (`prepare`).
    /// - Throws: `LLVMError` (stage `program` for a Program the verifier rejects).
    init(program: Program, layout: BufferLayout, optimize: Bool, entryPoints: Set<EntryPoint>? = nil,
         parallelism: CompileParallelism = .automatic) throws {
        compiled = try CompiledProgram(program: program, layout: layout, optimize: optimize, entryPoints: entryPoints,
                                       parallelism: parallelism)
        scratch = [Double](repeating: 0, count: max(layout.size(.scratch), 1))
    }

    func prepare(_ entryPoint: EntryPoint) throws -> Bool { try compiled.prepare(entryPoint) }

    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double]) {
        let compiled = self.compiled
        withPaddedPointers(&params, &state, &scratch) { p, s, x in
            compiled.run(entryPoint, params: p, state: s, scratch: x)
        }
    }

    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double], inputs: [Double],
                      inputRows: Int, outputs: inout [Double], trials: Int) {
        let compiled = self.compiled
        let paddedInputs = inputs.isEmpty ? [0.0] : inputs
        if outputs.isEmpty { outputs = [0.0] }
        withPaddedPointers(&params, &state, &scratch) { p, s, x in
            paddedInputs.withUnsafeBufferPointer { i in
                outputs.withUnsafeMutableBufferPointer { o in
                    guard let i = i.baseAddress, let o = o.baseAddress else { return }
                    compiled.run(entryPoint, params: p, state: s, inputs: i, inputRows: max(inputRows, 1),
                                 outputs: o, scratch: x, trials: trials)
                }
            }
        }
    }
}

extension CompiledEngine {
    /// Compiled code reads and writes the caller's memory directly.
    mutating func run(_ entryPoint: EntryPoint, params: inout [Double], state: inout [Double],
                      inputs: UnsafeBufferPointer<Double>, inputRows: Int,
                      outputs: UnsafeMutableBufferPointer<Double>, trials: Int) {
        let compiled = self.compiled
        // Compiled code always gets valid pointers, as withPaddedPointers gives the arenas.
        var none = 0.0
        withPaddedPointers(&params, &state, &scratch) { p, s, x in
            withUnsafeMutablePointer(to: &none) { empty in
                compiled.run(entryPoint, params: p, state: s, inputs: inputs.baseAddress ?? UnsafePointer(empty),
                             inputRows: max(inputRows, 1), outputs: outputs.baseAddress ?? empty, scratch: x,
                             trials: trials)
            }
        }
    }
}

/// Calls `body` with base pointers of three arrays, growing an empty one to one element so
/// that compiled code always receives a valid pointer; the padding is removed afterwards.
private func withPaddedPointers(
    _ a: inout [Double], _ b: inout [Double], _ c: inout [Double],
    _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void
) {
    let padA = a.isEmpty, padB = b.isEmpty, padC = c.isEmpty
    if padA { a = [0] }
    if padB { b = [0] }
    if padC { c = [0] }
    a.withUnsafeMutableBufferPointer { pa in
        b.withUnsafeMutableBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                guard let x = pa.baseAddress, let y = pb.baseAddress, let z = pc.baseAddress else { return }
                body(x, y, z)
            }
        }
    }
    if padA { a = [] }
    if padB { b = [] }
    if padC { c = [] }
}
