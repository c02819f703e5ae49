import Foundation
import MechanistIR
@testable import MechanistModel
import Testing

/// The scheduler compiled into the trial: conditions, termination, cycles with frozen values
/// and resets, checked against PsyNeuLink 0.21's numbers (fixture s1_scheduler_semantics,
/// made by its generate_cases.py), plus the errors for conditions that cannot be compiled.
@Suite struct SchedulerTests {
    /// One PsyNeuLink run: a model, its inputs and each recorded node's RESULT per trial.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var what: String
        var trials: Int
        var model: String
        var inputs: [String: [[Double]]]
        var expected: [String: [Double]]
        var testDescription: String { "\(name): \(what)" }
    }

    static let cases: [Case] = {
        guard let doc = try? Fixtures.json("s1_scheduler_semantics", "cases.json"),
              let list = doc["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { c in
            guard let name = c["name"] as? String, let what = c["what"] as? String, let trials = c["trials"] as? Int,
                  let model = c["model"], let data = try? JSONSerialization.data(withJSONObject: model),
                  let text = String(data: data, encoding: .utf8),
                  let inputs = (c["inputs"] as? [String: Any])?["inputs"] as? [String: [[Double]]],
                  let expected = c["expected"] as? [String: [Double]] else { return nil }
            return Case(name: name, what: what, trials: trials, model: text, inputs: inputs, expected: expected)
        }
    }()

    @Test func fixtureHasAllCases() {
        #expect(Self.cases.count == 11)
    }

    @Test(arguments: cases) func matchesPsyNeuLink(_ c: Case) throws {
        let model = try Model.decode(json: c.model, path: "\(c.name).json")
        let nodes = c.expected.keys.sorted()
        let lowered = try lower(model, options: LoweringOptions(record: nodes.map { PortReference(node: $0, port: "RESULT") }))
        let recorded = try interpret(lowered, inputs: c.inputs.mapValues { $0.map { [$0] } }, trials: c.trials)
        for (k, node) in nodes.enumerated() {
            let slot = lowered.recordSlots.lowerBound + k
            let got = recorded.map { $0[slot][0] }
            let want = c.expected[node] ?? []
            // Bitwise wherever PsyNeuLink's arithmetic is exact; one value (every, C, trial 2)
            // is 2 ulp off in PsyNeuLink's run, ours being the exact k / 2^20.
            #expect(got.count == want.count)
            for (g, w) in zip(got, want) where g != w {
                #expect(abs(g - w) <= 4 * w.ulp, "\(c.name): \(node) \(got) vs \(want)")
            }
        }
    }

    // MARK: Fast path

    @Test func modelWithoutSchedulerIsStraightLine() throws {
        let lowered = try lower(LoweringTests.chain)
        #expect(lowered.program[.runStart].isEmpty)
        var controlFlow = 0
        lowered.program[.trial].forEachOp { op in
            switch op {
            case .loop, .until, .branch: controlFlow += 1
            case .elementwise, .elementwise2D, .vecMat, .matVec, .reduce, .random, .append: break
            }
        }
        #expect(controlFlow == 0)
        #expect(!lowered.program.buffers.contains { $0.name.hasPrefix("scheduler.") })
    }

    @Test func scheduledTrialIsOnePassLoop() throws {
        let lowered = try lower(try Model.decode(json: Self.twoNodes(#""conditions": {"b": {"type": "EveryNCalls", "node": "a", "n": 2}}"#),
                                                 path: "m.json"))
        let program = lowered.program
        #expect(program[.runStart].count == 3, "trial, pass and TRIAL call counts zeroed")
        #expect(program[.trial].contains { if case .until(_, maxPassesPerTrial, _) = $0 { return true }; return false })
        try program.verify()
    }

    // MARK: Errors

    static func twoNodes(_ scheduler: String) -> String {
        #"""
        {"nodes": [{"name": "a", "type": "TransferMechanism"}, {"name": "b", "type": "TransferMechanism"}],
         "projections": [{"sender": "a", "receiver": "b"}], "scheduler": {\#(scheduler)}}
        """#
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        var scheduler: String
        var kind: ModelError.Kind
        var path: String
        var mentions: String
        var testDescription: String { path }
    }

    static let failures: [Failure] = [
        .init(scheduler: #""conditions": {"b": {"type": "EveryNCalls", "node": "c", "n": 1}}"#,
              kind: .unknownReference, path: "scheduler.conditions.b.node", mentions: "unknown node \"c\""),
        .init(scheduler: #""conditions": {"c": "Always"}"#,
              kind: .unknownReference, path: "scheduler.conditions.c", mentions: "unknown node \"c\""),
        .init(scheduler: #""termination": {"trial": {"type": "All", "conditions": [{"type": "WhenFinished", "node": "x"}]}}"#,
              kind: .unknownReference, path: "scheduler.termination.trial.conditions[0].node", mentions: "unknown node \"x\""),
        // PsyNeuLink fails with KeyError(None) here: EveryNCalls counts since its owner ran.
        .init(scheduler: #""termination": {"trial": {"type": "EveryNCalls", "node": "a", "n": 2}}"#,
              kind: .notSupported, path: "scheduler.termination.trial", mentions: "has no owner"),
        .init(scheduler: #""reset_stateful_function_when": {"b": {"type": "Not", "condition": {"type": "EveryNCalls", "node": "a", "n": 1}}}"#,
              kind: .notSupported, path: "scheduler.reset_stateful_function_when.b.condition", mentions: "has no owner"),
        .init(scheduler: #""termination": {"pass": {"type": "AtPass", "n": 1}}"#,
              kind: .notSupported, path: "scheduler.termination.pass", mentions: "never checks it"),
        .init(scheduler: #""conditions": {"b": {"type": "Threshold", "node": "a", "parameter": "variable", "threshold": 1, "comparator": ">"}}"#,
              kind: .notSupported, path: "scheduler.conditions.b.parameter", mentions: "Threshold on parameter \"variable\""),
        .init(scheduler: #""conditions": {"b": {"type": "Threshold", "node": "a", "parameter": "value", "threshold": 1, "comparator": ">", "indices": [0, 3]}}"#,
              kind: .invalidValue, path: "scheduler.conditions.b.indices", mentions: "element 3 does not exist"),
    ]

    @Test(arguments: failures) func rejects(_ f: Failure) throws {
        let error = modelError { _ = try lower(try Model.decode(json: Self.twoNodes(f.scheduler), path: "m.json")) }
        #expect(error?.kind == f.kind)
        #expect(error?.path == f.path)
        #expect(error?.description.contains(f.mentions) == true, "\(error?.description ?? "no error")")
    }
}

/// Consideration sets as PsyNeuLink builds them.
@Suite struct ConsiderationQueueTests {
    @Test func layersFlattenCyclesAndDropSelfLoops() {
        // in -> A <-> B -> out, C <- in, D <- D (a self loop only)
        let queue = ConsiderationQueue(senders: [[], [0, 2], [1], [2], [0], [5]])
        #expect(queue.sets == [[0, 5], [1, 2, 4], [3]])
        #expect(queue.dependencies == [[], [0], [0], [2], [0], []])
        #expect(queue.hasCycles)
        let acyclic = ConsiderationQueue(senders: [[], [0], [0, 1], [3]])
        #expect(acyclic.sets == [[0, 3], [1], [2]])
        #expect(!acyclic.hasCycles)
    }
}
