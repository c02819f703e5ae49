import ArgumentParser
import Foundation
import Mechanist

/// `--set NAME=VALUE`, `--seed N`, `--specialize`: parameters from the command line, applied to
/// the model before it compiles, so a run is the run of a model file with those values.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set a numeric parameter, NAME=VALUE (repeatable): lca.leak=0.3, hidden.function.gain=2, "
            + "input_to_hidden.matrix[0][2]=0.5, hidden.integration_rate[1]=0.2.",
        discussion: "List the names and current values with `mechanist parameters MODEL`.",
        valueName: "name=value"))
    var set: [String] = []

    @Option(name: .long, help: "The model's seed (every RANDOM matrix and noise stream), instead of the file's.")
    var seed: Int?

    /// The model with `--seed` and every `--set` applied, in order.
    func apply(to model: Model) throws -> Model {
        var model = model
        if let seed {
            do {
                model = try model.setting("seed", to: Double(seed))
            } catch {
                throw CommandError("--seed \(seed): \(Self.message(of: error))")
            }
        }
        for assignment in set {
            let (name, value) = try Self.parse(assignment)
            do {
                model = try model.setting(name, to: value)
            } catch {
                // A value the model cannot take (e.g. a negative time_step_size) is a model
                // error at the field's path: say which --set made it.
                throw CommandError("--set \(assignment): \(Self.message(of: error))")
            }
        }
        return model
    }

    private static func message(of error: any Error) -> String {
        (error as? ParameterError)?.message ?? String(describing: error)
    }

    /// `NAME=VALUE` split, VALUE a finite number.
    static func parse(_ assignment: String) throws -> (String, Double) {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw CommandError("--set \(assignment): expected NAME=VALUE, e.g. --set lca.leak=0.3; "
                                  + "list the names with `mechanist parameters MODEL`")
        }
        let name = String(assignment[..<eq])
        let text = assignment[assignment.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite else {
            throw CommandError("--set \(assignment): \"\(text)\" is not a finite number; expected NAME=VALUE, "
                                  + "e.g. --set \(name)=0.5")
        }
        return (name, value)
    }
}

/// `mechanist parameters MODEL`: every settable parameter with its current value.
struct ParametersCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "parameters",
        abstract: "List every numeric parameter --set can change, with its current value.",
        discussion: """
            A name is the node's (or projection's) name followed by the field's path in the model file: \
            lca.leak, lca.noise.standard_deviation, hidden.function.gain, hidden.integration_rate, \
            input_to_hidden.matrix[0][2]; a vector's elements are name[i]. The model's own: seed, \
            learning_rate. Fields with a default are listed with it; a threshold, clip or noise only when \
            the file gives one. In Swift: Model.parameters, Executable.parameterNames / setParameter.
            """)

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @OptionGroup var parameters: ParameterOptions

    func execute(_ console: inout Console) throws {
        let model = try parameters.apply(to: try Model.load(path: model))
        for p in try model.parameters { console.print("\(p.name) = \(Self.format(p.value))") }
    }

    /// A whole number without a fraction (`seed = 2024`), any other as Swift prints it.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
