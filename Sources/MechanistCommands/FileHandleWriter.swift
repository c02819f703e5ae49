import ArgumentParser
import Foundation

/// Small file helpers for the commands.
enum FileHandleWriter {
    static func standardError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `text` to `path`, with an error that names the path.
    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write --output file '\(path)': \(error.localizedDescription)")
        }
    }
}
