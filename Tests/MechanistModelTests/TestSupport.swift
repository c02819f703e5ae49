import Foundation
import MechanistIR
import MechanistInterpreter
import MechanistModel
import Testing

/// Paths of the PsyNeuLink reference fixtures (copies live beside the MechanistTests target).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../MechanistTests/Fixtures").standardized

    static func path(_ model: String, _ file: String) -> String {
        root.appendingPathComponent(model).appendingPathComponent(file).path
    }

    /// A fixture JSON file read with Foundation (independent of the parser under test).
    static func json(_ model: String, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(model, file)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// Per-trial output slots of an interpreted run: `[trial][slot][value]`.
typealias Recorded = [[[Double]]]

/// Verifies the lowered Program and runs it in the interpreter for `trials` trials; trial t
/// reads entry `t % count` of every node's input list.
func interpret(_ lowered: LoweredModel, inputs: [String: [[[Double]]]], trials: Int) throws -> Recorded {
    let program = lowered.program
    try program.verify()
    let layout = BufferLayout(program)
    let interpreter = try Interpreter(program: program)
    var params = layout.initialContents(.params, of: program)
    var state = layout.initialContents(.state, of: program)
    var scratch = [Double](repeating: 0, count: layout.size(.scratch))
    interpreter.run(.initialization, params: &params, state: &state, scratch: &scratch)
    let width = layout.size(.input)
    var rows = [Double](repeating: 0, count: max(trials, 1) * width)
    for node in lowered.inputs {
        let list = try #require(inputs[node.node], "no inputs for \(node.node)")
        for t in 0..<trials {
            let entry = list[t % list.count]
            for (k, port) in node.ports.enumerated() {
                let base = t * width + layout.offsets[port.buffer.index]
                for (j, x) in entry[k].enumerated() { rows[base + j] = x }
            }
        }
    }
    var outputs = [Double](repeating: 0, count: trials * layout.outputWidth)
    interpreter.run(.trial, params: &params, state: &state, inputs: rows, inputRows: max(trials, 1), outputs: &outputs,
                    scratch: &scratch, trials: trials)
    return (0..<trials).map { t in
        zip(program.outputs, layout.outputColumns).map { slot, column in
            let base = t * layout.outputWidth + column
            return Array(outputs[base..<(base + slot.source.count)])
        }
    }
}

/// Lowers `model` and runs it; inputs given per node as one vector per trial (one port).
func run(_ model: Model, _ inputs: [String: [[Double]]], trials: Int? = nil,
         record: [PortReference] = []) throws -> Recorded {
    let lowered = try lower(model, options: LoweringOptions(record: record))
    let wrapped = inputs.mapValues { $0.map { [$0] } }
    return try interpret(lowered, inputs: wrapped, trials: trials ?? (inputs.values.map(\.count).max() ?? 1))
}

/// The ModelError `body` throws, or nil (another error is recorded as a test issue).
func modelError(_ body: () throws -> Void) -> ModelError? {
    do {
        try body()
        return nil
    } catch let error as ModelError {
        return error
    } catch {
        Issue.record("expected a ModelError, got \(error)")
        return nil
    }
}

/// The error decoding `json` (as "model.json") throws.
func decodeError(_ json: String) -> ModelError? {
    modelError { _ = try Model.decode(json: json, path: "model.json") }
}

/// Largest absolute difference between two equally shaped nested arrays.
func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
    var m = 0.0
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) {
        #expect(x.count == y.count)
        for (u, v) in zip(x, y) { m = max(m, abs(u - v)) }
    }
    return m
}

/// Verifies a hand-built Program (no inputs) and runs one trial in the interpreter: the
/// values of its output slots.
func interpretOnce(_ program: Program) throws -> [[Double]] {
    try program.verify()
    let layout = BufferLayout(program)
    let interpreter = try Interpreter(program: program)
    var params = layout.initialContents(.params, of: program)
    var state = layout.initialContents(.state, of: program)
    var scratch = [Double](repeating: 0, count: layout.size(.scratch))
    interpreter.run(.initialization, params: &params, state: &state, scratch: &scratch)
    let rows = [Double](repeating: 0, count: layout.size(.input))
    var outputs = [Double](repeating: 0, count: layout.outputWidth)
    interpreter.run(.trial, params: &params, state: &state, inputs: rows, inputRows: 1, outputs: &outputs,
                    scratch: &scratch, trials: 1)
    return zip(program.outputs, layout.outputColumns).map { slot, column in
        Array(outputs[column..<(column + slot.source.count)])
    }
}
