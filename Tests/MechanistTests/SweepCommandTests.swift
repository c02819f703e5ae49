import Foundation
import Mechanist
import MechanistCommands
import MechanistModel
import Testing

/// `mechanist sweep` and `mechanist merge`, in-process: shards, resuming, merging, and the
/// byte-identical merged output of any split.
struct SweepCommandTests {
    let m2 = Fixtures.path("m2_lca_threshold", "model.json")
    let m2Inputs = Fixtures.path("m2_lca_threshold", "inputs.json")
    let grid = #"{"grid": {"lca.leak": [0.2, 0.3, 0.4, 0.5], "lca.threshold": [0.7, 0.8, 0.9]}}"#

    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mechanist-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func sweep(_ dir: String, params: String, _ extra: [String]) -> (code: Int32, out: String, err: String) {
        CLI.run(["sweep", m2, "--inputs", m2Inputs, "--params", params, "--trials", "50"] + extra)
    }

    @Test func shardsAndThreadsMergeToTheSameBytes() throws {
        let dir = try folder()
        let params = dir + "/params.json"
        try write(grid, params)
        var merged: [String] = []
        for (name, runs) in [("one", [["--threads", "1"]]), ("two", [["--threads", "2"]]),
                             ("shards", [["--shard", "0/3", "--threads", "2"], ["--shard", "1/3", "--threads", "1"],
                                         ["--shard", "2/3"]])] {
            for extra in runs {
                let (code, _, err) = sweep(dir, params: params, extra + ["--output", dir + "/" + name])
                #expect(code == 0, "\(err)")
            }
            let (code, _, err) = CLI.run(["merge", dir + "/" + name, "--output", dir + "/\(name).jsonl"])
            #expect(code == 0, "\(err)")
            merged.append(try read(dir + "/\(name).jsonl"))
        }
        let lines = merged[0].split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines.enumerated().allSatisfy { $0.element.hasPrefix("{\"index\": \($0.offset), \"of\": 12, ") })
        #expect(merged[1] == merged[0])
        #expect(merged[2] == merged[0])
        // Shard 1 of 3 holds sets 1, 4, 7, 10.
        let shard = try read(dir + "/shards/shard-1-of-3.jsonl").split(separator: "\n")
        #expect(shard.map { $0.prefix(13) } == ["{\"index\": 1, ", "{\"index\": 4, ", "{\"index\": 7, ", "{\"index\": 10,"])
    }

    @Test func mergeNamesMissingAndDuplicatedSets() throws {
        let dir = try folder()
        let params = dir + "/params.json"
        try write(grid, params)
        for k in 0..<2 {
            #expect(sweep(dir, params: params, ["--shard", "\(k)/2", "--output", dir + "/out"]).code == 0)
        }
        try FileManager.default.copyItem(atPath: dir + "/out/shard-1-of-2.jsonl", toPath: dir + "/copy.jsonl")
        try FileManager.default.removeItem(atPath: dir + "/out/shard-1-of-2.jsonl")
        let missing = CLI.run(["merge", dir + "/out", "--output", dir + "/m.jsonl"])
        #expect(missing.code != 0)
        #expect(missing.err.contains("6 of 12 sets missing: 1, 3, 5, 7, 9, 11"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.jsonl"))
        try FileManager.default.copyItem(atPath: dir + "/copy.jsonl", toPath: dir + "/out/shard-1-of-2.jsonl")
        try FileManager.default.copyItem(atPath: dir + "/copy.jsonl", toPath: dir + "/out/shard-1-of-2-again.jsonl")
        let twice = CLI.run(["merge", dir + "/out", "--output", dir + "/m.jsonl"])
        #expect(twice.code != 0)
        #expect(twice.err.contains("set 1 appears 2 times (shard-1-of-2-again.jsonl, shard-1-of-2.jsonl)"))
        #expect(!twice.err.contains("missing"))
        try FileManager.default.removeItem(atPath: dir + "/out/shard-1-of-2-again.jsonl")
        #expect(CLI.run(["merge", dir + "/out", "--output", dir + "/m.jsonl"]).code == 0)
        let empty = try folder()
        #expect(CLI.run(["merge", empty, "--output", dir + "/e.jsonl"]).err.contains("no shard files"))
    }

    @Test func rerunningAShardKeepsWhatItHolds() throws {
        let dir = try folder()
        let params = dir + "/params.json"
        try write(grid, params)
        let out = dir + "/out"
        #expect(sweep(dir, params: params, ["--output", out]).code == 0)
        let file = out + "/shard-0-of-1.jsonl"
        let whole = try read(file)
        let again = sweep(dir, params: params, ["--output", out])
        #expect(again.code == 0)
        #expect(again.err.contains("all 12 sets already in"))
        #expect(try read(file) == whole)
        // A killed job: a partial file with five whole lines and a cut one.
        let lines = whole.split(separator: "\n")
        try write(lines.prefix(5).joined(separator: "\n") + "\n" + lines[5].prefix(30), file + ".partial")
        try FileManager.default.removeItem(atPath: file)
        let resumed = sweep(dir, params: params, ["--output", out])
        #expect(resumed.code == 0, "\(resumed.err)")
        #expect(resumed.err.contains("7 sets run (5 already held)"))
        #expect(try read(file) == whole)
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))
        // Another sweep's file in the folder is refused, not mixed in.
        try write(#"{"grid": {"lca.leak": [0.2, 0.3]}}"#, params)
        let other = sweep(dir, params: params, ["--output", out])
        #expect(other.code != 0)
        #expect(other.err.contains("fresh --output folder"))
    }

    @Test func optionErrors() throws {
        let dir = try folder()
        let params = dir + "/params.json"
        try write(#"{"grid": {"lca.leek": [0.2]}}"#, params)
        let unknown = sweep(dir, params: params, ["--output", dir])
        #expect(unknown.code != 0)
        #expect(unknown.err.contains("did you mean \"lca.leak\""))
        try write(grid, params)
        for (extra, message) in [(["--shard", "2/2"], "expected k/N with 0 <= k < N"),
                                 (["--shard", "a"], "expected k/N"),
                                 (["--learn"], "--learn needs --epochs"),
                                 (["--threads", "0"], "--threads must be a positive integer"),
                                 (["--seeds", "-1"], "--seeds must be a positive integer")] {
            let r = sweep(dir, params: params, extra)
            #expect(r.code != 0)
            #expect(r.err.contains(message), "\(extra): \(r.err)")
        }
        let epochs = CLI.run(["sweep", m2, "--inputs", m2Inputs, "--params", params, "--epochs", "2"])
        #expect(epochs.err.contains("add --learn"))
        let missing = sweep(dir, params: dir + "/none.json", [])
        #expect(missing.err.contains("none.json: cannot read the PARAMS file"))
    }

    /// A learning sweep: the curve is the comparator's MSE per epoch; with one trial per epoch
    /// and target 0, that is each trial's output squared (the --full results).
    @Test func learningCurves() throws {
        let dir = try folder()
        let params = dir + "/params.json"
        try write(#"{"sets": [{"A->B.matrix[0][0]": 0.5}, {"A->B.matrix[0][0]": 2}]}"#, params)
        let model = Fixtures.path("b27_single_projection_linear", "model.json")
        let inputs = Fixtures.path("b27_single_projection_linear", "inputs.json")
        let r = CLI.run(["sweep", model, "--inputs", inputs, "--params", params, "--epochs", "4", "--learn", "--full",
                         "--output", dir + "/out"])
        #expect(r.code == 0, "\(r.err)")
        let lines = try read(dir + "/out/shard-0-of-1.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            // The project's parser: numbers read back exactly as written.
            let object = try JSONParser.parse(String(line))
            let results = FixtureJSON.list(object["results"]).map { FixtureJSON.numbers(FixtureJSON.list($0)[0])[0] }
            #expect(results.count == 4)
            let comparator = object["summaries"]?["learning"]?["B_comparator"]
            let curve = FixtureJSON.numbers(comparator?["curve"] ?? .null)
            #expect(curve == results.map { $0 * $0 })
            #expect(comparator?["final_loss"].flatMap(FixtureJSON.number) == curve.last)
        }
        #expect(lines[0].contains("\"parameters\": {\"A->B.matrix[0][0]\": 0.5}, \"seed\": 0"))
        #expect(lines[1].contains("\"seed\": 1"))
    }
}
