// swift-tools-version:6.0
import PackageDescription

// LLVM: llvm-14-dev by default. Another LLVM (15 or newer) is chosen without code changes by
// naming its prefix: `MECHANIST_LLVM_PREFIX=/usr/lib/llvm-19 swift build`.
let llvmPrefix = Context.environment["MECHANIST_LLVM_PREFIX"] ?? "/usr/lib/llvm-14"
let llvmInclude = ["-I", "\(llvmPrefix)/include"]
let llvmLink: [LinkerSetting] = [
    .unsafeFlags(["-L\(llvmPrefix)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(llvmPrefix)/lib"]),
    .linkedLibrary("LLVM"),
]
// Every target that imports a module that imports CLLVM needs the header path.
let llvmSwift: [SwiftSetting] = [.unsafeFlags(llvmInclude.flatMap { ["-Xcc", $0] })]

let package = Package(
    name: "Mechanist",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Mechanist", targets: ["Mechanist"]),
        .executable(name: "mechanist", targets: ["MechanistCLI"]),
        .executable(name: "mechanist-bench", targets: ["MechanistBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLLVM", path: "Sources/CLLVM"),
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
        .executableTarget(
            name: "MechanistCLI", dependencies: ["MechanistCommands"],
            swiftSettings: llvmSwift, linkerSettings: llvmLink),
        .executableTarget(
            name: "MechanistBenchmarks", dependencies: ["Mechanist", "MechanistModel"], path: "Benchmarks",
            exclude: ["psyneulink_side_by_side.py", "learning_side_by_side.py", "hebbian_side_by_side.py"],
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
