import CMechanist
import Mechanist
import MechanistIR
import MechanistModel

/// The per-node lists of a run's or learn's C arguments, in the Swift API's shape
/// (`[node: [entry][port][value]]`): entry e of node i is `values[i][e * width ..< (e + 1) * width]`,
/// split at the node's input ports (`portSizes`). `node(key)` says which Program node a key
/// feeds (nil for a key the model does not take: it is passed on with an empty list, for the
/// run's own message).
func nodeLists(_ handle: ExecutableHandle, count n: Int64, names: UnsafePointer<UnsafePointer<CChar>?>?,
               values: UnsafePointer<UnsafePointer<Double>?>?, entries: UnsafePointer<Int64>?, section: String,
               node: (String) -> String?) throws -> [String: [[[Double]]]] {
    let n = try count(n, "\(section)_count")
    guard n > 0 else { return [:] }
    guard let names, let values, let entries else {
        throw APIError.invalid("\(section): NULL names, values or entries with \(section)_count \(n)")
    }
    var lists: [String: [[[Double]]]] = [:]
    lists.reserveCapacity(n)
    for i in 0..<n {
        let key = try string(names[i], "\(section) names[\(i)]")
        guard lists[key] == nil else { throw APIError.invalid("\(section): '\(key)' given twice") }
        let entryCount = try count(entries[i], "\(section) entries[\(i)] ('\(key)')")
        guard let target = node(key), let sizes = handle.portSizes[target] else {
            lists[key] = []
            continue
        }
        let width = sizes.reduce(0, +)
        guard let base = values[i] else {
            if entryCount == 0 || width == 0 {
                lists[key] = Array(repeating: sizes.map { _ in [Double]() }, count: entryCount)
                continue
            }
            throw APIError.invalid("\(section) values[\(i)] ('\(key)'): NULL with \(entryCount) entries")
        }
        var list: [[[Double]]] = []
        list.reserveCapacity(entryCount)
        var start = base
        for _ in 0..<entryCount {
            var entry: [[Double]] = []
            entry.reserveCapacity(sizes.count)
            for size in sizes {
                entry.append(Array(UnsafeBufferPointer(start: start, count: size)))
                start += size
            }
            list.append(entry)
        }
        lists[key] = list
    }
    return lists
}

/// Refuses, as out of memory, a run or learn whose recorded values would not fit: `trials`, else
/// `epochs` (1 for a run) passes over the longest list given.
func checkSize(_ executable: Executable, trials: Int?, epochs: Int?, lists: [String: [[[Double]]]]...) throws {
    var planned = trials ?? 0
    if trials == nil {
        let longest = lists.flatMap { $0.values.map { $0.count } }.max() ?? 1
        let (product, overflow) = max(epochs ?? 1, 0).multipliedReportingOverflow(by: longest)
        guard !overflow else { return }   // learn says "too many trials" itself
        planned = product
    }
    guard planned >= 0 else { return }   // the run refuses a negative count itself
    do {
        try executable.checkRecordedSize(trials: planned)
    } catch let error as RunError {
        throw APIError(status: MECHANIST_OUT_OF_MEMORY, message: error.message)
    }
}

/// -1: not given; anything else is passed on (the run refuses other negative counts itself).
func optionalCount(_ value: Int64) -> Int? { value == -1 ? nil : Int(value) }

@_cdecl("mechanist_run")
public func mechanist_run(_ executable: OpaquePointer?, _ inputCount: Int64,
                          _ names: UnsafePointer<UnsafePointer<CChar>?>?,
                          _ values: UnsafePointer<UnsafePointer<Double>?>?, _ entries: UnsafePointer<Int64>?,
                          _ trials: Int64, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(out, "out")
        let executable = handle.executable
        let inputs = try nodeLists(handle, count: inputCount, names: names, values: values, entries: entries,
                                   section: "inputs") { handle.targetOfKey[$0] == nil ? $0 : nil }
        let trials = optionalCount(trials)
        try checkSize(executable, trials: trials, epochs: nil, lists: inputs)
        let raw = try executable.rawRun(inputs: inputs, trials: trials)
        out.pointee = ResultHandle(raw, of: executable, layout: handle.resultLayout).opaque
    }
}

@_cdecl("mechanist_learn")
public func mechanist_learn(_ executable: OpaquePointer?, _ inputCount: Int64,
                            _ names: UnsafePointer<UnsafePointer<CChar>?>?,
                            _ values: UnsafePointer<UnsafePointer<Double>?>?, _ entries: UnsafePointer<Int64>?,
                            _ targetCount: Int64, _ targetNames: UnsafePointer<UnsafePointer<CChar>?>?,
                            _ targetValues: UnsafePointer<UnsafePointer<Double>?>?,
                            _ targetEntries: UnsafePointer<Int64>?, _ epochs: Int64, _ trials: Int64,
                            _ learningRate: Double, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> mechanist_status {
    withStatus {
        let handle = try ExecutableHandle.from(executable, "executable")
        let out = try output(out, "out")
        let executable = handle.executable
        let inputs = try nodeLists(handle, count: inputCount, names: names, values: values, entries: entries,
                                   section: "inputs") { handle.targetOfKey[$0] == nil ? $0 : nil }
        let targets = try nodeLists(handle, count: targetCount, names: targetNames, values: targetValues,
                                    entries: targetEntries, section: "targets") { handle.targetOfKey[$0] }
        let epochs = optionalCount(epochs)
        let trials = optionalCount(trials)
        try checkSize(executable, trials: trials, epochs: epochs, lists: inputs, targets)
        let raw = try executable.rawLearn(inputs: inputs, targets: targets, epochs: epochs, trials: trials,
                                          learningRate: learningRate.isNaN ? nil : learningRate)
        out.pointee = ResultHandle(raw, of: executable, layout: handle.resultLayout).opaque
    }
}
