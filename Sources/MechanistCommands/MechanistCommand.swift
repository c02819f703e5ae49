import ArgumentParser

/// `mechanist`: compile and run PsyNeuLink-style cognitive models.
package struct MechanistCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "mechanist",
        abstract: "Compile PsyNeuLink-style cognitive models to native code through LLVM and run them.",
        discussion: """
            A model file (format 1, JSON) describes mechanisms joined by projections. Mechanist lowers it \
            to one IR, which an interpreter and LLVM-compiled code both execute; verify mode runs both and \
            compares every value after every trial.
            """,
        subcommands: [RunCommand.self, LearnCommand.self, CheckCommand.self, EmitCommand.self, GraphCommand.self,
                      ParametersCommand.self, SweepCommand.self, MergeCommand.self,
                      CompileCommand.self])

    package init() {}
}
