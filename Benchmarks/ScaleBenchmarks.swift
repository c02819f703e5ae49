import Foundation
import Mechanist
import MechanistIR
import MechanistModel

/// Issue 13 item 3: what `mechanist check` does (decode and validate, summary, lowering and
/// the optimizing pipeline with memory planning), on generated models of 1k, 10k and 100k
/// nodes, side by side so the growth shows. Nothing is asserted.
extension Benchmarks {
    /// The generated shapes: a chain, a wide fan-in into one node, and an ObjectiveMechanism
    /// monitoring every other node (many values live at once for the memory planner).
    static func scaleModel(_ kind: String, nodes n: Int) -> String {
        var nodes = (0..<n - 1).map { #"{"name": "n\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        var projections: [String] = []
        switch kind {
        case "chain":
            nodes.append(#"{"name": "n\#(n - 1)", "type": "ProcessingMechanism", "size": 1}"#)
            projections = (0..<n - 1).map { #"{"sender": "n\#($0).RESULT", "receiver": "n\#($0 + 1)"}"# }
        case "fan-in":
            nodes.append(#"{"name": "sum", "type": "TransferMechanism", "size": 1}"#)
            projections = (0..<n - 1).map { #"{"sender": "n\#($0)", "receiver": "sum"}"# }
        default:
            let monitor = (0..<n - 1).map { #""n\#($0)""# }.joined(separator: ", ")
            nodes.append(#"{"name": "objective", "type": "ObjectiveMechanism", "monitor": [\#(monitor)]}"#)
        }
        return #"{"format": 1, "name": "\#(kind)\#(n)", "nodes": [\#(nodes.joined(separator: ",\n"))], "#
            + #""projections": [\#(projections.joined(separator: ",\n"))]}"#
    }

    /// CPU seconds of this process, every thread's: on a shared machine wall times grow
    /// with the load, this one much less; beside the wall time it shows how much of `check`
    /// runs on two threads.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func scale(quick: Bool) throws {
        let sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]
        print("== check time by model size: each phase alone (decode + validate, lower, summary, optimize + plan")
        print("   memory), then `check` as the CLI runs it (the summary beside the passes), wall and CPU time")
        print("  " + "model".padding(toLength: 30, withPad: " ", startingAt: 0)
              + sizes.map { "\($0 / 1000)k nodes".padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
        for kind in ["chain", "fan-in", "objective"] {
            var rows: [(String, [String])] = [("decode + validate", []), ("lower", []), ("summary", []),
                                              ("optimize + plan memory", []), ("check, wall", []),
                                              ("check, CPU time", [])]
            for n in sizes {
                let json = scaleModel(kind, nodes: n)
                var model: Model?
                let decode = try seconds { model = try Model.decode(json: json) }
                guard let model else { continue }
                var lowered: LoweredModel?
                let lowering = try seconds { lowered = try lower(model) }
                guard let lowered else { continue }
                let summary = try seconds { _ = try ModelSummary(model, lowered: lowered).text() }
                let program = try seconds { _ = try optimized(lowered, options: CompileOptions()) }
                // What `CheckCommand` does, in one go.
                let cpuStart = processCPUSeconds()
                let check = try seconds {
                    let model = try Model.decode(json: json)
                    let lowered = try lower(model)
                    try verifyLowered(lowered)  // on both cores, before the summary takes one
                    _ = try concurrently({ try ModelSummary(model, lowered: lowered).text() },
                                         { try optimized(lowered, options: CompileOptions(), inputVerified: true) })
                }
                let cpu = processCPUSeconds() - cpuStart
                for (k, t) in [decode, lowering, summary, program, check, cpu].enumerated() {
                    rows[k].1.append(format(t))
                }
            }
            print("  \(kind)")
            for (label, cells) in rows {
                print("    " + label.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + cells.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
            }
        }
    }
}
