import Foundation
import Mechanist
import MechanistModel
import Testing

/// Large models: codegen splits an op list heavier than its limit into outlined functions
/// (Sources/MechanistLLVM/CodegenOutlining.swift), so that LLVM optimizes functions of bounded
/// size. The split code must compute what the interpreter does, bit for bit.
struct OutliningTests {
    /// A chain of `n` Logistic TransferMechanisms with noise (so state and random streams cross
    /// the outlined functions' boundaries), a RANDOM matrix drawn at initialization.
    static func chain(_ n: Int) throws -> Model {
        let nodes = (0..<n).map { i in
            #"{"name": "n\#(i)", "type": "TransferMechanism", "size": 3, "function": {"type": "Logistic"}, "#
                + #""integrator_mode": true, "noise": {"type": "NormalDist", "standard_deviation": 0.1}}"#
        }
        let projections = (0..<(n - 1)).map { i in
            #"{"sender": "n\#(i)", "receiver": "n\#(i + 1)""# + (i == 0 ? #", "matrix": {"type": "RANDOM", "low": -1, "high": 1}}"# : "}")
        }
        let text = #"{"format": 1, "name": "chain", "nodes": [\#(nodes.joined(separator: ", "))], "#
            + #""projections": [\#(projections.joined(separator: ", "))]}"#
        return try Model.decode(json: text, path: "chain.json")
    }

    @Test func aLargeModelIsSplitAndComputesWhatTheInterpreterDoes() throws {
        let model = try Self.chain(50)
        let ir = try llvmText(model, optimized: false)
        let parts = ir.split(separator: "\n").filter { $0.hasPrefix("define internal void @chain_run.part") }
        #expect(parts.count >= 2, "expected the trial to be split")
        let inputs: [String: [[[Double]]]] = ["n0": [[[1.0, -0.5, 0.25]], [[0.0, 2.0, -1.0]]]]
        // Verify mode compares every output, state and weight value of both executors after
        // every trial (and after initialization, which is split too), throwing at a difference.
        let verified = try compile(model, options: CompileOptions(mode: .verify)).run(inputs: inputs, trials: 5)
        #expect(verified.trials == 5)
    }

    @Test func aSmallModelIsOneFunction() throws {
        let ir = try llvmText(try Self.chain(3), optimized: false)
        #expect(!ir.contains(".part"))
    }
}
