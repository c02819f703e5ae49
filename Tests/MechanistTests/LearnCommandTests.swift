import Foundation
import Mechanist
import MechanistCommands
import Testing

/// `mechanist learn`, in-process: output, options, errors, help. Learning itself is
/// `LearnTests`' (Executable.learn on hand-lowered models) and `LearnConformanceTests`'.
struct LearnCommandTests {
    let m3 = Fixtures.path("m3_transfer_chain", "model.json")
    let m3Inputs = Fixtures.path("m3_transfer_chain", "inputs.json")

    @Test func helpDescribesLearn() {
        let (code, out, _) = CLI.run(["--help"])
        #expect(code == 0 && out.contains("learn"))
        let learn = CLI.run(["learn", "--help"])
        for option in ["--inputs", "--epochs", "--trials", "--learning-rate", "--mode", "--record", "--save-weights"] {
            #expect(learn.out.contains(option), "\(option)")
        }
        let run = CLI.run(["run", "--help"])
        #expect(run.out.contains("without learning"))
    }

    @Test func aModelWithoutLearningPathwaysIsRefused() {
        let (code, out, err) = CLI.run(["learn", m3, "--inputs", m3Inputs, "--epochs", "2"])
        #expect(code != 0 && out.isEmpty)
        #expect(err.contains("no learning pathway") && err.contains("mechanist run"), "\(err)")
    }

    @Test func badOptionsAreRefused() {
        let both = CLI.run(["learn", m3, "--inputs", m3Inputs, "--epochs", "2", "--trials", "3"])
        #expect(both.code != 0 && both.err.contains("not both"))
        let negative = CLI.run(["learn", m3, "--inputs", m3Inputs, "--epochs", "-1"])
        #expect(negative.code != 0 && negative.err.contains("--epochs"))
        let rate = CLI.run(["learn", m3, "--inputs", m3Inputs, "--learning-rate", "nan"])
        #expect(rate.code != 0 && rate.err.contains("--learning-rate"))
    }

    /// `--record` parses with the model's node names, and otherwise at the last dot, so that
    /// nodes only lowering creates (a pathway's Comparator) can be named; lowering rejects
    /// a node it does not have.
    @Test func recordReachesNodesTheFileDoesNotDeclare() {
        let unknown = CLI.run(["run", m3, "--inputs", m3Inputs, "--record", "output_comparator.MSE"])
        #expect(unknown.code != 0 && unknown.err.contains("output_comparator"), "\(unknown.err)")
        let node = CLI.run(["run", m3, "--inputs", m3Inputs, "--record", "hidden"])
        #expect(node.code != 0 && node.err.contains("node.PORT"))
    }

    /// The CLI prints the learned weights, in the model's projection order.
    @Test func learnCommandPrintsTheLearnedWeights() throws {
        let (code, out, err) = CLI.run(["learn", Fixtures.path("m4_backprop_xor", "model.json"), "--inputs",
                                        Fixtures.path("m4_backprop_xor", "inputs.json"), "--epochs", "3",
                                        "--mode", "verify", "--record", "output_comparator.MSE"])
        #expect(code == 0, "\(err)")
        #expect(err.contains("verify: OK (12 learning trials"))
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
        #expect(object["trials"] as? Int == 12)
        let weights = object["weights"] as? [String: Any] ?? [:]
        #expect(Set(weights.keys) == ["W1", "W2"])
        #expect(out.range(of: "\"W1\"").map { w1 in out.range(of: "\"W2\"").map { w1.lowerBound < $0.lowerBound } ?? false } == true)
        let mse = (object["nodes"] as? [String: Any])?["output_comparator"] as? [String: Any]
        #expect((mse?["MSE"] as? [Any])?.count == 12)
    }
}
