import Foundation

/// The linker command line the C compiler driver would run, so that `mechanist compile` runs the
/// linker itself: the driver (`cc`), and gcc's collect2 behind it, cost two processes and about
/// half of a compile's time, for a command line that never changes for one compiler.
///
/// The driver is asked once (`cc -### ...`, which prints its commands without running them)
/// with placeholder objects and output; the command it prints is cached per compiler (path,
/// size, date) and flags, in the same cache as the runtime object, and later compiles fill the
/// placeholders in. gcc prints collect2, which only passes its arguments on to the linker
/// (`ld.X` for `-fuse-ld=X`, else `cc -print-prog-name=ld`); clang prints the linker itself. LTO plugin arguments are
/// dropped: the objects are LLVM's and the runtime's, never LTO bitcode.
package struct AheadOfTimeLinker {
    /// The linker, then its arguments with `objectsPlaceholder` and `outputPlaceholder` in them.
    package let command: [String]
    /// Its entry in the cache.
    let cacheName: String

    package static let objectsPlaceholder = "/mechanist-compile-objects.o"
    package static let outputPlaceholder = "/mechanist-compile-output"

    /// The linker command for the driver `compiler` linking objects with `flags` (e.g.
    /// `-shared`) and then `libraries` (e.g. `-lm`); nil when the driver's output has no
    /// command this understands (the caller then links through the driver).
    /// `directory` holds the stand-in object the driver is shown (clang checks it exists).
    package static func derive(compiler: String, flags: [String], libraries: [String],
                               in directory: URL) -> AheadOfTimeLinker? {
        let key = AheadOfTimeCache.key([compiler, AheadOfTimeCache.stamp(of: compiler)] + flags + ["--"] + libraries)
        let cacheName = "link-\(String(key, radix: 16)).txt"
        if let text = AheadOfTimeCache.read(cacheName) {
            // Empty: this driver's command was not understood before; it links itself.
            if text.isEmpty { return nil }
            let command = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if command.count > 1, FileManager.default.isExecutableFile(atPath: command[0]) {
                return AheadOfTimeLinker(command: command, cacheName: cacheName)
            }
        }
        let command = ask(compiler, flags: flags, libraries: libraries, in: directory)
        AheadOfTimeCache.write(Data((command ?? []).joined(separator: "\n").utf8), as: cacheName)
        return command.map { AheadOfTimeLinker(command: $0, cacheName: cacheName) }
    }

    /// The linker command the driver prints for a link of one stand-in object, with the
    /// placeholders in, its linker resolved to a path (collect2's, as `cc -print-prog-name=ld`
    /// names it).
    private static func ask(_ compiler: String, flags: [String], libraries: [String], in directory: URL) -> [String]? {
        let object = directory.appending(path: "linker-query.o")
        let output = directory.appending(path: "linker-query")
        guard FileManager.default.createFile(atPath: object.path, contents: Data()),
              let printed = try? AheadOfTimeToolchain.capture(
                compiler, flags + ["-###", object.path, "-o", output.path] + libraries),
              printed.succeeded, var command = parse(printed.output, objects: object.path, output: output.path)
        else { return nil }
        if URL(fileURLWithPath: command[0]).lastPathComponent == "collect2" {
            // collect2 runs ld.X for -fuse-ld=X (and drops the option), else the driver's ld.
            let chosen = command.last { $0.hasPrefix("-fuse-ld=") }.map { "ld." + $0.dropFirst("-fuse-ld=".count) }
            command.removeAll { $0.hasPrefix("-fuse-ld=") }
            guard let name = chosen ?? (try? AheadOfTimeToolchain.capture(compiler, ["-print-prog-name=ld"]).output
                    .trimmingCharacters(in: .whitespacesAndNewlines)),
                  let linker = AheadOfTimeToolchain.which(name, environment: ProcessInfo.processInfo.environment)
            else { return nil }
            command[0] = linker
        }
        guard FileManager.default.isExecutableFile(atPath: command[0]),
              !command.contains(where: { $0.contains("\n") }) else { return nil }
        return command
    }

    /// The linker's command line in a driver's `-###` output: the line that names the
    /// object and the output, split into words, without LTO plugin arguments, with the
    /// placeholders in place of the object and the output.
    package static func parse(_ printed: String, objects: String = objectsPlaceholder,
                              output: String = outputPlaceholder) -> [String]? {
        for line in printed.split(separator: "\n") where line.hasPrefix(" ") {
            guard let words = words(line), words.contains(output),
                  words.contains(objects), let program = words.first,
                  !["cc1", "cc1plus", "as", "lto-wrapper"].contains(URL(fileURLWithPath: program).lastPathComponent),
                  !words.contains("-cc1") else { continue }
            var kept: [String] = []
            var skipNext = false
            for word in words {
                if skipNext {
                    skipNext = false
                } else if word == "-plugin" {
                    skipNext = true
                } else if !word.hasPrefix("-plugin-opt") {
                    kept.append(word == objects ? objectsPlaceholder : word == output ? outputPlaceholder : word)
                }
            }
            return kept
        }
        return nil
    }

    /// A `-###` line's words: separated by spaces, each possibly in double quotes with `\`
    /// escaping the next character (gcc quotes words with special characters, clang every word).
    package static func words(_ line: Substring) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for character in line {
            if escaped {
                word.append(character)
                escaped = false
            } else if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false } else { word.append(character) }
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                if character == "\\" { escaped = true } else { word.append(character) }
                inWord = true
            }
        }
        if quoted || escaped { return nil }
        if inWord { words.append(word) }
        return words.isEmpty ? nil : words
    }

    /// Records that the driver links from now on (the command failed where the driver did not).
    func forget() { AheadOfTimeCache.write(Data(), as: cacheName) }

    /// Links `objects` into `output`.
    /// - Throws: `RunError` with the command and the linker's output when it fails.
    func link(_ objects: [URL], to output: URL, what: String) throws {
        var arguments: [String] = []
        for word in command.dropFirst() {
            switch word {
            case Self.objectsPlaceholder: arguments += objects.map(\.path)
            case Self.outputPlaceholder: arguments.append(output.path)
            default: arguments.append(word)
            }
        }
        try RunningTool(command[0], arguments, what: what).wait()
    }
}
