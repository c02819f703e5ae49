import CLLVM
import MechanistIR

/// What an ahead-of-time compiled library knows of its model besides its code: the sizes, the
/// initial arena images, the input and output slots and the buffers a caller reads and writes.
/// `ObjectFile.emitLibrary` writes them as the `aot_model` table of Runtime/aot/instance.h,
/// with the library's exported `<prefix>_*` functions, into an object of their own, so a
/// library needs no C compiled per model (the generic C is compiled once, with the runtime,
/// and cached).
package struct LibraryTables: Sendable {
    /// An input slot (offset within an input row) or an output slot (column within an output row).
    package struct Slot: Sendable {
        package var label: String
        package var offset: Int
        package var size: Int
        /// Outputs: 0 result, 1 recorded port, 2 undecided flag (the C ABI's numbering).
        package var kind: Int

        package init(label: String, offset: Int, size: Int, kind: Int) {
            self.label = label
            self.offset = offset
            self.size = size
            self.kind = kind
        }
    }

    package struct Buffer: Sendable {
        package var name: String
        package var offset: Int
        package var size: Int
        package var rows: Int
        package var columns: Int

        package init(name: String, offset: Int, size: Int, rows: Int, columns: Int) {
            self.name = name
            self.offset = offset
            self.size = size
            self.rows = rows
            self.columns = columns
        }
    }

    /// The prefix of every exported function (`<apiPrefix>_create`, ...).
    package var apiPrefix: String
    package var initialParams: [Double]
    package var initialState: [Double]
    package var scratchSize: Int
    package var inputWidth: Int
    package var outputWidth: Int
    package var inputs: [Slot]
    package var outputs: [Slot]
    /// Weights, parameters, state: the C ABI's buffer kinds 0, 1, 2.
    package var buffers: [[Buffer]]

    package init(apiPrefix: String, initialParams: [Double], initialState: [Double], scratchSize: Int,
                 inputWidth: Int, outputWidth: Int, inputs: [Slot], outputs: [Slot], buffers: [[Buffer]]) {
        self.apiPrefix = apiPrefix
        self.initialParams = initialParams
        self.initialState = initialState
        self.scratchSize = scratchSize
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.inputs = inputs
        self.outputs = outputs
        self.buffers = buffers
    }

    /// The C types of the API's signatures.
    enum CType { case void, int, int64, pointer }

    /// The exported functions: each `<apiPrefix>_<name>` calls `mechanist_aot_<name>` of
    /// Runtime/aot/instance.h with the model's table first and its own arguments after. The
    /// header (AheadOfTimeHeader.swift) documents them; a test calls every one.
    static let api: [(name: String, result: CType, parameters: [CType])] = [
        ("create", .pointer, []),
        ("destroy", .void, [.pointer]),
        ("reset", .int, [.pointer]),
        ("run", .int, [.pointer, .pointer, .int64, .int64, .pointer]),
        ("learn", .int, [.pointer, .pointer, .int64, .int64, .pointer]),
        ("input_count", .int64, []),
        ("input_name", .pointer, [.int64]),
        ("input_offset", .int64, [.int64]),
        ("input_size", .int64, [.int64]),
        ("output_count", .int64, []),
        ("output_name", .pointer, [.int64]),
        ("output_column", .int64, [.int64]),
        ("output_size", .int64, [.int64]),
        ("output_kind", .int, [.int64]),
        ("buffer_count", .int64, [.int]),
        ("buffer_name", .pointer, [.int, .int64]),
        ("buffer_size", .int64, [.int, .int64]),
        ("buffer_rows", .int64, [.int, .int64]),
        ("buffer_columns", .int64, [.int, .int64]),
        ("buffer_index", .int64, [.int, .pointer]),
        ("get", .int, [.pointer, .int, .int64, .pointer, .int64]),
        ("set", .int, [.pointer, .int, .int64, .pointer, .int64]),
        ("get_initial", .int, [.int, .int64, .pointer, .int64]),
    ]
}

/// Writes a library's tables and API into a module.
struct LibraryTablesEmitter {
    let tables: LibraryTables
    let module: LLVMModuleRef
    let context: LLVMContextRef
    private let i32: LLVMTypeRef
    private let i64: LLVMTypeRef
    private let void: LLVMTypeRef
    /// `i8*`: every pointer of the tables and the API (LLVM 14's pointers are typed; the C
    /// ABI passes all data and function pointers alike on the targets LLVM emits for here).
    private let pointer: LLVMTypeRef
    private let littleEndian: Bool

    init(_ tables: LibraryTables, module: LLVMModuleRef) throws(LLVMError) {
        self.tables = tables
        self.module = module
        guard let context = LLVMGetModuleContext(module), let i32 = LLVMInt32TypeInContext(context),
              let i64 = LLVMInt64TypeInContext(context), let void = LLVMVoidTypeInContext(context),
              let pointer = LLVMPointerType(LLVMInt8TypeInContext(context), 0),
              let layout = LLVMGetModuleDataLayout(module) else {
            throw LLVMError(stage: .codegen, message: "LLVM could not build the library's types")
        }
        self.context = context
        self.i32 = i32
        self.i64 = i64
        self.void = void
        self.pointer = pointer
        littleEndian = LLVMByteOrder(layout) == LLVMLittleEndian
    }

    /// The `aot_model` table (private) and the exported functions over it. The compiled entry
    /// points are declared by name (hidden: defined in the model's object); `learn` nil for a
    /// model without learning.
    func emit(entryPoints names: (initialize: String, startRun: String, run: String, learn: String?)) throws(LLVMError) {
        let once = try functionType(void, [pointer, pointer, pointer])
        let loop = try functionType(void, [pointer, pointer, pointer, i64, pointer, pointer, i64])
        func entryPoint(_ name: String, _ type: LLVMTypeRef) throws(LLVMError) -> LLVMValueRef {
            let function = try made(LLVMAddFunction(module, name, type), name)
            LLVMSetVisibility(function, LLVMHiddenVisibility)
            return function
        }
        let initialize = try entryPoint(names.initialize, once)
        let startRun = try entryPoint(names.startRun, once)
        let run = try entryPoint(names.run, loop)
        let learn = try names.learn.map { name throws(LLVMError) in try entryPoint(name, loop) }
        let slot = try structType([pointer, i64, i64, i32])
        let buffer = try structType([pointer, i64, i64, i64, i64])
        func slotTable(_ name: String, _ slots: [LibraryTables.Slot]) throws(LLVMError) -> LLVMValueRef {
            var rows: [LLVMValueRef] = []
            for s in slots {
                rows.append(try constStruct([try string(s.label), try int(s.offset), try int(s.size),
                                             try made(LLVMConstInt(i32, UInt64(s.kind), 0), "a slot kind")]))
            }
            return try table(name, element: slot, rows)
        }
        var bufferTables: [LLVMValueRef] = []
        for (kind, list) in tables.buffers.enumerated() {
            var rows: [LLVMValueRef] = []
            for b in list {
                rows.append(try constStruct([try string(b.name), try int(b.offset), try int(b.size), try int(b.rows),
                                             try int(b.columns)]))
            }
            bufferTables.append(try table("mechanist.aot.buffers.\(kind)", element: buffer, rows))
        }
        let null = try made(LLVMConstPointerNull(pointer), "NULL")
        var bufferCounts: [LLVMValueRef] = []
        for list in tables.buffers { bufferCounts.append(try int(list.count)) }
        let fields: [LLVMValueRef] = [
            try int(tables.initialParams.count), try int(tables.initialState.count), try int(tables.scratchSize),
            try int(tables.inputWidth), try int(tables.outputWidth),
            try image("mechanist.aot.initial_params", tables.initialParams),
            try image("mechanist.aot.initial_state", tables.initialState),
            try cast(initialize), try cast(startRun), try cast(run),
            try learn.map { f throws(LLVMError) in try cast(f) } ?? null,
            try int(tables.inputs.count), try int(tables.outputs.count),
            try slotTable("mechanist.aot.inputs", tables.inputs), try slotTable("mechanist.aot.outputs", tables.outputs),
            try constArray(i64, bufferCounts), try constArray(pointer, bufferTables),
        ]
        let model = try cast(try global("mechanist.aot.model", try constStruct(fields)))

        let builder = BuilderOwner(in: context)
        for entry in LibraryTables.api {
            let parameters = entry.parameters.map(type)
            var generic: [LLVMTypeRef?] = [pointer] + parameters
            let genericType = try made(LLVMFunctionType(type(entry.result), &generic, UInt32(generic.count), 0),
                                       "the type of mechanist_aot_\(entry.name)")
            let callee = try made(LLVMAddFunction(module, "mechanist_aot_\(entry.name)", genericType),
                                  "mechanist_aot_\(entry.name)")
            // Defined hidden in the runtime object: a direct call, never through the PLT.
            LLVMSetVisibility(callee, LLVMHiddenVisibility)
            var own: [LLVMTypeRef?] = parameters
            let name = "\(tables.apiPrefix)_\(entry.name)"
            let wrapperType = try made(LLVMFunctionType(type(entry.result), &own, UInt32(own.count), 0),
                                       "the type of \(name)")
            let wrapper = try made(LLVMAddFunction(module, name, wrapperType), name)
            // No unwind tables: a jump needs none.
            attributes(["nounwind"], wrapper)
            LLVMPositionBuilderAtEnd(builder.builder, LLVMAppendBasicBlockInContext(context, wrapper, "entry"))
            var arguments: [LLVMValueRef?] = [model] + (0..<own.count).map { LLVMGetParam(wrapper, UInt32($0)) }
            let call = try made(LLVMBuildCall2(builder.builder, genericType, callee, &arguments,
                                               UInt32(arguments.count), ""), "the call in \(name)")
            // A tail call: the wrapper compiles to one jump.
            LLVMSetTailCall(call, 1)
            if entry.result == .void { LLVMBuildRetVoid(builder.builder) } else { LLVMBuildRet(builder.builder, call) }
        }
    }

    private func attributes(_ names: [String], _ function: LLVMValueRef) {
        for name in names {
            let kind = LLVMGetEnumAttributeKindForName(name, name.utf8.count)
            if kind != 0, let attribute = LLVMCreateEnumAttribute(context, kind, 0) {
                LLVMAddAttributeAtIndex(function, LLVMAttributeIndex.max, attribute)  // the function index (~0U)
            }
        }
    }

    private func made<T>(_ value: T?, _ what: String) throws(LLVMError) -> T {
        guard let value else { throw LLVMError(stage: .codegen, message: "LLVM could not build \(what) of the library") }
        return value
    }

    private func type(_ c: LibraryTables.CType) -> LLVMTypeRef {
        switch c {
        case .void: void
        case .int: i32
        case .int64: i64
        case .pointer: pointer
        }
    }

    private func functionType(_ result: LLVMTypeRef, _ parameters: [LLVMTypeRef]) throws(LLVMError) -> LLVMTypeRef {
        var parameters: [LLVMTypeRef?] = parameters
        return try made(LLVMFunctionType(result, &parameters, UInt32(parameters.count), 0), "a function type")
    }

    private func structType(_ fields: [LLVMTypeRef]) throws(LLVMError) -> LLVMTypeRef {
        var fields: [LLVMTypeRef?] = fields
        return try made(LLVMStructTypeInContext(context, &fields, UInt32(fields.count), 0), "a table type")
    }

    private func constStruct(_ values: [LLVMValueRef]) throws(LLVMError) -> LLVMValueRef {
        var values: [LLVMValueRef?] = values
        return try made(LLVMConstStructInContext(context, &values, UInt32(values.count), 0), "a table row")
    }

    private func constArray(_ element: LLVMTypeRef, _ values: [LLVMValueRef]) throws(LLVMError) -> LLVMValueRef {
        var values: [LLVMValueRef?] = values
        return try made(LLVMConstArray(element, &values, UInt32(values.count)), "a table")
    }

    private func int(_ value: Int) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMConstInt(i64, UInt64(bitPattern: Int64(value)), 1), "an integer")
    }

    private func cast(_ value: LLVMValueRef) throws(LLVMError) -> LLVMValueRef {
        try made(LLVMConstBitCast(value, pointer), "an address")
    }

    /// A private constant: no symbol in the object, so two models' objects never clash.
    private func global(_ name: String, _ value: LLVMValueRef, alignment: UInt32 = 0) throws(LLVMError) -> LLVMValueRef {
        let global = try made(LLVMAddGlobal(module, LLVMTypeOf(value), name), name)
        LLVMSetInitializer(global, value)
        LLVMSetGlobalConstant(global, 1)
        LLVMSetLinkage(global, LLVMPrivateLinkage)
        if alignment > 0 { LLVMSetAlignment(global, alignment) }
        return global
    }

    /// An array of structs as an `i8*` to its first element, NULL when empty (as the C ABI has it).
    private func table(_ name: String, element: LLVMTypeRef, _ rows: [LLVMValueRef]) throws(LLVMError) -> LLVMValueRef {
        if rows.isEmpty { return try made(LLVMConstPointerNull(pointer), "NULL") }
        return try cast(try global(name, try constArray(element, rows)))
    }

    /// A NUL-terminated string as an `i8*`.
    private func string(_ text: String) throws(LLVMError) -> LLVMValueRef {
        let bytes = text.utf8.map { CChar(bitPattern: $0) }
        let value = try made(bytes.withUnsafeBufferPointer {
            LLVMConstStringInContext(context, $0.baseAddress, UInt32($0.count), 0)
        }, "the name \(text)")
        let global = try global("mechanist.aot.name", value)
        LLVMSetUnnamedAddress(global, LLVMGlobalUnnamedAddr)
        return try cast(global)
    }

    /// An arena image: the doubles' bit patterns as bytes in the target's order (exact for
    /// every double, NaN payloads included), 8-aligned; one 0 when empty, as an arena has at
    /// least one element. One byte string, not a constant per value: a million weights cost
    /// one copy.
    private func image(_ name: String, _ values: [Double]) throws(LLVMError) -> LLVMValueRef {
        let words = (values.isEmpty ? [0] : values).map {
            littleEndian ? $0.bitPattern.littleEndian : $0.bitPattern.bigEndian
        }
        let value = try made(words.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: CChar.self) {
                LLVMConstStringInContext(context, $0.baseAddress, UInt32($0.count), 1)
            }
        }, "the image \(name)")
        return try cast(try global(name, value, alignment: 8))
    }
}

