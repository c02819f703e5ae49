import Foundation
import Mechanist
import MechanistCommands
import Testing

/// Error messages a new user meets, in-process: each says what is wrong, where, and how to
/// fix it, without Foundation's error dumps or a usage text that says nothing about it.
struct CLIErrorMessageTests {
    let m3 = Fixtures.path("m3_transfer_chain", "model.json")
    let m3Inputs = Fixtures.path("m3_transfer_chain", "inputs.json")
    var stroop: String { Fixtures.examples + "/stroop/model.json" }
    var stroopInputs: String { Fixtures.examples + "/stroop/inputs.json" }

    @Test func missingFilesSayWhy() throws {
        let model = CLI.run(["run", "/nonexistent/model.json", "--inputs", m3Inputs])
        #expect(model.code != 0)
        #expect(model.err == "Error: /nonexistent/model.json: cannot read the file: no such file\n")
        let inputs = CLI.run(["run", m3, "--inputs", "/nonexistent/inputs.json"])
        #expect(inputs.err == "Error: /nonexistent/inputs.json: cannot read the file: no such file\n")
        let folder = URL(fileURLWithPath: try temporary("x.json", "{}")).deletingLastPathComponent().path
        let directory = CLI.run(["check", folder])
        #expect(directory.err == "Error: \(folder): cannot read the file: it is a directory (give the JSON file in it)\n")
        #expect(!(model.err + inputs.err + directory.err).contains("NSCocoaErrorDomain"))
    }

    @Test func recordOfAnUnknownNodeSuggestsTheNearest() {
        let (code, _, err) = CLI.run(["run", stroop, "--inputs", stroopInputs, "--record", "respnse.RESULT"])
        #expect(code != 0)
        #expect(err == "Error: --record respnse.RESULT: no node named \"respnse\" (did you mean \"response\"? nodes: "
            + "color_input, word_input, task_input, color_hidden, word_hidden, response)\n")
        let bare = CLI.run(["run", stroop, "--inputs", stroopInputs, "--record", "respnse"])
        #expect(bare.err.hasPrefix("Error: --record respnse: expected node.PORT, e.g. response.RESULT (nodes: "))
        let node = CLI.run(["run", stroop, "--inputs", stroopInputs, "--record", "response"])
        #expect(node.err == "Error: --record response: expected node.PORT, e.g. response.RESULT\n")
        for text in [err, bare.err, node.err] { #expect(!text.contains("Usage"), "\(text)") }
    }

    /// `-3` is read as the value, not taken for an option ("Missing value for '--trials'").
    @Test(arguments: [["run", "--trials", "-3"], ["run", "--trials", "0"], ["learn", "--epochs", "-3"],
                      ["learn", "--trials", "-2"]])
    func countsMustBePositiveIntegers(_ arguments: [String]) {
        let (code, _, err) = CLI.run([arguments[0], m3, "--inputs", m3Inputs] + arguments.dropFirst())
        #expect(code != 0)
        #expect(err.hasPrefix("Error: \(arguments[1]) must be a positive integer, got \(arguments[2])\n"), "\(err)")
        #expect(!err.contains("Missing value"))
    }

    @Test func aVectorWhereAListOfTrialsIsExpectedShowsTheShape() throws {
        let inputs = try temporary("inputs.json", #"{"inputs": {"input": [1, 0, 0]}}"#)
        let (code, _, err) = CLI.run(["run", m3, "--inputs", inputs])
        #expect(code != 0)
        #expect(err == "Error: \(inputs): inputs.input: expected a list with one entry per trial, each entry one "
            + "vector per input port: [[x, x, x]] for one trial; got 3 entries of one value each: [1, 0, 0] "
            + "(a list of numbers reads as one trial per number; the node has one input port of 3 values)\n")
    }

    /// Lowering's errors (here a learning pathway through a function backpropagation does
    /// not support) name the model file in every command.
    @Test func learningNotSupportedNamesTheFile() throws {
        let model = try temporary("model.json", #"""
            {"nodes": [
              {"name": "in", "type": "TransferMechanism", "size": 2},
              {"name": "hidden", "type": "TransferMechanism", "default_variable": [[0, 0], [0, 0]],
               "function": {"type": "Reduce"}},
              {"name": "out", "type": "TransferMechanism", "size": 2}],
             "projections": [{"sender": "in", "receiver": "hidden.InputPort-0"}, {"sender": "hidden", "receiver": "out"}],
             "learning": [{"pathway": ["in", "hidden", "out"]}]}
            """#)
        let inputs = try temporary("inputs.json", #"{"inputs": {"in": [[1, 0]]}, "targets": {"out": [[1, 0]]}}"#)
        for command in [["learn", model, "--inputs", inputs], ["run", model, "--inputs", inputs], ["check", model],
                        ["emit", model, "--llvm"]] {
            let (code, _, err) = CLI.run(command)
            #expect(code != 0)
            #expect(err.hasPrefix("Error: \(model): learning: backpropagation through the Reduce function of \"hidden\" "
                + "is not supported yet"), "\(command[0]): \(err)")
        }
    }

    @Test func aRaggedMatrixNamesTheShortRow() throws {
        let model = try temporary("model.json", #"""
            {"nodes": [{"name": "a", "type": "TransferMechanism", "size": 2},
                       {"name": "b", "type": "TransferMechanism", "size": 3},
                       {"name": "r", "type": "RecurrentTransferMechanism", "size": 2, "matrix": [[1, 0], [0]]}],
             "projections": [{"sender": "a", "receiver": "b", "matrix": [[1, 2, 3], [4, 5]]}]}
            """#)
        let projection = CLI.run(["check", model])
        #expect(projection.err == "Error: \(model): projections[0].matrix[1]: row 1 has 2 values but \"a\" (2 values) -> "
            + "\"b\" (3 values) needs 3 in every row (2 rows of 3 values) (rows are sender units, columns "
            + "receiver units)\n")
        try #"""
            {"nodes": [{"name": "r", "type": "RecurrentTransferMechanism", "size": 2, "matrix": [[1, 0], [0]]}]}
            """#.write(toFile: model, atomically: true, encoding: .utf8)
        let recurrent = CLI.run(["check", model])
        #expect(recurrent.err == "Error: \(model): nodes[0].matrix[1]: row 1 of the recurrent matrix of \"r\" has 1 "
            + "value; every row needs 2 (square, the node's size)\n")
    }

    /// Results may be non-finite and are written as Python's json writes them; an inputs file
    /// holding them is refused with the reason (inputs must be finite).
    @Test func nonFiniteResultsAreWrittenAndRefusedAsInputs() throws {
        let model = try temporary("model.json", #"""
            {"nodes": [{"name": "a", "type": "ProcessingMechanism"}, {"name": "b", "type": "ProcessingMechanism"}],
             "projections": [{"sender": "a", "receiver": "b", "matrix": [[10]]}]}
            """#)
        let inputs = try temporary("inputs.json", #"{"inputs": {"a": [1e308, -1e308]}}"#)
        let run = CLI.run(["run", model, "--inputs", inputs])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.contains("[[Infinity]],\n    [[-Infinity]]"), "\(run.out)")
        let back = try temporary("inputs.json", #"{"inputs": {"a": [[Infinity]]}}"#)
        let (code, _, err) = CLI.run(["run", model, "--inputs", back])
        #expect(code != 0)
        #expect(err == "Error: \(back):1:20: malformed JSON: Infinity is not a number a model or inputs file may hold: "
            + "inputs, targets and parameters must be finite (Mechanist writes NaN, Infinity and -Infinity only in "
            + "results, as Python's json module does)\n")
    }
}
