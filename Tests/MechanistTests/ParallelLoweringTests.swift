import Foundation
import MechanistIR
import MechanistModel
import Testing

/// Lowering a model's nodes in two parts at once (`LoweredParts`, issue 13) gives the Program
/// one thread gives, buffer for buffer and op for op, names and their table included; where
/// the parts cannot be merged, `lower` lowers again on one thread.
struct ParallelLoweringTests {
    /// Every example and every fixture, learning ones included, lowered both ways.
    static let models: [String] = ExamplesTests.examples.map { Fixtures.examples + "/" + $0 + "/model.json" }
        + ConformanceTests.allFixtures.map { Fixtures.path($0.model, $0.file) }

    @Test("two threads lower the Program one thread does", arguments: models)
    func twoThreadsLowerWhatOneDoes(path: String) throws {
        let model = try Model.load(path: path)
        let one = try lower(model, threads: .one)
        #expect(try lower(model, threads: .two) == one)
        #expect(try lower(model, threads: .automatic) == one)
    }

    @Test func theModelsAreThere() {
        #expect(Self.models.count > 20)
    }

    /// `n` ProcessingMechanisms (Linear), as `mechanist-bench scale` generates them: a chain, a
    /// fan-in into a TransferMechanism, or monitored by one ObjectiveMechanism; and a chain of
    /// recurrent mechanisms (their recurrent projections read and write their own buffers).
    static func generated(_ kind: String, _ n: Int) -> String {
        var nodes = (0..<(n - 1)).map { #"{"name": "n\#($0)", "type": "ProcessingMechanism", "size": 2}"# }
        var projections: [String] = []
        switch kind {
        case "chain":
            nodes.append(#"{"name": "n\#(n - 1)", "type": "TransferMechanism", "size": 2, "function": {"type": "Logistic", "gain": 2}}"#)
            projections = (0..<(n - 1)).map { #"{"sender": "n\#($0)", "receiver": "n\#($0 + 1)"}"# }
        case "fan-in":
            nodes.append(#"{"name": "sum", "type": "TransferMechanism", "size": 2}"#)
            projections = (0..<(n - 1)).map { #"{"sender": "n\#($0)", "receiver": "sum"}"# }
        case "recurrent":
            nodes = (0..<n).map {
                #"{"name": "r\#($0)", "type": "RecurrentTransferMechanism", "size": 2, "auto": 0.5, "hetero": -0.25}"#
            }
            projections = (0..<(n - 1)).map { #"{"sender": "r\#($0)", "receiver": "r\#($0 + 1)"}"# }
        default:
            let monitored = (0..<(n - 1)).map { #""n\#($0)""# }.joined(separator: ", ")
            nodes.append(#"{"name": "objective", "type": "ObjectiveMechanism", "monitor": [\#(monitored)]}"#)
        }
        return #"{"format": 1, "name": "\#(kind)", "nodes": [\#(nodes.joined(separator: ", "))], "#
            + #""projections": [\#(projections.joined(separator: ", "))]}"#
    }

    /// The generated shapes merge (no second lowering) and give what one thread gives.
    @Test(arguments: ["chain", "fan-in", "objective", "recurrent"])
    func partsMerge(kind: String) throws {
        let model = try Model.decode(json: Self.generated(kind, 301))
        let one = try lower(model, threads: .one)
        let two = try #require(try loweredUnlessPartsCollide(model, options: LoweringOptions(), threads: .two))
        #expect(two == one)
        #expect(two.program.buffers.count == one.program.buffers.count)
    }

    /// A projection named `n250.function.slope` takes that name before the nodes are lowered;
    /// node n250, in the second part, then declares its slope as `n250.function.slope#2`. The
    /// whole model's context may have given that name to a parameter since the part began, so
    /// the part is not merged: `lower` lowers again on one thread, to the same Program.
    @Test func aPartThatReusedAnEarlierNameIsLoweredAgain() throws {
        let json = Self.generated("chain", 301).replacingOccurrences(
            of: #"{"sender": "n250", "receiver": "n251"}"#,
            with: #"{"name": "n250.function.slope", "sender": "n250", "receiver": "n251"}"#)
        let model = try Model.decode(json: json)
        #expect(try loweredUnlessPartsCollide(model, options: LoweringOptions(), threads: .two) == nil)
        let one = try lower(model, threads: .one)
        #expect(try lower(model, threads: .two) == one)
        #expect(one.program.buffer(named: "n250.function.slope#2") != nil)
    }
}

