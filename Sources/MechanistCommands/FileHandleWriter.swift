import Foundation

/// Small file helpers for the commands.
enum FileHandleWriter {
    static func standardError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `text` to `path`, with an error that names the path and the option it came from.
    static func write(_ text: String, to path: String, option: String = "--output") throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            let folder = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            let reason = !folder.isEmpty && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
                && isFolder.boolValue) ? "no folder \(folder)" : error.localizedDescription
            throw CommandError("\(option) \(path): cannot write the file: \(reason)")
        }
    }
}
