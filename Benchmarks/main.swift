// Mechanist benchmarks: `swift run -c release mechanist-bench [--quick] [SECTION ...]` from the
// repository root; SECTION is one of compile, trial, lca, matvec, learning, hebbian, sweep, aot, scale (default: all).
// Every figure is measured side by side in this process and reported with its ratio; nothing
// here is asserted. PsyNeuLink's figures are those of docs/PSYNEULINK_TIMINGS.md
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

let sections: [(String, () throws -> Void)] = [
    ("compile", { try Benchmarks.compileTime(fixtures: fixtures, repeats: quick ? 5 : 30) }),
    ("trial", { try Benchmarks.perTrial(fixtures: fixtures, quick: quick) }),
    ("lca", { try Benchmarks.thresholdLCA(fixtures: fixtures, quick: quick) }),
    ("matvec", { try Benchmarks.matvec(quick: quick) }),
    ("learning", { try Benchmarks.learning(fixtures: fixtures, quick: quick) }),
    ("hebbian", { try Benchmarks.hebbian(fixtures: fixtures, quick: quick) }),
    ("sweep", { try Benchmarks.sweep(fixtures: fixtures, quick: quick) }),
    ("aot", { try Benchmarks.aheadOfTime(examples: root + "/Examples", quick: quick) }),
    ("scale", { try Benchmarks.scale(quick: quick) }),
]
let chosen = Set(CommandLine.arguments.dropFirst().filter { $0 != "--quick" })
if let unknown = chosen.first(where: { name in !sections.contains { $0.0 == name } }) {
    print("unknown section \(unknown); sections: " + sections.map(\.0).joined(separator: ", "))
    exit(2)
}
do {
    for (name, run) in sections where chosen.isEmpty || chosen.contains(name) { try run() }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
