// Mechanist benchmarks: `swift run -c release mechanist-bench [--quick]` from the repository root.
// Every figure is measured side by side in this process and reported with its ratio; nothing
// here is asserted. PsyNeuLink's figures are those of ../shared/reference/PSYNEULINK_TIMINGS.md
// (same class of machine: 2-vCPU AMD EPYC VM); Benchmarks/psyneulink_side_by_side.py measures
// them afresh when PsyNeuLink is installed.
import Foundation
import Mechanist
import MechanistModel

let quick = CommandLine.arguments.contains("--quick")
let root = FileManager.default.currentDirectoryPath
let fixtures = root + "/Tests/MechanistTests/Fixtures"

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func format(_ s: Double) -> String {
    if s < 1e-6 { return String(format: "%.1f ns", s * 1e9) }
    if s < 1e-3 { return String(format: "%.2f µs", s * 1e6) }
    if s < 1 { return String(format: "%.2f ms", s * 1e3) }
    return String(format: "%.2f s", s)
}

func report(_ name: String, _ value: String) { print(name.padding(toLength: 58, withPad: " ", startingAt: 0) + value) }

do {
    try Benchmarks.compileTime(fixtures: fixtures, repeats: quick ? 5 : 30)
    try Benchmarks.perTrial(fixtures: fixtures, quick: quick)
    try Benchmarks.thresholdLCA(fixtures: fixtures, quick: quick)
    try Benchmarks.matvec(quick: quick)
    try Benchmarks.learning(fixtures: fixtures, quick: quick)
    try Benchmarks.hebbian(fixtures: fixtures, quick: quick)
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
