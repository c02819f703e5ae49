import Foundation
import MechanistIR
import MechanistInterpreter
import MechanistModel
import Testing

/// Projections: summation of fan-in, fan-out, default and keyword matrices, RANDOM draws,
/// and the roles the graph gives nodes.
@Suite struct ProjectionTests {
    @Test func fanInSumsContributionsInProjectionOrder() throws {
        let w1: [[Double]] = [[1, 2], [3, 4]], w2: [[Double]] = [[-1, 0.5], [0.25, 2], [1, 1]]
        let model = Model(nodes: [.transfer(name: "a", size: 2), .transfer(name: "b", size: 3), .transfer(name: "c", size: 2)],
                          projections: [Projection("a", "c", matrix: .explicit(w1)), Projection("b", "c", matrix: .explicit(w2))])
        let x: [Double] = [0.5, -1], y: [Double] = [2, 3, -0.5]
        let out = try run(model, ["a": [x], "b": [y]])[0][0]
        let expected = (0..<2).map { j in
            (x[0] * w1[0][j] + x[1] * w1[1][j]) + (y[0] * w2[0][j] + y[1] * w2[1][j] + y[2] * w2[2][j])
        }
        #expect(out == expected)
    }

    @Test func inputRoleAddsExternalInputToProjections() throws {
        let model = Model(nodes: [.transfer(name: "a", size: 2), .transfer(name: "c", size: 2, roles: [.input])],
                          projections: [Projection("a", "c", matrix: .explicit([[1, 0], [0, 2]]))])
        let lowered = try lower(model)
        #expect(lowered.inputs.map(\.node) == ["a", "c"])
        let out = try interpret(lowered, inputs: ["a": [[[1, 1]]], "c": [[[10, 20]]]], trials: 1)[0][0]
        #expect(out == [11, 22])
    }

    @Test func fanOutFeedsEveryReceiver() throws {
        let model = Model(nodes: [.transfer(name: "a", size: 2), .transfer(name: "b", size: 2, function: .linear(slope: 2)),
                                  .transfer(name: "c", size: 1)],
                          projections: [Projection("a", "b"), Projection("a", "c")])
        let lowered = try lower(model)
        #expect(lowered.outputNodes == ["b", "c"])
        let out = try interpret(lowered, inputs: ["a": [[[3, 4]]]], trials: 1)[0]
        #expect(out == [[6, 8], [7]])
    }

    @Test func defaultAndKeywordMatrices() throws {
        let model = Model(nodes: [.transfer(name: "a", size: 3), .transfer(name: "same", size: 3),
                                  .transfer(name: "other", size: 2), .transfer(name: "hollow", size: 3)],
                          projections: [Projection("a", "same"), Projection("a", "other"),
                                        Projection("a", "hollow", matrix: .hollow)])
        let lowered = try lower(model)
        let params = try initializedParams(lowered)
        #expect(weightValues(lowered, "a->same", params) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(weightValues(lowered, "a->other", params) == [Double](repeating: 1, count: 6))
        #expect(weightValues(lowered, "a->hollow", params) == [0, 1, 1, 1, 0, 1, 1, 1, 0])
        let out = try interpret(lowered, inputs: ["a": [[[1, 2, 4]]]], trials: 1)[0]
        #expect(out == [[1, 2, 4], [7, 7], [6, 5, 3]])
        #expect(lowered.weights.allSatisfy { lowered.program[$0.buffer].role == .weight && $0.learnable })
    }

    @Test func randomMatricesAreSeededAndDeterministic() throws {
        func matrix(seed: Int, name: String? = nil, low: Double = -0.5, high: Double = 0.25) throws -> [Double] {
            let model = Model(seed: seed, nodes: [.transfer(name: "a", size: 4), .transfer(name: "b", size: 5)],
                              projections: [Projection("a", "b", matrix: .random(low: low, high: high), name: name)])
            let lowered = try lower(model)
            return weightValues(lowered, name ?? "a->b", try initializedParams(lowered))
        }
        let first = try matrix(seed: 7)
        #expect(first.count == 20)
        #expect(first.allSatisfy { $0 >= -0.5 && $0 < 0.25 })
        #expect(Set(first).count == 20)
        #expect(try matrix(seed: 7) == first, "same seed, same matrix")
        #expect(try matrix(seed: 8) != first, "another seed, another matrix")
        #expect(try matrix(seed: 7, name: "W") != first, "another projection, another stream")
        let unit = try matrix(seed: 7, low: 0, high: 1)
        #expect(zip(unit, first).allSatisfy { abs(-0.5 + 0.75 * $0.0 - $0.1) <= 1e-15 }, "same draws, rescaled")
    }

    @Test func randomMatrixIsDrawnAgainOnReset() throws {
        let model = Model(seed: 3, nodes: [.transfer(name: "a", size: 2), .transfer(name: "b", size: 2)],
                          projections: [Projection("a", "b", matrix: .random())])
        let lowered = try lower(model)
        let first = try initializedParams(lowered)
        #expect(try initializedParams(lowered) == first)
        let out = try interpret(lowered, inputs: ["a": [[[1, 0]], [[0, 1]]]], trials: 2)
        let w = weightValues(lowered, "a->b", first)
        #expect(out[0][0] == [w[0], w[1]])
        #expect(out[1][0] == [w[2], w[3]])
    }

    @Test func rolesDecideInputsAndResults() throws {
        let model = Model(nodes: [.transfer(name: "a", size: 1), .transfer(name: "b", size: 1, roles: [.output]),
                                  .transfer(name: "c", size: 1), .transfer(name: "d", size: 1, roles: [.internal])],
                          projections: [Projection("a", "b"), Projection("b", "c"), Projection("a", "d")])
        let lowered = try lower(model)
        #expect(lowered.inputs.map(\.node) == ["a"])
        #expect(lowered.outputNodes == ["b", "c"])
        #expect(lowered.resultCount == 2)
    }

    @Test func nodesRunInTopologicalOrderWhateverTheListOrder() throws {
        let model = Model(nodes: [.transfer(name: "out", size: 1, function: .linear(slope: 10)),
                                  .transfer(name: "mid", size: 1, function: .linear(intercept: 1)),
                                  .transfer(name: "in", size: 1)],
                          projections: [Projection("mid", "out"), Projection("in", "mid")])
        #expect(try run(model, ["in": [[1], [2]]]).map { $0[0] } == [[20], [30]])
    }
}

/// Parameters and weights after the program's initialization (RANDOM draws included).
func initializedParams(_ lowered: LoweredModel) throws -> [Double] {
    let layout = BufferLayout(lowered.program)
    var params = layout.initialContents(.params, of: lowered.program)
    var state = layout.initialContents(.state, of: lowered.program)
    var scratch = [Double](repeating: 0, count: layout.size(.scratch))
    try Interpreter(program: lowered.program).run(.initialization, params: &params, state: &state, scratch: &scratch)
    return params
}

/// A weight matrix's values (row-major) from a params arena.
func weightValues(_ lowered: LoweredModel, _ name: String, _ params: [Double]) -> [Double] {
    guard let w = lowered.weight(named: name) else { return [] }
    let offset = BufferLayout(lowered.program).offsets[w.buffer.index]
    return Array(params[offset..<(offset + w.rows * w.columns)])
}
