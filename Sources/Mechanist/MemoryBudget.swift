import Foundation

/// The memory a run may still allocate, checked before the large allocations (input rows,
/// recorded outputs, arenas), so that a run too large for the machine gets an error naming
/// the figure instead of an abort in the allocator or the kernel's OOM killer (issue 13).
///
/// Available: /proc/meminfo's MemAvailable, and the address-space limit (`ulimit -v`,
/// RLIMIT_AS) less what the process has mapped already (/proc/self/statm), whichever is less.
/// Where neither can be read (not Linux), nothing is refused.
package enum MemoryBudget {
    /// Bytes the process may still allocate, or nil when the system does not say.
    package static func available() -> Int? {
        var limits: [Int] = []
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            limits.append(kib * 1024)
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
           limit.rlim_cur < UInt64(Int.max) {
            limits.append(max(Int(limit.rlim_cur) - mappedBytes(), 0))
        }
        return limits.min()
    }

    /// The process's mapped address space (first field of /proc/self/statm, in pages).
    private static func mappedBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").first.flatMap({ Int($0) }) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Throws when `bytes` (nil: the figure overflowed) exceed what is available.
    /// - Parameters:
    ///   - what: what would take the memory, as the error's subject ("1000000000 trials x 1
    ///     recorded value").
    ///   - fix: how to need less.
    package static func require(_ bytes: Int?, for what: String, fix: String) throws {
        guard let available = available() else { return }
        guard let bytes, bytes <= available else {
            let needed = bytes.map(describe) ?? "more than \(describe(Int.max))"
            throw RunError("\(what) need \(needed) of memory, but \(describe(available)) is available "
                + "(MemAvailable, and the address-space limit where set); \(fix)")
        }
    }

    /// Bytes in binary units: "7.45 GiB".
    package static func describe(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.2f", value) + " " + units[unit]
    }
}
