import ArgumentParser
import Foundation

/// `mechanist merge DIR --output FILE`: one JSON Lines file, sorted by set, from a sweep's
/// shard files, once every set is there exactly once.
struct MergeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a sweep's shard files (DIR/shard-k-of-N.jsonl) into one JSON Lines file sorted by set.",
        discussion: """
            Checks that every set 0 ..< of (the count each line gives) is there exactly once, naming any \
            missing or duplicated set and failing (exit 1) otherwise. Lines are copied unchanged, so the \
            merged file of any split of a sweep (shards, threads) is byte for byte the same.
            """)

    @Argument(help: "The folder holding the shard files.")
    var folder: String

    @Option(name: .long, help: "The merged JSON Lines file to write.")
    var output: String

    func execute(_ console: inout Console) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw CommandError("merge \(folder): cannot list the folder: \(error.localizedDescription)")
        }
        let shards = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".jsonl") }
        let partial = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".jsonl.partial") }
        guard !shards.isEmpty else {
            throw CommandError("merge \(folder): no shard files (shard-k-of-N.jsonl) in the folder"
                + (partial.isEmpty ? "" : " (unfinished: \(partial.joined(separator: ", ")))")
                + "; run `mechanist sweep ... --output \(folder)` first")
        }
        var lines: [Int: [(file: String, line: Substring)]] = [:]
        var count: Int?
        for name in shards {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError("merge: cannot read \(path)")
            }
            let text = String(decoding: data, as: UTF8.self)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
                guard let index = SweepLine.index(of: line), let of = SweepLine.count(of: line) else {
                    throw CommandError("merge: \(path) line \(n + 1) is not a sweep set's line "
                        + "({\"index\": N, \"of\": COUNT, ...})")
                }
                if let count, count != of {
                    throw CommandError("merge: \(path) line \(n + 1) is a set of a sweep of \(of) sets, others of \(count); "
                        + "the folder mixes two sweeps")
                }
                count = of
                lines[index, default: []].append((name, line))
            }
        }
        let total = count ?? 0
        let missing = (0..<total).filter { lines[$0] == nil }
        let duplicated = lines.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        let outside = lines.keys.filter { $0 >= total }.sorted()
        var problems: [String] = []
        if !missing.isEmpty {
            problems.append("\(missing.count) of \(total) sets missing: \(Self.list(missing))"
                + (partial.isEmpty ? "" : " (unfinished shard files: \(partial.joined(separator: ", ")); rerun those shards)"))
        }
        for (index, copies) in duplicated.prefix(20) {
            problems.append("set \(index) appears \(copies.count) times (\(copies.map(\.file).joined(separator: ", ")))")
        }
        if duplicated.count > 20 { problems.append("and \(duplicated.count - 20) more duplicated sets") }
        if !outside.isEmpty { problems.append("sets beyond the sweep's \(total): \(Self.list(outside))") }
        guard problems.isEmpty else {
            throw CommandError("merge \(folder): " + problems.joined(separator: "; "))
        }
        var text = ""
        for index in 0..<total {
            text += lines[index]?.first?.line ?? ""
            text += "\n"
        }
        try FileHandleWriter.write(text, to: output)
        console.note("merge: \(total) sets from \(shards.count) shard file(s) written to \(output)")
    }

    /// Indices as a short list: the first 20, then how many more.
    static func list(_ indices: [Int]) -> String {
        let shown = indices.prefix(20).map(String.init).joined(separator: ", ")
        return indices.count > 20 ? shown + " and \(indices.count - 20) more" : shown
    }
}
