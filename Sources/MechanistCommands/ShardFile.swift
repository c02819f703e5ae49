import Foundation

/// A shard's output file, `DIR/shard-k-of-N.jsonl`: written as `.partial`, renamed when
/// complete. What it already holds is read back so that a rerun runs only the sets missing:
/// the complete file's lines, or else the partial file's complete lines (a line cut short by
/// a killed job is dropped and its set runs again).
struct ShardFile {
    let path: String
    let partialPath: String
    /// The lines already held (each with its newline), and their set indices.
    private(set) var lines: [Substring] = []
    private(set) var held: Set<Int> = []
    /// Whether the complete file exists.
    let complete: Bool

    /// - Throws: `CommandError` when the folder cannot be made or a held line is not a line
    ///   of this sweep's shard (another sweep's file in the folder).
    init(folder: String, shard: Shard, count: Int) throws {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandError("--output \(folder): cannot create the folder: \(error.localizedDescription)")
            }
        } else if !isFolder.boolValue {
            throw CommandError("--output \(folder): not a folder; give the folder for the shard files")
        }
        path = (folder as NSString).appendingPathComponent(shard.fileName)
        partialPath = path + ".partial"
        complete = FileManager.default.fileExists(atPath: path)
        let source = complete ? path : partialPath
        guard let data = FileManager.default.contents(atPath: source) else { return }
        let text = String(decoding: data, as: UTF8.self)
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: "\n") {
            let line = text[start..<newline]
            let next = text.index(after: newline)
            defer { start = next }
            guard !line.isEmpty else { continue }
            guard let index = SweepLine.index(of: line), SweepLine.count(of: line) == count,
                  index % shard.n == shard.k, !held.contains(index) else {
                throw CommandError("\(source): holds a line that is not a set of this sweep's shard \(shard.k)/\(shard.n) "
                    + "(\(count) sets); a changed PARAMS file or model needs a fresh --output folder")
            }
            held.insert(index)
            lines.append(text[start..<next])
        }
    }

    /// Starts the partial file with the held lines.
    func startWriting() throws -> ShardWriter {
        let writer = try ShardWriter(partialPath: partialPath, finalPath: path)
        for line in lines { try writer.append(String(line)) }
        return writer
    }
}

/// Appends lines to a partial file and renames it when done.
final class ShardWriter {
    private let handle: FileHandle
    private let partialPath: String
    private let finalPath: String

    init(partialPath: String, finalPath: String) throws {
        self.partialPath = partialPath
        self.finalPath = finalPath
        guard FileManager.default.createFile(atPath: partialPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: partialPath) else {
            throw CommandError("--output: cannot write \(partialPath)")
        }
        self.handle = handle
    }

    func append(_ text: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw CommandError("--output: cannot write \(partialPath): \(error.localizedDescription)")
        }
    }

    /// Closes the partial file and renames it over the complete one (atomic on one file system).
    func finish() throws {
        try? handle.synchronize()
        try? handle.close()
        guard rename(partialPath, finalPath) == 0 else {
            throw CommandError("--output: cannot rename \(partialPath) to \(finalPath)")
        }
    }
}
