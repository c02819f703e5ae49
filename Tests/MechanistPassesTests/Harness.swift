import MechanistIR
import MechanistInterpreter
@testable import MechanistPasses

/// What a run leaves behind that the host can see: recorded outputs, final state and params.
struct Observation: Equatable {
    var outputs: [UInt64]
    var state: [UInt64]
    var params: [UInt64]
}

/// Runs `program` through the interpreter (initialize, then `trials` trials) and returns what
/// the host sees, as bit patterns so that `==` is bitwise (NaN payloads and -0.0 included).
func observe(_ program: Program, inputs: [Double] = [], inputRows: Int = 1, trials: Int = 3) throws -> Observation {
    let layout = BufferLayout(program)
    var params = layout.initialContents(.params, of: program)
    var state = layout.initialContents(.state, of: program)
    var scratch = [Double](repeating: 0, count: layout.size(.scratch))
    var outputs = [Double](repeating: 0, count: layout.outputWidth * trials)
    let interpreter = try Interpreter(program: program)
    interpreter.run(.initialization, params: &params, state: &state, scratch: &scratch)
    interpreter.run(.trial, params: &params, state: &state, inputs: inputs, inputRows: inputRows,
                    outputs: &outputs, scratch: &scratch, trials: trials)
    return Observation(outputs: outputs.map(\.bitPattern), state: state.map(\.bitPattern),
                       params: params.map(\.bitPattern))
}

/// Input rows for `program`: `rows` rows of deterministic values.
func sampleInputs(_ program: Program, rows: Int) -> [Double] {
    let width = BufferLayout(program).size(.input)
    return (0..<(width * rows)).map { k in Double((k * 37) % 11) / 4 - 1.25 }
}

/// Terse buffer declarations for hand-built programs.
func param(_ name: String, _ values: [Double]) -> BufferDecl {
    BufferDecl(name: name, role: .parameter, shape: values.count == 1 ? .scalar : .vector(values.count),
               initial: values)
}
func weight(_ name: String, rows: Int, columns: Int, _ values: [Double]) -> BufferDecl {
    BufferDecl(name: name, role: .weight, shape: .matrix(rows: rows, columns: columns), initial: values)
}
func state(_ name: String, _ values: [Double]) -> BufferDecl {
    BufferDecl(name: name, role: .state, shape: values.count == 1 ? .scalar : .vector(values.count),
               initial: values)
}
func input(_ name: String, _ count: Int) -> BufferDecl {
    BufferDecl(name: name, role: .input, shape: .vector(count))
}
func temp(_ name: String, _ count: Int?) -> BufferDecl {
    BufferDecl(name: name, role: .temp, shape: count.map { .vector($0) })
}

/// A slice of buffer `index`.
func s(_ index: Int, _ offset: Int = 0, _ count: Int) -> Slice {
    Slice(BufferID(index), offset: offset, count: count)
}
func el(_ index: Int, _ offset: Int = 0, _ count: Int) -> Expr { .element(s(index, offset, count)) }
func sc(_ index: Int, _ offset: Int = 0) -> Expr { .scalar(s(index, offset, 1)) }

/// Number of ops, nested bodies included.
func opCount(_ ops: [Op]) -> Int {
    var n = 0
    ops.forEachOp { _ in n += 1 }
    return n
}
