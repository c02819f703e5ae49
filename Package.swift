// swift-tools-version:6.0
import PackageDescription

// LLVM: Debian's llvm-14-dev by default, found with no flags, so that the package works as a
// versioned dependency (SwiftPM refuses unsafeFlags there): the C target CLLVM's include/ holds
// links to /usr/include/llvm-c-14 and /usr/include/llvm-14/llvm/Config, and libLLVM-14.so is in
// the default library path. Another LLVM (15 or newer) is chosen without code changes by naming
// its prefix: `MECHANIST_LLVM_PREFIX=/usr/lib/llvm-19 swift build`; that needs unsafeFlags, so it
// works only where Mechanist is the root package.
let llvmPrefix = Context.environment["MECHANIST_LLVM_PREFIX"].flatMap { $0.isEmpty ? nil : $0 }
let llvmTarget: Target = llvmPrefix == nil
    ? .target(name: "CLLVM", linkerSettings: [.linkedLibrary("LLVM-14")])
    : .systemLibrary(name: "CLLVM", path: "Sources/CLLVMPrefix")
let llvmLink: [LinkerSetting] = llvmPrefix.map { prefix in [
    .unsafeFlags(["-L\(prefix)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(prefix)/lib"]),
    .linkedLibrary("LLVM"),
] } ?? []
// `MECHANIST_LLVM_STATIC=1 swift build -c release` links LLVM 14's static libraries instead of
// libLLVM-14.so, and the executables without PIE. libLLVM-14.so carries 335,000 relative
// relocations that the loader applies, page by page, at every start; LLVM inside a non-PIE
// executable needs none. Measured 2026-11-29 (medians of 31): `mechanist --help` 19 ms instead
// of 33, `mechanist compile` of Stroop 87 ms instead of 112 (a static but PIE executable: 30 and
// 109 ms). Root package only (unsafeFlags); the list is LLVM 14's (`llvm-config-14 --link-static
// --libs orcjit native passes ipo vectorize instcombine scalaropts transformutils analysis target
// mc object core support all-targets`, then `--system-libs`).
let llvmStatic = Context.environment["MECHANIST_LLVM_STATIC"] == "1" && llvmPrefix == nil
let llvmStaticLibraries = [
    "LLVMM68kDisassembler", "LLVMM68kAsmParser", "LLVMM68kCodeGen", "LLVMM68kDesc", "LLVMM68kInfo",
    "LLVMXCoreDisassembler", "LLVMXCoreCodeGen", "LLVMXCoreDesc", "LLVMXCoreInfo",
    "LLVMWebAssemblyDisassembler", "LLVMWebAssemblyAsmParser", "LLVMWebAssemblyCodeGen",
    "LLVMWebAssemblyDesc", "LLVMWebAssemblyUtils", "LLVMWebAssemblyInfo", "LLVMVEDisassembler",
    "LLVMVEAsmParser", "LLVMVECodeGen", "LLVMVEDesc", "LLVMVEInfo", "LLVMSystemZDisassembler",
    "LLVMSystemZAsmParser", "LLVMSystemZCodeGen", "LLVMSystemZDesc", "LLVMSystemZInfo",
    "LLVMSparcDisassembler", "LLVMSparcAsmParser", "LLVMSparcCodeGen", "LLVMSparcDesc",
    "LLVMSparcInfo", "LLVMRISCVDisassembler", "LLVMRISCVAsmParser", "LLVMRISCVCodeGen",
    "LLVMRISCVDesc", "LLVMRISCVInfo", "LLVMPowerPCDisassembler", "LLVMPowerPCAsmParser",
    "LLVMPowerPCCodeGen", "LLVMPowerPCDesc", "LLVMPowerPCInfo", "LLVMNVPTXCodeGen",
    "LLVMNVPTXDesc", "LLVMNVPTXInfo", "LLVMMSP430Disassembler", "LLVMMSP430AsmParser",
    "LLVMMSP430CodeGen", "LLVMMSP430Desc", "LLVMMSP430Info", "LLVMMipsDisassembler",
    "LLVMMipsAsmParser", "LLVMMipsCodeGen", "LLVMMipsDesc", "LLVMMipsInfo",
    "LLVMLanaiDisassembler", "LLVMLanaiCodeGen", "LLVMLanaiAsmParser", "LLVMLanaiDesc",
    "LLVMLanaiInfo", "LLVMHexagonDisassembler", "LLVMHexagonCodeGen", "LLVMHexagonAsmParser",
    "LLVMHexagonDesc", "LLVMHexagonInfo", "LLVMBPFDisassembler", "LLVMBPFAsmParser",
    "LLVMBPFCodeGen", "LLVMBPFDesc", "LLVMBPFInfo", "LLVMAVRDisassembler", "LLVMAVRAsmParser",
    "LLVMAVRCodeGen", "LLVMAVRDesc", "LLVMAVRInfo", "LLVMARMDisassembler", "LLVMARMAsmParser",
    "LLVMARMCodeGen", "LLVMARMDesc", "LLVMARMUtils", "LLVMARMInfo", "LLVMAMDGPUTargetMCA",
    "LLVMAMDGPUDisassembler", "LLVMAMDGPUAsmParser", "LLVMAMDGPUCodeGen", "LLVMMIRParser",
    "LLVMAMDGPUDesc", "LLVMAMDGPUUtils", "LLVMAMDGPUInfo", "LLVMAArch64Disassembler",
    "LLVMAArch64AsmParser", "LLVMAArch64CodeGen", "LLVMAArch64Desc", "LLVMAArch64Utils",
    "LLVMAArch64Info", "LLVMX86TargetMCA", "LLVMMCA", "LLVMX86Disassembler", "LLVMX86AsmParser",
    "LLVMX86CodeGen", "LLVMCFGuard", "LLVMGlobalISel", "LLVMX86Desc", "LLVMX86Info",
    "LLVMSelectionDAG", "LLVMAsmPrinter", "LLVMDebugInfoMSF", "LLVMCodeGen", "LLVMOrcJIT",
    "LLVMPasses", "LLVMObjCARCOpts", "LLVMCoroutines", "LLVMipo", "LLVMInstrumentation",
    "LLVMVectorize", "LLVMLinker", "LLVMIRReader", "LLVMAsmParser", "LLVMFrontendOpenMP",
    "LLVMScalarOpts", "LLVMInstCombine", "LLVMBitWriter", "LLVMAggressiveInstCombine",
    "LLVMTransformUtils", "LLVMMCDisassembler", "LLVMJITLink", "LLVMExecutionEngine", "LLVMTarget",
    "LLVMAnalysis", "LLVMProfileData", "LLVMDebugInfoDWARF", "LLVMRuntimeDyld",
    "LLVMOrcTargetProcess", "LLVMOrcShared", "LLVMObject", "LLVMTextAPI", "LLVMMCParser",
    "LLVMBitReader", "LLVMMC", "LLVMDebugInfoCodeView", "LLVMCore", "LLVMRemarks",
    "LLVMBitstreamReader", "LLVMBinaryFormat", "LLVMSupport", "LLVMDemangle",
]
let llvmStaticLink: [LinkerSetting] = [.unsafeFlags(["-L/usr/lib/llvm-14/lib"])]
    + (llvmStaticLibraries + ["rt", "dl", "m", "z3", "z", "tinfo", "xml2", "stdc++"]).map { .linkedLibrary($0) }
let llvmTargetLinked: Target = llvmStatic ? .target(name: "CLLVM") : llvmTarget
let llvmLinkAll: [LinkerSetting] = llvmStatic ? llvmStaticLink : llvmLink
// Executables only: a shared library (libMechanistC.so) must stay position-independent. Release
// only: a debug build's unoptimized code takes the addresses of libswiftCore's protected
// functions, which a non-PIE executable cannot do without the loader warning at every start.
let executableLink: [LinkerSetting] = llvmLinkAll
    + (llvmStatic ? [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(configuration: .release))] : [])
// With a prefix, every target that imports a module that imports CLLVM needs the header path.
let llvmSwift: [SwiftSetting] = llvmPrefix.map { [.unsafeFlags(["-Xcc", "-I\($0)/include"])] } ?? []

let package = Package(
    name: "Mechanist",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Mechanist", targets: ["Mechanist"]),
        .executable(name: "mechanist", targets: ["MechanistCLI"]),
        .executable(name: "mechanist-bench", targets: ["MechanistBenchmarks"]),
        // The C API (docs/C_API.md): libMechanistC.so, its header Sources/CMechanist/include/mechanist.h.
        .library(name: "MechanistC", type: .dynamic, targets: ["MechanistCAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        llvmTargetLinked,
        .target(name: "MechanistRuntime", path: "Runtime"),
        .target(name: "MechanistIR"),
        .target(name: "MechanistModel", dependencies: ["MechanistIR"]),
        .target(name: "MechanistPasses", dependencies: ["MechanistIR"]),
        .target(name: "MechanistInterpreter", dependencies: ["MechanistIR", "MechanistRuntime"]),
        .target(
            name: "MechanistLLVM",
            dependencies: ["MechanistIR", "CLLVM", "MechanistRuntime"],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .target(
            name: "Mechanist",
            dependencies: ["MechanistIR", "MechanistModel", "MechanistPasses",
                           "MechanistInterpreter", "MechanistLLVM"],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .target(
            name: "MechanistCommands",
            dependencies: ["Mechanist", "MechanistIR", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .target(name: "CMechanist"),
        .target(
            name: "MechanistCAPI", dependencies: ["CMechanist", "Mechanist", "MechanistIR", "MechanistModel"],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .executableTarget(
            name: "MechanistCLI", dependencies: ["MechanistCommands"],
            swiftSettings: llvmSwift, linkerSettings: executableLink),
        .executableTarget(
            name: "MechanistBenchmarks", dependencies: ["Mechanist", "MechanistIR", "MechanistModel"], path: "Benchmarks",
            exclude: ["psyneulink_side_by_side.py", "learning_side_by_side.py", "hebbian_side_by_side.py", "python_overhead.py"],
            swiftSettings: llvmSwift, linkerSettings: executableLink),
        .testTarget(name: "MechanistPassesTests", dependencies: ["MechanistIR", "MechanistPasses", "MechanistInterpreter"]),
        .testTarget(name: "MechanistModelTests", dependencies: ["MechanistIR", "MechanistModel", "MechanistInterpreter"]),
        .testTarget(
            name: "MechanistLLVMTests",
            dependencies: ["MechanistIR", "MechanistLLVM", "MechanistInterpreter", "MechanistPasses"],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .testTarget(
            name: "MechanistTests",
            dependencies: ["Mechanist", "MechanistCommands", "MechanistIR", "MechanistModel",
                           "MechanistPasses", "MechanistInterpreter", "MechanistLLVM"],
            resources: [.copy("Fixtures")],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
        .testTarget(
            name: "MechanistCAPITests", dependencies: ["MechanistCAPI", "Mechanist", "MechanistModel"],
            swiftSettings: llvmSwift, linkerSettings: llvmLinkAll),
    ]
)

// Ahead-of-time compilation (`mechanist compile`): a build-tool plugin embeds the runtime's C
// sources (Runtime/) into MechanistAOTSources, which the library builds libraries from.
package.targets += [
    .executableTarget(name: "EmbedRuntimeSourcesTool", path: "Plugins/EmbedRuntimeSourcesTool"),
    .plugin(name: "EmbedRuntimeSources", capability: .buildTool(), dependencies: ["EmbedRuntimeSourcesTool"]),
    .target(name: "MechanistAOTSources", plugins: ["EmbedRuntimeSources"]),
]
package.targets.first { $0.name == "Mechanist" }?.dependencies.append("MechanistAOTSources")
