import Foundation
import Mechanist
import Testing

/// The learning components are real nodes: each fixture's Comparator (OUTCOME, MSE / SSE /
/// SUM) and every LearningMechanism (ERROR_SIGNAL, LEARNING_SIGNAL), recorded per trial with
/// `--record`, agree with what PsyNeuLink 0.21 recorded of its own (`learning_nodes` in
/// expected.json, under PsyNeuLink's names "Comparator" and "Learning Mechanism for P",
/// which are Mechanist's `<last node>_comparator` and `P_learning`).
struct LearningComponentTests {
    static let fixtures = LearnConformanceTests.fixtures.map(\.model).filter { fixture in
        (try? LearningPorts(path: Fixtures.path(fixture, "expected.json")))?.ports.isEmpty == false
    }

    @Test("learning components' ports agree with PsyNeuLink 0.21", arguments: fixtures)
    func portsAgree(fixture: String) throws {
        let expected = try LearningPorts(path: Fixtures.path(fixture, "expected.json"))
        let inputs = try InputSet.load(path: Fixtures.path(fixture, "inputs.json"))
        let records = expected.ports.map { PortReference(node: $0.node, port: $0.port) }
        let executable = try compile(modelAt: Fixtures.path(fixture, "model.json"),
                                     options: CompileOptions(mode: .compiled, record: records))
        let result = try executable.learn(inputs: inputs.inputs, targets: inputs.targets, trials: expected.trials,
                                          learningRate: expected.learningRate)
        for port in expected.ports {
            let ours = result.nodes[port.node]?[port.port] ?? []
            // The same room for numpy's summation order as LearnConformanceTests.
            #expect(maxAbsDifference([ours], [port.values]) <= 1e-12, "\(port.node).\(port.port)")
        }
    }
}

/// `learning_nodes` of a learn fixture's expected.json, under Mechanist's node names.
struct LearningPorts {
    struct Port {
        var node: String
        var port: String
        /// Per trial, the port's values (a LEARNING_SIGNAL matrix flattened row by row).
        var values: [[Double]]
    }

    var ports: [Port] = []
    var trials: Int
    var learningRate: Double?

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let run = object["run"] as? [String: Any] ?? [:]
        trials = run["trials"] as? Int ?? 0
        learningRate = (run["learning_rate"] as? NSNumber)?.doubleValue
        func numbers(_ any: Any) -> [Double] { (any as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
        func flat(_ any: Any) -> [Double] {
            let items = any as? [Any] ?? []
            return items.first is [Any] ? items.flatMap(numbers) : numbers(items)
        }
        for (_, entry) in object["learning_nodes"] as? [String: Any] ?? [:] {
            let fields = entry as? [String: Any] ?? [:]
            let node: String
            if let sample = fields["sample"] as? String {
                node = "\(sample)_comparator"
            } else if let projection = fields["projection"] as? String {
                node = "\(projection)_learning"
            } else {
                continue
            }
            for port in ["OUTCOME", "MSE", "SSE", "SUM", "ERROR_SIGNAL", "LEARNING_SIGNAL"] {
                guard let values = fields[port] as? [Any] else { continue }
                ports.append(Port(node: node, port: port, values: values.map(flat)))
            }
        }
        ports.sort { ($0.node, $0.port) < ($1.node, $1.port) }
    }
}
