import Foundation

/// `mechanist compile`'s cache of what never changes for one C compiler: the compiled runtime
/// object and the linker's command line. $XDG_CACHE_HOME/mechanist (~/.cache/mechanist); when
/// it cannot be read or written, compiles work without it (only slower).
enum AheadOfTimeCache {
    static var directory: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: "mechanist")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appending(path: ".cache/mechanist")
    }

    /// An entry's path when it exists.
    static func existing(_ name: String) -> URL? {
        guard let url = directory?.appending(path: name), FileManager.default.fileExists(atPath: url.path) else {
            return nil
        }
        return url
    }

    static func read(_ name: String) -> String? {
        guard let url = existing(name), let data = try? Data(contentsOf: url) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes an entry under a unique name, then renames it: another process never sees half a file.
    static func write(_ data: Data, as name: String) {
        guard let directory, (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true))
                != nil else { return }
        let partial = directory.appending(path: "\(name).\(UUID().uuidString)")
        guard (try? data.write(to: partial)) != nil else { return }
        if rename(partial.path, directory.appending(path: name).path) != 0 { try? FileManager.default.removeItem(at: partial) }
    }

    /// Copies a file into the cache the same way.
    static func store(_ file: URL, as name: String) {
        guard let data = try? Data(contentsOf: file) else { return }
        write(data, as: name)
    }

    /// What identifies a tool's version without running it: its size and modification date.
    static func stamp(of tool: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: tool)
        return "\(attributes?[.size] ?? 0) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }

    /// FNV-1a, 64 bits, over the parts: a stable name for an entry (not a security measure).
    static func key(_ parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in parts.joined(separator: "\u{0}").utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
