import Foundation
import MechanistModel
import Testing

/// The PsyNeuLink 0.21 reference models (../shared/reference, copied into
/// Tests/MechanistTests/Fixtures) loaded from their files, lowered, run in the interpreter,
/// and compared with PsyNeuLink's own results.
///
/// Tolerance 1e-12 absolute: PsyNeuLink computes `x @ M` with numpy/BLAS (whose summation
/// order and fused multiply-adds may differ from our index-order sums), `e**x` rather than
/// `exp(x)`, and tanh as `(1 - e**-2z) / (1 + e**-2z)`; those differ in the last bits only.
@Suite struct ConformanceTests {
    @Test(arguments: [("m3_transfer_chain", "model.json", "expected.json"),
                      ("m3_transfer_chain", "model_integrator.json", "expected_integrator.json"),
                      ("m7_objective", "model.json", "expected.json")])
    func matchesPsyNeuLink(folder: String, modelFile: String, expectedFile: String) throws {
        let model = try Model.load(path: Fixtures.path(folder, modelFile))
        let inputs = try InputSet.load(path: Fixtures.path(folder, "inputs.json"))
        try inputs.validate(against: model)
        let expected = try Fixtures.json(folder, expectedFile)
        let run = try #require(expected["run"] as? [String: Any])
        let trials = try #require(run["trials"] as? Int)
        let recordNames = try #require(run["record"] as? [String])
        let record = recordNames.map { PortReference(parsing: $0, nodeNames: model.nodes.map(\.name)) ?? PortReference(stringLiteral: $0) }
        let lowered = try lower(model, options: LoweringOptions(record: record))
        #expect(lowered.outputNodes == (expected["output_nodes"] as? [String]))

        let recorded = try interpret(lowered, inputs: inputs.inputs, trials: trials)
        let results = try #require(expected["results"] as? [[[Double]]])
        #expect(results.count == trials)
        var worst = 0.0
        for t in 0..<trials {
            worst = max(worst, maxDifference(Array(recorded[t][0..<lowered.resultCount]), results[t]))
        }
        #expect(worst <= 1e-12, "results differ from PsyNeuLink by \(worst)")

        // Intermediate ports PsyNeuLink recorded (`nodes`): the --record slots.
        let nodes = try #require(expected["nodes"] as? [String: [String: [[Double]]]])
        for (k, name) in recordNames.enumerated() {
            let ref = record[k]
            let values = try #require(nodes[ref.node]?[ref.port ?? "RESULT"])
            var worstPort = 0.0
            for t in 0..<trials {
                worstPort = max(worstPort, maxDifference([recorded[t][lowered.resultCount + k]], [values[t]]))
            }
            #expect(worstPort <= 1e-12, "\(name) differs from PsyNeuLink by \(worstPort)")
        }
    }

    @Test func recurrentReferenceModelsLower() throws {
        // m1 is checked against PsyNeuLink in LCATests; m2 needs the scheduler's reset.
        for folder in ["m1_lca4", "m2_lca_threshold"] {
            let model = try Model.load(path: Fixtures.path(folder, "model.json"))
            _ = try lower(model)
        }
    }
}
