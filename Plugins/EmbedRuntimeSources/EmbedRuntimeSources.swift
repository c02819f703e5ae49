import Foundation
import PackagePlugin

/// Embeds the runtime's C sources (Runtime/random.c, its header, and the ahead-of-time glue in
/// Runtime/aot) into a generated Swift file of the target it is applied to, so the `mechanist`
/// binary carries them and `mechanist compile` builds libraries from the one copy the JIT's
/// runtime is compiled from. Offline, and from the package's own directory, so it works the
/// same when Mechanist is another package's dependency.
@main
struct EmbedRuntimeSources: BuildToolPlugin {
    /// The embedded files, relative to Runtime/, under the names the library build uses.
    static let files = [
        ("random.c", "random.c"),
        ("MechanistRuntime.h", "include/MechanistRuntime.h"),
        ("instance.h", "aot/instance.h"),
        ("freestanding/stdlib.h", "aot/freestanding/stdlib.h"),
        ("freestanding/string.h", "aot/freestanding/string.h"),
        ("freestanding/math.h", "aot/freestanding/math.h"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let runtime = context.package.directoryURL.appending(path: "Runtime")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuntimeSources.swift")
        let inputs = Self.files.map { runtime.appending(path: $0.1) }
        var arguments = [output.path]
        for ((name, _), input) in zip(Self.files, inputs) { arguments += [name, input.path] }
        return [.buildCommand(displayName: "Embedding the Mechanist runtime's C sources",
                              executable: try context.tool(named: "EmbedRuntimeSourcesTool").url,
                              arguments: arguments, inputFiles: inputs, outputFiles: [output])]
    }
}
