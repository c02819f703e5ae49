import Foundation
import Mechanist
import MechanistModel
import Testing

/// Models that combine thousands of values: an ObjectiveMechanism monitoring 1,500 nodes and a
/// node with 1,500 afferents. Their sums fold in shallow chunks (`ChunkedFold`: one deep
/// expression overflowed the stack at 100,000 terms); the order of the additions is the deep
/// expression's, checked against sums computed here in that order.
struct WideModelTests {
    static let n = 1500

    /// The value node i's input takes: varied, so that the order of the additions shows.
    static func value(_ i: Int) -> Double { 1.0 / Double(i + 3) + Double(i % 7) * 1e-3 }

    static func inputs() -> [String: [[[Double]]]] {
        var inputs: [String: [[[Double]]]] = [:]
        for i in 0..<n { inputs["x\(i)"] = [[[value(i)]]] }
        return inputs
    }

    @Test(arguments: [ExecutionMode.compiled, .verify])
    func anObjectiveMonitoringThousandsSumsInOrder(mode: ExecutionMode) throws {
        let nodes = (0..<Self.n).map { #"{"name": "x\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        let monitor = (0..<Self.n).map { #""x\#($0)""# }.joined(separator: ", ")
        let text = #"{"format": 1, "name": "wide_objective", "nodes": [\#(nodes.joined(separator: ", ")), "#
            + #"{"name": "total", "type": "ObjectiveMechanism", "monitor": [\#(monitor)]}]}"#
        let model = try Model.decode(json: text, path: "wide.json")
        let result = try compile(model, options: CompileOptions(mode: mode, record: [PortReference(node: "total", port: "RESULT")]))
            .run(inputs: Self.inputs())
        let expected = (0..<Self.n).reduce(0.0) { $0 + Self.value($1) }   // left to right, as numpy sums
        #expect(result.nodes["total"]?["RESULT"] == [[expected]])
    }

    @Test(arguments: [ExecutionMode.compiled, .verify])
    func aNodeWithThousandsOfAfferentsSumsInOrder(mode: ExecutionMode) throws {
        let nodes = (0..<Self.n).map { #"{"name": "x\#($0)", "type": "ProcessingMechanism", "size": 1}"# }
        let projections = (0..<Self.n).map { #"{"sender": "x\#($0)", "receiver": "sum"}"# }
        let text = #"{"format": 1, "name": "wide_fan_in", "nodes": [\#(nodes.joined(separator: ", ")), "#
            + #"{"name": "sum", "type": "ProcessingMechanism", "size": 1}], "#
            + #""projections": [\#(projections.joined(separator: ", "))]}"#
        let model = try Model.decode(json: text, path: "wide.json")
        let result = try compile(model, options: CompileOptions(mode: mode, record: [PortReference(node: "sum", port: "RESULT")]))
            .run(inputs: Self.inputs())
        // Each afferent is x @ [[1]] = 0 + x*1 = x exactly; the port sums them in afferent order.
        let expected = (0..<Self.n).reduce(0.0) { $0 + Self.value($1) }
        #expect(result.nodes["sum"]?["RESULT"] == [[expected]])
    }
}
