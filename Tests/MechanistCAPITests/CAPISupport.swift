import Foundation
import Glibc
import Mechanist
import MechanistCAPI
import Testing

/// The repository's root and its example models (the tests read them in place).
enum Repository {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
    static func example(_ name: String, _ file: String) -> String { root + "/Examples/" + name + "/" + file }
}

/// This thread's last error message.
var lastError: String { mechanist_last_error().map { String(cString: $0) } ?? "<NULL>" }

/// Expects a call to succeed, showing its message otherwise.
func expectOK(_ status: mechanist_status, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(status == MECHANIST_OK, "status \(status.rawValue): \(lastError)", sourceLocation: sourceLocation)
}

/// C strings for the length of a test (freed with it).
final class CStringArray {
    let pointers: [UnsafePointer<CChar>?]
    init(_ strings: [String]) { pointers = strings.map { UnsafePointer(strdup($0)) } }
    deinit { pointers.forEach { free(UnsafeMutableRawPointer(mutating: $0)) } }
    func withPointer<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) rethrows -> R {
        try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
    }
}

/// A run's or learn's per-node arguments as C arrays: names, flat values, entry counts.
final class CLists {
    let names: CStringArray
    let values: [UnsafePointer<Double>?]
    let entries: [Int64]
    private let buffers: [UnsafeMutableBufferPointer<Double>]

    /// `lists[node]`: flat values and the number of entries.
    init(_ lists: [(node: String, values: [Double], entries: Int64)]) {
        names = CStringArray(lists.map(\.node))
        buffers = lists.map { list in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(list.values.count, 1))
            _ = buffer.initialize(from: list.values)
            return buffer
        }
        values = buffers.map { UnsafePointer($0.baseAddress) }
        entries = lists.map(\.entries)
    }

    /// The Swift API's form of the same lists: one port per node of `width` values per entry.
    static func nested(_ lists: [(node: String, values: [Double], entries: Int64)]) -> [String: [[[Double]]]] {
        var out: [String: [[[Double]]]] = [:]
        for list in lists {
            let width = list.entries == 0 ? 0 : list.values.count / Int(list.entries)
            out[list.node] = (0..<Int(list.entries)).map { [Array(list.values[($0 * width)..<(($0 + 1) * width)])] }
        }
        return out
    }

    var count: Int64 { Int64(entries.count) }

    func call<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<Double>?>?,
                          UnsafePointer<Int64>?) -> R) -> R {
        names.withPointer { names in
            values.withUnsafeBufferPointer { values in
                entries.withUnsafeBufferPointer { entries in body(names, values.baseAddress, entries.baseAddress) }
            }
        }
    }

    deinit { buffers.forEach { $0.deallocate() } }
}

/// A compiled model through the C API (freed with the value). Sendable for the threads test,
/// which gives each thread its own.
final class CExecutable: @unchecked Sendable {
    let pointer: OpaquePointer?

    /// Loads the model file at `path`, or with `json` decodes that text, sets `sets`, compiles.
    init(path: String? = nil, json: String? = nil, options: mechanist_compile_options? = nil,
         sets: [(String, Double)] = []) throws {
        var model: OpaquePointer?
        let loaded = json.map { mechanist_model_from_json($0, &model) } ?? mechanist_model_load(path, &model)
        guard loaded == MECHANIST_OK else { throw RunError(lastError) }
        defer { mechanist_model_free(model) }
        for (name, value) in sets where mechanist_model_set(model, name, value) != MECHANIST_OK {
            throw RunError(lastError)
        }
        var exe: OpaquePointer?
        let status = withUnsafePointer(to: options ?? CExecutable.defaults) { mechanist_compile(model, $0, &exe) }
        guard status == MECHANIST_OK else { throw RunError(lastError) }
        pointer = exe
    }

    /// Takes ownership of an executable compiled elsewhere.
    init(compiled pointer: OpaquePointer?) { self.pointer = pointer }

    static var defaults: mechanist_compile_options {
        var options = mechanist_compile_options()
        mechanist_compile_options_init(&options)
        return options
    }

    func run(_ lists: [(node: String, values: [Double], entries: Int64)], trials: Int64 = -1) throws -> CResult {
        let inputs = CLists(lists)
        var result: OpaquePointer?
        let status = inputs.call { mechanist_run(pointer, inputs.count, $0, $1, $2, trials, &result) }
        guard status == MECHANIST_OK else { throw RunError(lastError) }
        return CResult(result)
    }

    func learn(_ lists: [(node: String, values: [Double], entries: Int64)],
               targets: [(node: String, values: [Double], entries: Int64)], epochs: Int64 = -1, trials: Int64 = -1,
               learningRate: Double = .nan) throws -> CResult {
        let inputs = CLists(lists)
        let targetLists = CLists(targets)
        var result: OpaquePointer?
        let status = inputs.call { names, values, entries in
            targetLists.call { tNames, tValues, tEntries in
                mechanist_learn(pointer, inputs.count, names, values, entries, targetLists.count, tNames, tValues,
                                tEntries, epochs, trials, learningRate, &result)
            }
        }
        guard status == MECHANIST_OK else { throw RunError(lastError) }
        return CResult(result)
    }

    func names(_ count: (OpaquePointer?, UnsafeMutablePointer<Int64>?) -> mechanist_status,
               _ name: (OpaquePointer?, Int64, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> mechanist_status)
        -> [String] {
        var n: Int64 = 0
        expectOK(count(pointer, &n))
        return (0..<n).map { i in
            var text: UnsafePointer<CChar>?
            expectOK(name(pointer, i, &text))
            return text.map { String(cString: $0) } ?? ""
        }
    }

    func weight(_ name: String) -> [Double] {
        var rows: Int64 = 0, columns: Int64 = 0
        expectOK(mechanist_weight_shape(pointer, name, &rows, &columns))
        var values = [Double](repeating: .nan, count: Int(rows * columns))
        expectOK(mechanist_weight_get(pointer, name, &values, Int64(values.count)))
        return values
    }

    func state(_ name: String) -> [Double] {
        var size: Int64 = 0
        expectOK(mechanist_state_size(pointer, name, &size))
        var values = [Double](repeating: .nan, count: Int(size))
        expectOK(mechanist_state_get(pointer, name, &values, size))
        return values
    }

    deinit { mechanist_executable_free(pointer) }
}

/// A result through the C API, read into Swift arrays (freed with the value).
final class CResult {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
    deinit { mechanist_result_free(pointer) }

    var trials: Int {
        var n: Int64 = 0
        expectOK(mechanist_result_trials(pointer, &n))
        return Int(n)
    }

    /// Every column: label, width, values (trials x width).
    var columns: [(label: String, width: Int, values: [Double])] {
        var n: Int64 = 0
        expectOK(mechanist_result_column_count(pointer, &n))
        let trials = self.trials
        return (0..<n).map { c in
            var label: UnsafePointer<CChar>?
            var width: Int64 = 0
            var values: UnsafePointer<Double>?
            expectOK(mechanist_result_column_label(pointer, c, &label))
            expectOK(mechanist_result_column_width(pointer, c, &width))
            expectOK(mechanist_result_column(pointer, c, &values))
            return (label.map { String(cString: $0) } ?? "", Int(width),
                    Array(UnsafeBufferPointer(start: values, count: trials * Int(width))))
        }
    }

    var resultCount: Int {
        var n: Int64 = 0
        expectOK(mechanist_result_result_count(pointer, &n))
        return Int(n)
    }

    /// Column `c` as the Swift API's per-trial vectors.
    func vectors(_ c: Int) -> [[Double]] {
        let column = columns[c]
        return (0..<trials).map { Array(column.values[($0 * column.width)..<(($0 + 1) * column.width)]) }
    }

    /// Every step-recorded port: label, and per trial its steps.
    var steps: [(label: String, trials: [[[Double]]])] {
        var n: Int64 = 0
        expectOK(mechanist_result_step_port_count(pointer, &n))
        let trials = self.trials
        return (0..<n).map { p in
            var label: UnsafePointer<CChar>?
            var width: Int64 = 0
            var offsets: UnsafePointer<Int64>?
            var values: UnsafePointer<Double>?
            expectOK(mechanist_result_step_port_label(pointer, p, &label))
            expectOK(mechanist_result_step_port_width(pointer, p, &width))
            expectOK(mechanist_result_step_port_values(pointer, p, &offsets, &values))
            let w = Int(width)
            let perTrial: [[[Double]]] = (0..<trials).map { t in
                guard let offsets, let values else { return [] }
                return (Int(offsets[t])..<Int(offsets[t + 1])).map { s in
                    Array(UnsafeBufferPointer(start: values + s * w, count: w))
                }
            }
            return (label.map { String(cString: $0) } ?? "", perTrial)
        }
    }

    var undecided: [(node: String, trials: [Int], reason: String)] {
        var n: Int64 = 0
        expectOK(mechanist_result_undecided_count(pointer, &n))
        return (0..<n).map { i in
            var node: UnsafePointer<CChar>?
            var reason: UnsafePointer<CChar>?
            var trials: UnsafePointer<Int64>?
            var count: Int64 = 0
            expectOK(mechanist_result_undecided(pointer, i, &node, &reason, &trials, &count))
            return (node.map { String(cString: $0) } ?? "",
                    UnsafeBufferPointer(start: trials, count: Int(count)).map { Int($0) },
                    reason.map { String(cString: $0) } ?? "")
        }
    }
}

/// Examples/stroop/inputs.json as C lists.
let stroopInputs: [(node: String, values: [Double], entries: Int64)] = [
    ("color_input", [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0], 6),
    ("word_input", [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1], 6),
    ("task_input", [1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1], 6),
]
