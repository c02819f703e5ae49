import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tool the toolchain started (the linker, objcopy, the C compiler); `wait` turns a failure
/// into a RunError with its command line and its output.
///
/// Started with `posix_spawn` and waited for with `waitpid`, not with Foundation's `Process`:
/// on Linux, `Process.waitUntilExit` polls its run loop every 50 ms, which made a tool's exit
/// seen up to 50 ms late, a third of a compile.
final class RunningTool {
    private let pid: pid_t
    /// The file that has the tool's standard output and error (the child opens it, so this
    /// process holds no descriptor another thread's child could inherit); nil once read.
    private var log: String?
    private let commandLine: String
    private let what: String

    init(_ tool: String, _ arguments: [String], what: String) throws {
        commandLine = ([tool] + arguments).joined(separator: " ")
        self.what = what
        let log = FileManager.default.temporaryDirectory.appending(path: "mechanist-tool-\(UUID().uuidString).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        #if canImport(Glibc)
        let environment = environ
        #else
        let environment = _NSGetEnviron().pointee
        #endif
        let status = posix_spawn(&pid, tool, &actions, nil, argv, environment)
        guard status == 0 else {
            unlink(log)
            throw RunError("compile: \(what): cannot start \(tool) (\(String(cString: strerror(status))))")
        }
        self.pid = pid
        self.log = log
    }

    /// Waits for the tool: its output (standard output and error), and whether it exited 0.
    func finish() -> (output: String, succeeded: Bool) {
        guard let log else { return ("", false) }
        self.log = nil
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
        unlink(log)
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, C macros Swift does not import).
        return (output, status == 0)
    }

    func wait() throws {
        let (text, succeeded) = finish()
        guard succeeded else { throw RunError("compile: \(what) failed (\(commandLine)):\n" + text) }
    }

    /// A tool never waited for (a compile that failed elsewhere) is still reaped: no zombie.
    deinit { if log != nil { _ = finish() } }
}
