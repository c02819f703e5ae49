/// A named body of a `Program`: a list of ops the host runs at a given moment. Everything
/// that handles a Program (verifier, printer, passes, both executors) iterates `allCases`,
/// so adding an entry point is adding a case here and its line in `facts`, plus the host
/// call that runs it.
///
/// Order matters: it is the order of the printer's sections, of the verifier's walk and of
/// liveness's op numbering.
package enum EntryPoint: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Run when the program is created and on every reset, after parameters, weights and
    /// state are set to their `initial` values (e.g. RANDOM weight matrices).
    case initialization
    /// Run once at the start of every run, before its first trial (e.g. zeroing the
    /// trial-in-run counters of scheduler conditions).
    case runStart
    /// One trial of processing, run once per trial by `run`.
    case trial
    /// One trial of `learn`: the processing of `trial`, then the learning phase (Comparators,
    /// LearningMechanisms) and every weight change. Empty for a model without learning.
    case learnTrial

    /// Whether this body runs once per trial: before each run, the input buffers hold that
    /// trial's row of the host's inputs, and after it every output slot is recorded as that
    /// trial's row of outputs. Otherwise it runs once per call, with no input row (the
    /// verifier forbids reading input buffers there) and records nothing.
    package var isPerTrial: Bool { facts.isPerTrial }

    /// The suffix of the compiled C function's name: `<program>_<symbolSuffix>`.
    package var symbolSuffix: String { facts.symbolSuffix }

    /// The printer's title for this body's section.
    package var title: String { facts.title }

    /// Whether the printer shows this body's section when it has no ops. The initialization
    /// and the trial always show, so every dump has the same frame; the others only when used.
    package var printedWhenEmpty: Bool { facts.printedWhenEmpty }

    /// Whether codegen emits this body's function when it has no ops. The host calls the
    /// first three whatever the model; `learnTrial` only for a model with learning, so a
    /// model without learning compiles no learning loop (a function LLVM would optimize and
    /// code-generate for nothing).
    package var compiledWhenEmpty: Bool { facts.compiledWhenEmpty }

    package var description: String { rawValue }

    private struct Facts {
        var isPerTrial: Bool
        var symbolSuffix: String
        var title: String
        var printedWhenEmpty: Bool
        var compiledWhenEmpty: Bool
    }

    /// Every fact about each entry point, one line each.
    private var facts: Facts {
        switch self {
        case .initialization:
            return Facts(isPerTrial: false, symbolSuffix: "initialize", title: "initialization", printedWhenEmpty: true,
                         compiledWhenEmpty: true)
        case .runStart:
            return Facts(isPerTrial: false, symbolSuffix: "start_run", title: "run start", printedWhenEmpty: false,
                         compiledWhenEmpty: true)
        case .trial:
            return Facts(isPerTrial: true, symbolSuffix: "run", title: "trial", printedWhenEmpty: true,
                         compiledWhenEmpty: true)
        case .learnTrial:
            return Facts(isPerTrial: true, symbolSuffix: "learn", title: "learning trial", printedWhenEmpty: false,
                         compiledWhenEmpty: false)
        }
    }
}
