import CMechanist
import Foundation
import Glibc
import Mechanist
import MechanistModel

/// A handle is a retained Swift object behind an opaque C pointer: `_free` releases it.
protocol Handle: AnyObject {}

extension Handle {
    var opaque: OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    /// The object behind a handle argument (not retained: the caller owns it for the call). A
    /// handle of another kind (a result passed for an executable) is refused, not trusted.
    static func from(_ pointer: OpaquePointer?, _ what: String = "handle") throws -> Self {
        guard let pointer else { throw APIError.invalid("\(what): NULL handle") }
        let object = Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
        guard let handle = object as? Self else {
            throw APIError.invalid("\(what): a handle of another kind; expected a mechanist_\(what)")
        }
        return handle
    }

    static func release(_ pointer: OpaquePointer?) {
        guard let pointer else { return }
        Unmanaged<Self>.fromOpaque(UnsafeRawPointer(pointer)).release()
    }
}

/// C strings owned by a handle: valid as long as it lives.
final class CStrings {
    private(set) var pointers: [UnsafeMutablePointer<CChar>]

    init(_ strings: [String]) throws {
        pointers = []
        pointers.reserveCapacity(strings.count)
        for string in strings {
            guard let copy = strdup(string) else {
                throw APIError(status: MECHANIST_OUT_OF_MEMORY, message: "out of memory copying '\(string)'")
            }
            pointers.append(copy)
        }
    }

    var count: Int { pointers.count }
    subscript(i: Int) -> UnsafePointer<CChar> { UnsafePointer(pointers[i]) }

    deinit { pointers.forEach { free($0) } }
}

/// Numbers handed to C at a stable address (a Swift array's storage is not promised to stay
/// put); only for trivial types (Double, Int64), so nothing needs deinitializing.
final class CBuffer<Element> {
    let pointer: UnsafeMutableBufferPointer<Element>

    init(count: Int, zero: Element) {
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: zero)
    }

    init(_ values: [Element]) {
        pointer = .allocate(capacity: max(values.count, 1))
        _ = pointer.initialize(from: values)
    }

    var base: UnsafePointer<Element>? { UnsafePointer(pointer.baseAddress) }

    deinit { pointer.deallocate() }
}

/// `mechanist_model`: a validated model, changed by `mechanist_model_set`.
final class ModelHandle: Handle {
    var model: Model
    /// The file it came from, which compile errors name (as the CLI's do).
    let path: String?
    init(_ model: Model, path: String? = nil) {
        self.model = model
        self.path = path
    }
}

/// `mechanist_executable`: a compiled model, and the C strings of its names, made on first use.
final class ExecutableHandle: Handle {
    let executable: Executable
    /// The INPUT nodes `run` takes, and the TARGET nodes `learn` takes, with their widths.
    let inputs: [(node: String, width: Int)]
    let targets: [(node: String, width: Int)]
    /// Per INPUT or TARGET node, its input ports' sizes, in port order: how an entry's flat
    /// values split into the Swift API's vectors.
    let portSizes: [String: [Int]]
    /// The TARGET node each accepted `targets` key names (its aliases and its own name).
    let targetOfKey: [String: String]
    let inputNames: CStrings
    let targetNames: CStrings
    /// What every result of this executable holds, made once (results share them):
    /// `ResultHandle.Layout`.
    let resultLayout: ResultHandle.Layout
    private let lock = NSLock()
    private var names: [NameList: CStrings] = [:]

    enum NameList { case weights, parameters, state, inputSlots, outputSlots }

    init(_ executable: Executable) throws {
        self.executable = executable
        let program = executable.program
        var own: [String] = []
        for slot in program.inputs where !own.contains(slot.node)
            && !executable.learning.targets.contains(where: { $0.node == slot.node }) {
            own.append(slot.node)
        }
        func width(_ node: String) -> Int {
            program.inputs.filter { $0.node == node }.reduce(0) { $0 + program[$1.buffer].count }
        }
        inputs = own.map { ($0, width($0)) }
        portSizes = program.inputs.reduce(into: [:]) { $0[$1.node, default: []].append(program[$1.buffer].count) }
        var targetOfKey: [String: String] = [:]
        for target in executable.learning.targets {
            for key in target.aliases + [target.node] where targetOfKey[key] == nil { targetOfKey[key] = target.node }
        }
        self.targetOfKey = targetOfKey
        targets = executable.learning.targets.map { ($0.node, width($0.node)) }
        inputNames = try CStrings(inputs.map(\.node))
        targetNames = try CStrings(targets.map(\.node))
        resultLayout = try ResultHandle.Layout(executable)
    }

    /// The C strings of a list of names (made once, under a lock: name accessors only read).
    func names(_ list: NameList) throws -> CStrings {
        lock.lock()
        defer { lock.unlock() }
        if let made = names[list] { return made }
        let strings: [String]
        switch list {
        case .weights: strings = executable.weightNames
        case .parameters: strings = executable.parameterNames
        case .state: strings = executable.stateNames
        case .inputSlots: strings = executable.inputSlots.map(\.label)
        case .outputSlots: strings = executable.outputSlots.map(\.label)
        }
        let made = try CStrings(strings)
        names[list] = made
        return made
    }
}
