import Foundation
import MechanistIR
import MechanistModel
import Testing

/// RecurrentTransferMechanism lowering: the matrix PsyNeuLink builds from matrix / auto /
/// hetero, the recurrent projection, the RECURRENT port, ENERGY and ENTROPY, derived by hand.
@Suite struct RecurrentTests {
    /// The recurrent weight buffer (named as the node) after lowering.
    func builtMatrix(_ node: Node) throws -> [Double] {
        let lowered = try lower(Model(nodes: [node]))
        let weight = try #require(lowered.weight(named: node.name))
        #expect(lowered.program[weight.buffer].role == .weight)
        return lowered.program[weight.buffer].initial
    }

    @Test func matrixAutoHeteroPrecedence() throws {
        let m: [[Double]] = [[1, 2], [3, 4]]
        func rtm(_ r: RecurrentParameters) -> Node { .recurrentTransfer(name: "r", size: 2, recurrent: r) }
        #expect(try builtMatrix(rtm(RecurrentParameters())) == [0, 1, 1, 0], "HOLLOW by default")
        #expect(try builtMatrix(rtm(RecurrentParameters(matrix: .explicit(m)))) == [1, 2, 3, 4])
        #expect(try builtMatrix(rtm(RecurrentParameters(matrix: .explicit(m), auto: 9))) == [9, 2, 3, 9],
                "auto replaces the diagonal")
        #expect(try builtMatrix(rtm(RecurrentParameters(matrix: .explicit(m), hetero: -1))) == [1, -1, -1, 4],
                "hetero replaces the rest")
        #expect(try builtMatrix(rtm(RecurrentParameters(matrix: .explicit(m), auto: [5, 6], hetero: 7))) == [5, 7, 7, 6],
                "both: the matrix is ignored")
        #expect(try builtMatrix(rtm(RecurrentParameters(auto: 2))) == [2, 1, 1, 2])
        #expect(try builtMatrix(.lca(name: "l", size: 2)) == [0, -1, -1, 0], "LCA: -competition, self_excitation")
        #expect(try builtMatrix(.lca(name: "l", size: 2, lca: LCAParameters(competition: 2, selfExcitation: 0.5)))
                == [0.5, -2, -2, 0.5])
        #expect(try builtMatrix(.lca(name: "l", size: 2, lca: LCAParameters(competition: 2),
                                     recurrent: RecurrentParameters(matrix: .explicit(m)))) == [1, 2, 3, 4],
                "an explicit matrix wins over competition")
    }

    @Test func recurrentInputIsThePreviousOutput() throws {
        // Linear RTM, HOLLOW: value_t = input + value_{t-1} @ hollow, starting from f(0) = 0.
        let out = try run(Model(nodes: [.recurrentTransfer(name: "r", size: 2)]), ["r": [[1, 0]]], trials: 3)
        // t3: [1, 0] + [1, 1] @ HOLLOW = [2, 1].
        #expect(out.map { $0[0] } == [[1, 0], [1, 1], [2, 1]])
    }

    @Test func recurrentPortCombinesExternalAndRecurrent() throws {
        let node = Node.recurrentTransfer(
            name: "r", size: 2,
            recurrent: RecurrentParameters(matrix: .identity, hasRecurrentInputPort: true,
                                           combinationFunction: .linearCombination(weights: [1, -0.5])))
        // value_t = input - 0.5 * value_{t-1}; f(0 combined) = 0.
        let out = try run(Model(nodes: [node]), ["r": [[1, 2]]], trials: 3)
        #expect(out.map { $0[0] } == [[1, 2], [0.5, 1], [0.75, 1.5]])
    }

    @Test func energyAndEntropyPorts() throws {
        let m: [[Double]] = [[5, 2], [0.5, 7]]
        let node = Node.recurrentTransfer(name: "r", size: 2, function: .logistic(),
                                          recurrent: RecurrentParameters(matrix: .explicit(m)),
                                          outputPorts: ["RESULT", "ENERGY", "ENTROPY"])
        let out = try run(Model(nodes: [node]), ["r": [[0.3, -0.2]]], trials: 1)
        let v = out[0][0]
        // ENERGY: u = hollow(M) @ v (numpy's dot(matrix, v)), -sum(v * u) / 2.
        let u = [2 * v[1], 0.5 * v[0]]
        #expect(abs(out[0][1][0] - -(v[0] * u[0] + v[1] * u[1]) / 2) < 1e-15)
        // ENTROPY: HOLLOW ones, -sum(v * log(u)).
        #expect(abs(out[0][2][0] - -(v[0] * log(v[1]) + v[1] * log(v[0]))) < 1e-15)
    }

    @Test func rejectsBadRecurrentSpecs() throws {
        struct Case { var fields: String; var path: String; var mentions: String }
        let cases = [
            Case(fields: #""size": 2, "matrix": [[1, 2, 3], [4, 5, 6]]"#, path: "nodes[0].matrix", mentions: "must be 2x2"),
            Case(fields: #""size": 3, "auto": [1, 2]"#, path: "nodes[0].auto", mentions: "2 values for 3 units"),
            Case(fields: #""size": 2, "hetero": [[0, 1]]"#, path: "nodes[0].hetero", mentions: "must be 2x2"),
            Case(fields: #""size": 2, "hetero": [1, 2]"#, path: "nodes[0].hetero", mentions: "expected a number or an 2x2"),
        ]
        for c in cases {
            let error = decodeError(oneNode(c.fields, type: "RecurrentTransferMechanism"))
            #expect(error?.path == c.path, "\(String(describing: error))")
            #expect(error?.description.contains(c.mentions) == true, "\(String(describing: error))")
        }
        let criterion = decodeError(oneNode(#""size": 2, "threshold_criterion": "MAX""#, type: "LCAMechanism"))
        #expect(criterion?.path == "nodes[0].threshold_criterion")
        let alias = decodeError(oneNode(#""size": 2, "self_excitation": 1, "auto": 2"#, type: "LCAMechanism"))
        #expect(alias?.path == "nodes[0].auto")
        let both = decodeError(oneNode(#""size": 2, "threshold": 1, "termination_threshold": 2"#, type: "LCAMechanism"))
        #expect(both?.path == "nodes[0].termination_threshold")
        let dt = decodeError(oneNode(#""size": 2, "time_step_size": 0"#, type: "LCAMechanism"))
        #expect(dt?.path == "nodes[0].time_step_size")
    }
}
