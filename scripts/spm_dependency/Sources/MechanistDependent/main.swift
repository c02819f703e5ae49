// Builds a model through Mechanist's public API, runs it JIT-compiled and interpreted, and prints
// both results with every digit, for scripts/spm_dependency/test.sh to check.
import Foundation
import Mechanist

// `hidden` integrates its input 1 at rate 0.5 ten times before `response` runs once, so both
// executors must print 1 - 2^-10 = 0.9990234375 (the same model is in docs/SWIFT_API.md).
let model = Model(
    nodes: [
        .processing(name: "in", size: 1),
        .transfer(name: "hidden", size: 1, integratorMode: true, integrationRate: 0.5),
        .transfer(name: "response", size: 1),
    ],
    projections: [Projection("in", "hidden"), Projection("hidden", "response")],
    scheduler: Scheduler(
        conditions: [NodeCondition(node: "response", condition: .everyNCalls(node: "hidden", n: 10))],
        trialTermination: .afterNCalls(node: "response", n: 1, timeScale: nil)))

do {
    for mode in [ExecutionMode.compiled, .interpreted] {
        let result = try model.compile(mode: mode).run(inputs: ["in": [[[1]]]])
        print("\(mode.rawValue) \(result.results)")
    }
} catch {
    print("error: \(error)")
    exit(1)
}
