import Foundation
import Mechanist

/// `mechanist run`'s output written while the trials run (issue 13): each chunk of output rows
/// (`Executable.streamRun`) becomes text at once, so memory is bounded by a chunk, not by the
/// trial count. The bytes are those `ResultFormat.json` / `.csv` write for the whole result;
/// JSON's sections after `results` (the recorded ports, the undecided trials) go to temporary
/// files meanwhile and are copied after the last chunk.
final class StreamedOutput {
    private let executable: Executable
    private let format: OutputFormat
    private let sink: TextSink
    private let width: Int
    /// Output slots of the results, of each recorded port (first slot per `node.PORT`, with its
    /// spill for JSON), and the undecided flags' columns.
    private let results: [(column: Int, count: Int)]
    private let recorded: [(node: String, port: String, slots: [(column: Int, count: Int)], spill: SpillFile?)]
    private let undecided: [(column: Int, spill: SpillFile?)]
    /// CSV's columns: the results, then the recorded ports that are not results.
    private let csvSlots: [(column: Int, count: Int)]
    private(set) var undecidedCounts: [Int]
    private var trials = 0
    private var started = false

    /// - Throws: `CommandError` when a temporary file cannot be made.
    init(executable: Executable, format: OutputFormat, sink: TextSink) throws {
        self.executable = executable
        self.format = format
        self.sink = sink
        let layout = executable.layout
        width = layout.outputWidth
        let outputs = executable.program.outputs
        let recordedEnd = outputs.count - executable.undecided.count
        results = (0..<executable.resultCount).map { (layout.outputColumns[$0], outputs[$0].source.count) }
        // As `Executable.collect` groups them: per node.PORT in the order first named, every slot
        // of it appended (validation refuses a port recorded twice, so that is one slot).
        var ports: [(node: String, port: String, slots: [(column: Int, count: Int)])] = []
        for k in executable.resultCount..<recordedEnd {
            let slot = outputs[k], cell = (layout.outputColumns[k], slot.source.count)
            if let i = ports.firstIndex(where: { $0.node == slot.node && $0.port == slot.port }) {
                ports[i].slots.append(cell)
            } else {
                ports.append((slot.node, slot.port, [cell]))
            }
        }
        let spills = format == .json
        recorded = try ports.map { ($0.node, $0.port, $0.slots, spills ? try SpillFile() : nil) }
        undecided = try executable.undecided.map { (layout.outputColumns[$0.slot], spills ? try SpillFile() : nil) }
        undecidedCounts = Array(repeating: 0, count: executable.undecided.count)
        let resultLabels = Set(executable.resultLabels)
        csvSlots = results + ports.filter { !resultLabels.contains("\($0.node).\($0.port)") }.map { $0.slots[0] }
    }

    /// Writes the header before the first chunk (not when made: a run refused before its first
    /// trial creates no output file); `trials`: whether any trial runs.
    private func start(trials: Bool) throws {
        guard !started else { return }
        started = true
        try sink.write(format == .json ? "{\n  \"results\": " : csvHeader(trials: trials ? 1 : 0))
    }

    // MARK: JSON

    /// Appends `[` + values + `]`, as `JSONWriter.vector` writes them.
    private static func appendVector(_ rows: ArraySlice<Double>, _ at: Int, _ count: Int, to text: inout String) {
        text += "["
        for i in at..<(at + count) {
            if i > at { text += ", " }
            text += JSONWriter.number(rows[i])
        }
        text += "]"
    }

    /// Writes the text of a chunk's rows (trials `range`, `rows` from their first). Text is
    /// appended piece by piece: this runs for every value of a run.
    func append(_ rows: ArraySlice<Double>, _ range: Range<Int>) throws {
        try start(trials: true)
        let base = rows.startIndex
        var text = ""
        var recordedTexts = Array(repeating: "", count: recorded.count)
        var undecidedTexts = Array(repeating: "", count: undecided.count)
        for t in range {
            let row = base + (t - range.lowerBound) * width
            switch format {
            case .json:
                text += t == 0 ? "[\n    [" : ",\n    ["
                for (k, slot) in results.enumerated() {
                    if k > 0 { text += ", " }
                    Self.appendVector(rows, row + slot.column, slot.count, to: &text)
                }
                text += "]"
                for (k, port) in recorded.enumerated() {
                    for (j, slot) in port.slots.enumerated() {
                        if t > 0 || j > 0 { recordedTexts[k] += ", " }
                        Self.appendVector(rows, row + slot.column, slot.count, to: &recordedTexts[k])
                    }
                }
            case .csv:
                text += String(t)
                for slot in csvSlots {
                    for i in (row + slot.column)..<(row + slot.column + slot.count) {
                        text += ","
                        text += JSONWriter.number(rows[i])
                    }
                }
                for flag in undecided { text += rows[row + flag.column] == 0 ? ",1" : ",0" }
                text += "\n"
            }
            for (k, flag) in undecided.enumerated() where rows[row + flag.column] == 0 {
                if undecidedCounts[k] > 0 { undecidedTexts[k] += ", " }
                undecidedTexts[k] += String(t)
                undecidedCounts[k] += 1
            }
        }
        trials = range.upperBound
        try sink.write(text)
        for (k, port) in recorded.enumerated() { try port.spill?.write(recordedTexts[k]) }
        for (k, flag) in undecided.enumerated() { try flag.spill?.write(undecidedTexts[k]) }
    }

    /// Writes what follows the last trial; `runSeconds`: the trials' time; `weights`: a
    /// learn's learned matrices.
    func finish(runSeconds: Double, weights: [(String, [[Double]])] = []) throws {
        defer { close() }
        try start(trials: trials > 0)
        guard format == .json else { return try sink.flush() }
        try sink.write(trials == 0 ? "[]" : "\n  ]")
        let columns = "[" + executable.resultLabels.map(JSONWriter.string).joined(separator: ", ") + "]"
        try sink.write(",\n  \"columns\": " + columns)
        if !recorded.isEmpty {
            // `ResultFormat.byNode`: ports grouped under their node, in the order first named.
            try sink.write(",\n  \"nodes\": {\n")
            var nodes: [String] = []
            for port in recorded where !nodes.contains(port.node) { nodes.append(port.node) }
            for (i, node) in nodes.enumerated() {
                try sink.write((i == 0 ? "" : ",\n") + "    " + JSONWriter.string(node) + ": {\n")
                for (j, port) in recorded.filter({ $0.node == node }).enumerated() {
                    try sink.write((j == 0 ? "" : ",\n") + "      " + JSONWriter.string(port.port) + ": [")
                    try port.spill?.copy(to: sink)
                    try sink.write("]")
                }
                try sink.write("\n    }")
            }
            try sink.write("\n  }")
        }
        if !undecided.isEmpty {
            try sink.write(",\n  \"undecided\": {\n")
            for (k, flag) in undecided.enumerated() {
                try sink.write((k == 0 ? "" : ",\n") + "    " + JSONWriter.string(executable.undecided[k].node) + ": [")
                try flag.spill?.copy(to: sink)
                try sink.write("]")
            }
            try sink.write("\n  }")
        }
        if !weights.isEmpty {
            try sink.write(",\n  \"weights\": "
                + JSONWriter.object(weights.map { ($0.0, JSONWriter.matrix($0.1)) }, indent: "  "))
        }
        try sink.write(",\n  \"mode\": " + JSONWriter.string(executable.mode.rawValue)
            + ",\n  \"trials\": " + String(trials)
            + ",\n  \"seconds\": {\"compile\": \(JSONWriter.number(executable.compileSeconds)), "
            + "\"run\": \(JSONWriter.number(runSeconds))}\n}\n")
        try sink.flush()
    }

    /// Removes the temporary files.
    func close() {
        for port in recorded { port.spill?.remove() }
        for flag in undecided { flag.spill?.remove() }
    }

    // MARK: CSV

    private func isResult(_ port: (node: String, port: String, slots: [(column: Int, count: Int)], spill: SpillFile?)) -> Bool {
        executable.resultLabels.contains("\(port.node).\(port.port)")
    }

    /// `ResultFormat.csvHeader` over the output slots (no widths without trials).
    private func csvHeader(trials: Int) -> String {
        ResultFormat.csvHeader(
            resultLabels: executable.resultLabels, resultWidths: trials > 0 ? results.map(\.count) : [],
            recorded: recorded.filter { !isResult($0) }.map { ("\($0.node).\($0.port)", trials > 0 ? $0.slots[0].count : 0) },
            undecided: executable.undecided.map(\.node)) + "\n"
    }
}

/// Where streamed text goes: the file of `--output`, opened at the first write (so that a run
/// refused before it creates no file), or, without one, `pending` text the command hands to its
/// console after each chunk (`drain`).
final class TextSink {
    private let path: String?
    private var file: UnsafeMutablePointer<FILE>?
    private var pending = ""

    init(path: String?) { self.path = path }

    deinit { if let file { fclose(file) } }

    func write(_ text: String) throws {
        guard let path else {
            pending += text
            return
        }
        let handle = try open(path)
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, handle) }
        if written != text.utf8.count {
            throw CommandError("--output \(path): cannot write the file: \(String(cString: strerror(errno)))")
        }
    }

    /// The text written since the last call, for the console.
    func drain() -> String {
        defer { pending = "" }
        return pending
    }

    /// Flushes the file, creating it for an output with no text.
    func flush() throws {
        guard let path else { return }
        if fflush(try open(path)) != 0 {
            throw CommandError("--output \(path): cannot write the file: \(String(cString: strerror(errno)))")
        }
    }

    private func open(_ path: String) throws -> UnsafeMutablePointer<FILE> {
        if let file { return file }
        guard let opened = fopen(path, "w") else {
            let folder = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            let reason = !folder.isEmpty && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
                && isFolder.boolValue) ? "no folder \(folder)" : String(cString: strerror(errno))
            throw CommandError("--output \(path): cannot write the file: \(reason)")
        }
        file = opened
        return opened
    }
}

/// A temporary file that text is appended to and later copied out (JSON's sections after the
/// results, which grow with the trials).
final class SpillFile {
    private let path: String
    private var file: UnsafeMutablePointer<FILE>?

    /// - Throws: `CommandError` when the temporary folder refuses a file.
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/mechanist-output-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let name = buffer.baseAddress else { return -1 }
            return mkstemp(name)
        }
        guard descriptor >= 0, let opened = fdopen(descriptor, "w+") else {
            throw CommandError("cannot make a temporary file in \(NSTemporaryDirectory()) for the output: "
                + String(cString: strerror(errno)))
        }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        file = opened
    }

    deinit { remove() }

    func write(_ text: String) throws {
        guard let file, !text.isEmpty else { return }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != text.utf8.count {
            throw CommandError("cannot write a temporary file of the output (\(path)): \(String(cString: strerror(errno)))")
        }
    }

    /// Copies the text written so far to `sink`, in blocks of 1 MiB.
    func copy(to sink: TextSink) throws {
        guard let file else { return }
        fflush(file)
        rewind(file)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            try sink.write(String(decoding: block.prefix(count), as: UTF8.self))
        }
    }

    func remove() {
        guard let file else { return }
        fclose(file)
        unlink(path)
        self.file = nil
    }
}
