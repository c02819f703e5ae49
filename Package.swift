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
        llvmTarget,
        .target(name: "MechanistRuntime", path: "Runtime"),
        .target(name: "MechanistIR"),
        .target(name: "MechanistModel", dependencies: ["MechanistIR"]),
        .target(name: "MechanistPasses", dependencies: ["MechanistIR"]),
        .target(name: "MechanistInterpreter", dependencies: ["MechanistIR", "MechanistRuntime"]),
        .target(
            name: "MechanistLLVM",
            dependencies: ["MechanistIR", "CLLVM", "MechanistRuntime"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .target(
            name: "Mechanist",
            dependencies: ["MechanistIR", "MechanistModel", "MechanistPasses",
                           "MechanistInterpreter", "MechanistLLVM"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .target(
            name: "MechanistCommands",
            dependencies: ["Mechanist", "MechanistIR", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .target(name: "CMechanist"),
        .target(
            name: "MechanistCAPI", dependencies: ["CMechanist", "Mechanist", "MechanistIR", "MechanistModel"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .executableTarget(
            name: "MechanistCLI", dependencies: ["MechanistCommands"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .executableTarget(
            name: "MechanistBenchmarks", dependencies: ["Mechanist", "MechanistModel"], path: "Benchmarks",
            exclude: ["psyneulink_side_by_side.py", "learning_side_by_side.py", "hebbian_side_by_side.py", "python_overhead.py"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .testTarget(name: "MechanistPassesTests", dependencies: ["MechanistIR", "MechanistPasses", "MechanistInterpreter"]),
        .testTarget(name: "MechanistModelTests", dependencies: ["MechanistIR", "MechanistModel", "MechanistInterpreter"]),
        .testTarget(
            name: "MechanistLLVMTests",
            dependencies: ["MechanistIR", "MechanistLLVM", "MechanistInterpreter", "MechanistPasses"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .testTarget(
            name: "MechanistTests",
            dependencies: ["Mechanist", "MechanistCommands", "MechanistIR", "MechanistModel",
                           "MechanistPasses", "MechanistInterpreter", "MechanistLLVM"],
            resources: [.copy("Fixtures")],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .testTarget(
            name: "MechanistCAPITests", dependencies: ["MechanistCAPI", "Mechanist", "MechanistModel"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
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
