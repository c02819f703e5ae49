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
    /// The read end of the pipe that has the tool's standard output and error (-1 once read).
    private var output: Int32
    private let commandLine: String
    private let what: String

    init(_ tool: String, _ arguments: [String], what: String) throws {
        commandLine = ([tool] + arguments).joined(separator: " ")
        self.what = what
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw RunError("compile: \(what): cannot start \(tool) (no pipe: \(String(cString: strerror(errno))))")
        }
        // Close-on-exec, so that no other child inherits them; the tool gets copies (dup2 clears it).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDERR_FILENO)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        #if canImport(Glibc)
        let environment = environ
        #else
        let environment = _NSGetEnviron().pointee
        #endif
        let status = posix_spawn(&pid, tool, &actions, nil, argv, environment)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw RunError("compile: \(what): cannot start \(tool) (\(String(cString: strerror(status))))")
        }
        self.pid = pid
        output = ends[0]
    }

    /// Waits for the tool: its output (standard output and error), and whether it exited 0.
    func finish() -> (output: String, succeeded: Bool) {
        guard output >= 0 else { return ("", false) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(output, &buffer, buffer.count)
            if count > 0 {
                bytes += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(output)
        output = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS (C macros, not imported): exited normally, with status 0.
        return (String(decoding: bytes, as: UTF8.self), status & 0x7F == 0 && (status >> 8) & 0xFF == 0)
    }

    func wait() throws {
        let (text, succeeded) = finish()
        guard succeeded else { throw RunError("compile: \(what) failed (\(commandLine)):\n" + text) }
    }

    /// A tool never waited for (a compile that failed elsewhere) is still reaped: no zombie.
    deinit { if output >= 0 { _ = finish() } }
}
