/// PsyNeuLink's effective settings of a TransferMechanism-family node (TransferMechanism,
/// ProcessingMechanism, RecurrentTransferMechanism, LCAMechanism), defaults applied: what one
/// execution integrates, and when the node is finished.
struct TransferSettings {
    /// How the function's input is computed from the port values.
    enum Integrator: Hashable {
        /// `x + noise` (integrator_mode false).
        case none
        /// AdaptiveIntegrator: `(1 - rate) * v + rate * x + noise`.
        case adaptive(rate: ParameterValue)
        /// LeakyCompetingIntegrator: `v + (-leak * v + x) * dt + noise * sqrt(dt)`.
        case leakyCompeting(leak: Double, timeStepSize: Double)
    }

    /// What `is_finished` measures.
    enum Measure: Hashable {
        /// `max(value)` (LCA threshold_criterion VALUE, the LCA default).
        case value
        /// Largest minus second largest value.
        case maxVsNext
        /// Largest value minus the mean of the others.
        case maxVsAvg
        /// `max |value - previous value|` (TransferMechanism default; LCA CONVERGENCE).
        case maxAbsDiff
        /// Executions in the current TIME_STEP, PASS, TRIAL or RUN.
        case timeScale(TimeScale)
    }

    /// When the node is finished: `measure <op> threshold`.
    struct Termination: Hashable {
        var measure: Measure
        var threshold: Double
        /// `>=` when true, `<=` otherwise (PsyNeuLink's termination_comparison_op).
        var greaterOrEqual: Bool
    }

    var integrator: Integrator
    /// nil: always finished after one execution (PsyNeuLink's is_finished returns the flag,
    /// which stays true, when integrator_mode is off or no threshold is set).
    var termination: Termination?
    /// `execute_until_finished` (default true).
    var untilFinished: Bool
    /// `max_executions_before_finished`.
    var maxExecutions: Int
    /// A RecurrentTransferMechanism or LCAMechanism.
    var recurrent: Bool
    /// `function`, or PsyNeuLink's default: Logistic for an LCAMechanism, Linear otherwise.
    var function: TransferFunction

    /// PsyNeuLink sets an LCA's max_executions_before_finished to sys.maxsize; Mechanist caps
    /// the within-trial loop at a million executions, so a threshold that is never reached
    /// ends the trial instead of hanging the run.
    static let lcaMaxExecutions = 1_000_000

    init(_ node: Node) {
        recurrent = LoweringContext.isRecurrent(node.type)
        let isLCA = node.type == .lcaMechanism
        function = node.function ?? (isLCA ? .logistic() : .linear())
        let lca = node.lca ?? LCAParameters()
        let integratorMode = node.integratorMode ?? isLCA
        if !integratorMode {
            integrator = .none
        } else if isLCA {
            // The LCA's `leak` is its integrator's rate (alias integration_rate).
            let leak = lca.leak ?? node.integrationRate?.scalarValue ?? 0.5
            integrator = .leakyCompeting(leak: leak, timeStepSize: lca.timeStepSize ?? 0.1)
        } else {
            integrator = .adaptive(rate: node.integrationRate ?? .scalar(0.5))
        }
        untilFinished = node.executeUntilFinished ?? true
        maxExecutions = node.maxExecutionsBeforeFinished ?? (isLCA ? Self.lcaMaxExecutions : 1000)
        let threshold = lca.threshold ?? node.terminationThreshold
        guard integratorMode, let threshold else {
            termination = nil
            return
        }
        if isLCA {
            // LCAMechanism._parse_threshold_args: the criterion picks measure and comparison;
            // without one, termination_measure (default max) is compared with >=.
            switch lca.thresholdCriterion {
            case .value?: termination = Termination(measure: .value, threshold: threshold, greaterOrEqual: true)
            case .maxVsNext?: termination = Termination(measure: .maxVsNext, threshold: threshold, greaterOrEqual: true)
            case .maxVsAvg?: termination = Termination(measure: .maxVsAvg, threshold: threshold, greaterOrEqual: true)
            case .convergence?:
                termination = Termination(measure: .maxAbsDiff, threshold: threshold, greaterOrEqual: false)
            case nil:
                let measure: Measure
                switch node.terminationMeasure {
                case nil: measure = .value
                case .maxAbsDiff?: measure = .maxAbsDiff
                case .timeScale(let scale)?: measure = .timeScale(scale)
                }
                termination = Termination(measure: measure, threshold: threshold, greaterOrEqual: true)
            }
            return
        }
        switch node.terminationMeasure {
        case nil, .maxAbsDiff?:
            termination = Termination(measure: .maxAbsDiff, threshold: threshold, greaterOrEqual: false)
        case .timeScale(let scale)?:
            // A time scale counts executions: PsyNeuLink compares with >= whatever the op.
            termination = Termination(measure: .timeScale(scale), threshold: threshold, greaterOrEqual: true)
        }
    }

    /// Whether one scheduled execution may loop (several executions within it).
    var loops: Bool { termination != nil && untilFinished }
}
