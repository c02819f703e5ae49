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
    /// Waits for what the command freed on other threads (`releasedInBackground`) before the
    /// process exits.
    package static func finish() { waitForBackgroundReleases() }

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
