import MechanistIR
import MechanistModel
import Testing

/// The lowered program's shape (what the host relies on), recording, and the features that
/// are recognized but not lowered yet.
@Suite struct LoweringTests {
    static let chain = Model(name: "chain", nodes: [.transfer(name: "in", size: 3),
                                                    .transfer(name: "hidden", size: 5, function: .logistic(), integratorMode: true),
                                                    .transfer(name: "out", size: 2, function: .tanh())],
                             projections: [Projection("in", "hidden", matrix: .random(low: -1, high: 1), name: "W_ih"),
                                           Projection(sender: "hidden", receiver: "out", matrix: .fullConnectivity,
                                                      learnable: false)])

    @Test func describesInputsWeightsStatesAndResults() throws {
        let lowered = try lower(Self.chain)
        let program = lowered.program
        #expect(program.name == "chain")
        #expect(lowered.inputs == [NodeInputs(node: "in", ports: [InputPortBuffer(port: "InputPort-0",
                                                                                    buffer: lowered.inputs[0].ports[0].buffer,
                                                                                    size: 3)])])
        #expect(program.inputs.map { "\($0.node).\($0.port)" } == ["in.InputPort-0"])
        #expect(program[lowered.inputs[0].ports[0].buffer].role == .input)
        #expect(lowered.weights.map(\.name) == ["W_ih", "hidden->out"])
        #expect(lowered.weights.map(\.learnable) == [true, false])
        #expect(lowered.weights.map { program[$0.buffer].shape } == [.matrix(rows: 3, columns: 5), .matrix(rows: 5, columns: 2)])
        #expect(program.buffer(named: "W_ih") == lowered.weight(named: "W_ih")?.buffer)
        #expect(lowered.states.map(\.node) == ["in", "hidden", "out"])
        #expect(lowered.states[1].buffers.map { program[$0].name } == ["hidden.integrator", "hidden.value"])
        #expect(lowered.outputNodes == ["out"])
        #expect(lowered.resultCount == 1 && lowered.recordSlots.isEmpty)
        #expect(program.outputs.map(\.label) == ["out.RESULT"])
        // The RANDOM draw first, then each node's execution at construction (PsyNeuLink's
        // initial value).
        if case .random? = program[.initialization].first {} else { Issue.record("the RANDOM draw comes first") }
        try program.verify()
    }

    @Test func recordsExtraPortsAfterTheResults() throws {
        let lowered = try lower(Self.chain, options: LoweringOptions(record: ["hidden", "in.RESULT", "out"]))
        #expect(lowered.resultCount == 1)
        #expect(lowered.recordSlots == 1..<4)
        #expect(lowered.program.outputs.map(\.label) == ["out.RESULT", "hidden.RESULT", "in.RESULT", "out.RESULT"])
        let objective = Model(nodes: [.transfer(name: "a"), .objective(name: "o", monitor: ["a"])])
        let aliased = try lower(objective, options: LoweringOptions(record: ["o.RESULT", "o.OUTCOME"]))
        #expect(aliased.program.outputs.map(\.label) == ["o.OUTCOME", "o.RESULT", "o.OUTCOME"])
    }

    @Test func rejectsUnknownRecordedPorts() throws {
        let port = modelError { _ = try lower(Self.chain, options: LoweringOptions(record: ["hidden.ENERGY"])) }
        #expect(port?.kind == .unknownReference)
        #expect(port?.description == "--record hidden.ENERGY: node \"hidden\" has no output port \"ENERGY\" "
            + "(TransferMechanism's ports: RESULT, MEAN, VARIANCE, STANDARD_DEVIATION)")
        let notYet = modelError { _ = try lower(Self.chain, options: LoweringOptions(record: ["hidden.MEDIAN"])) }
        #expect(notYet?.kind == .notSupported)
        #expect(notYet?.description.hasPrefix("--record hidden.MEDIAN: output port MEDIAN is not supported yet") == true)
        let node = modelError { _ = try lower(Self.chain, options: LoweringOptions(record: ["hiden"])) }
        #expect(node?.description == "--record hiden: no node named \"hiden\" (did you mean \"hidden\"? nodes: in, hidden, out)")
    }

    /// A port the node's type has but its output_ports do not list is recorded all the same,
    /// after the results, which stay the listed ports.
    @Test func recordsAnyPortOfTheNodesType() throws {
        let lowered = try lower(Self.chain, options: LoweringOptions(record: ["out.MEAN", "hidden.VARIANCE", "out.RESULT"]))
        #expect(lowered.resultCount == 1)
        #expect(lowered.program.outputs.map(\.label) == ["out.RESULT", "out.MEAN", "hidden.VARIANCE", "out.RESULT"])
        #expect(lowered.program.outputs.map(\.source.count) == [2, 1, 1, 2])
        try lowered.program.verify()
    }

    struct Unsupported: CustomTestStringConvertible, Sendable {
        var json: String
        var path: String
        var mentions: String
        var testDescription: String { path }
    }

    static let unsupported: [Unsupported] = [
        .init(json: oneNode(#""size": 1"#, extra: #""scheduler": {"termination": {"pass": "AllHaveRun"}}"#),
              path: "scheduler.termination.pass", mentions: "PsyNeuLink 0.21's scheduler never checks it"),
        .init(json: oneNode(#""default_variable": [[0, 0], [0, 0]]"#, type: "LCAMechanism"),
              path: "nodes[0].default_variable", mentions: "LCAMechanism with several input ports is not supported yet"),
        .init(json: oneNode(#""output_ports": ["RESULT", "MEDIAN"]"#), path: "nodes[0].output_ports[1]",
              mentions: "output port MEDIAN is not supported yet"),
        .init(json: oneNode(#""default_variable": [[0, 0], [0, 0]], "function": {"type": "SoftMax", "per_item": false}"#),
              path: "nodes[0].function.per_item", mentions: "per_item false over several input ports is not supported yet"),
    ]

    @Test(arguments: unsupported)
    func featuresNotLoweredYetAreClearErrors(_ c: Unsupported) throws {
        let model = try Model.decode(json: c.json, path: "model.json")
        let error = try #require(modelError { _ = try lower(model) })
        #expect(error.kind == .notSupported, "\(error)")
        #expect(error.path == c.path, "\(error)")
        #expect(error.description.contains(c.mentions), "\(error)")
    }

    @Test func loweringValidatesSwiftBuiltModels() {
        let error = modelError { _ = try lower(Model(nodes: [.transfer(name: "a", size: 0)])) }
        #expect(error?.description == "nodes[0].size: expected a positive integer, got 0")
    }

    @Test func bufferNamesStayUniqueWhenProjectionsShareNodeNames() throws {
        // A projection named like a node's value buffer must keep its name (the host sets
        // weights by name); the node's buffers give way.
        let model = Model(nodes: [.transfer(name: "a", size: 1), .transfer(name: "b", size: 1)],
                          projections: [Projection("a", "b", name: "b.value")])
        let lowered = try lower(model)
        try lowered.program.verify()
        #expect(lowered.program[try #require(lowered.weight(named: "b.value")).buffer].role == .weight)
    }
}
