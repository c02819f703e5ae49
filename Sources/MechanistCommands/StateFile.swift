import Foundation
import Mechanist
import MechanistModel

/// `--save-state FILE` / `--load-state FILE`: an executable's snapshot as JSON, in the format of
/// `ExecutableSnapshot.jsonText()` (Sources/Mechanist/SnapshotJSON.swift), errors named by option.
enum StateFile {
    static func text(_ snapshot: ExecutableSnapshot) throws -> String {
        do {
            return try snapshot.jsonText()
        } catch let error as RunError {
            throw CommandError("--save-state: \(error.message)")
        }
    }

    static func load(_ path: String) throws -> ExecutableSnapshot {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("--load-state \(path): cannot read the file")
        }
        do {
            return try ExecutableSnapshot(jsonText: text)
        } catch let error as RunError {
            throw CommandError("--load-state \(path): \(error.message)")
        }
    }
}
