import Foundation
import ArgumentParser
import MechanistIR

/// Where a command writes: the CLI's standard output and error, or strings in tests.
package struct Console {
    package var out: String = ""
    package var err: String = ""
    /// Whether standard output is written at once instead of collected in `out` (the
    /// executable: a streamed run's output is not held in memory).
    var writesThrough = false
    package init() {}
    mutating func print(_ line: String) { write(line + "\n") }
    mutating func write(_ text: String) {
        guard writesThrough else {
            out += text
            return
        }
        Swift.print(text, terminator: "")
    }
    mutating func note(_ line: String) { err += line + "\n" }
}

/// A subcommand that writes to a `Console` (so tests can run it in-process).
protocol ConsoleCommand: ParsableCommand {
    func execute(_ console: inout Console) throws
}

extension ConsoleCommand {
    package func run() throws {
        var console = Console()
        console.writesThrough = true
        defer {
            print(console.out, terminator: "")
            FileHandleWriter.standardError(console.err)
        }
        try execute(&console)
    }
}

/// Runs the CLI in-process: what the `mechanist` executable does, returning the exit code and
/// the text it would print instead of printing it.
package enum CLI {
    /// Before the command runs: outside a leak checker, what the command would free on other
    /// threads is kept until the exit (`ReleasePolicy`), which returns it all at once.
    package static func start() {
        ReleasePolicy.keepsUntilExit = !freesBeforeExit(ProcessInfo.processInfo.environment)
    }

    /// Before the process exits: under a leak checker, waits for what the command freed on
    /// other threads (`releasedInBackground`), so that it sees everything freed. Otherwise the
    /// exit returns the whole address space at once, as compilers do (clang's
    /// `-disable-free`): waiting for a 100,000-node model's objects to be freed one by one was
    /// 0.3-0.45 s of `check` (issue 13).
    package static func finish() {
        if freesBeforeExit(ProcessInfo.processInfo.environment) { waitForBackgroundReleases() }
    }

    /// Whether the process frees everything before it exits: when `MECHANIST_FREE_AT_EXIT` is
    /// set (to anything but 0), or under valgrind, which preloads its `vgpreload_*` libraries
    /// into the process it checks.
    package static func freesBeforeExit(_ environment: [String: String]) -> Bool {
        if let value = environment["MECHANIST_FREE_AT_EXIT"] { return value != "0" }
        return environment["LD_PRELOAD"]?.contains("vgpreload") ?? false
    }

    package static func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        var console = Console()
        do {
            var command = try MechanistCommand.parseAsRoot(arguments)
            if let command = command as? any ConsoleCommand {
                try command.execute(&console)
            } else {
                try command.run()
            }
            return (0, console.out, console.err)
        } catch {
            let code = MechanistCommand.exitCode(for: error).rawValue
            let message = MechanistCommand.fullMessage(for: error)
            if code == 0 { return (0, console.out + message + "\n", console.err) }
            return (code, console.out, console.err + (message.isEmpty ? "" : message + "\n"))
        }
    }
}
