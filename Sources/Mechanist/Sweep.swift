import Dispatch
import Foundation
import MechanistModel

/// How a sweep runs each parameter set.
public struct SweepOptions: Sendable {
    /// Trials per set for a run (default: the longest input list).
    public var trials: Int?
    /// Epochs per set for a learn (`learn` true): the learning curve has one point per epoch.
    public var epochs: Int?
    /// Train each set (`Executable.learn`) instead of running it.
    public var learn: Bool
    /// Seeds per parameter set: set index i = p x seeds + r runs parameter set p with seed
    /// base + i (r = 0 ..< seeds).
    public var seeds: Int
    /// Keep every set's per-trial results (`SweepSetResult.result`).
    public var full: Bool
    public var mode: ExecutionMode

    public init(trials: Int? = nil, epochs: Int? = nil, learn: Bool = false, seeds: Int = 1, full: Bool = false,
                mode: ExecutionMode = .compiled) {
        self.trials = trials
        self.epochs = epochs
        self.learn = learn
        self.seeds = seeds
        self.full = full
        self.mode = mode
    }
}

/// One set's outcome.
public struct SweepSetResult: Sendable {
    public var index: Int
    /// Every swept name with this set's value (the model's own where the set gives none).
    public var parameters: [(name: String, value: Double)]
    public var seed: Int
    public var trials: Int
    public var summary: SweepSummary
    /// The run's results (`SweepOptions.full`), else nil.
    public var result: RunResult?
}

/// A parameter sweep (`mechanist sweep`): the model compiles once; set i writes its
/// parameters into the parameter arena (`setParameter`), sets the seed base + i, `reset()`s
/// and runs (or learns). Sets run in parallel on sibling executables (own arenas, shared
/// compiled code), so a set's result depends only on its index, never on the threads or on
/// how the sweep was split into shards.
public final class Sweep {
    /// The most sets one sweep may have.
    public static let maxSets = 1 << 40

    public let parameters: SweepParameters
    public let options: SweepOptions
    /// The model's seed: set i gets `baseSeed + i`.
    public let baseSeed: Int
    /// The number of sets: parameter sets x seeds.
    public let count: Int
    private let executable: Executable
    private let inputs: InputSet
    /// The model's own value of every swept name (for sets that do not give one).
    private let baseValues: [Double]
    private let plan: SweepSummary.Plan
    /// How each swept name, and the seed, is written.
    private let writes: [ParameterWrite]
    private let seedWrite: ParameterWrite

    /// Compiles `model` once, with the ports the summaries need recorded (each decision
    /// node's DECISION_INDEX and DECISION_STEPS, each comparator's MSE when learning).
    /// - Throws: `SweepError` for bad options or a name no set can write (an unknown name,
    ///   with the nearest one; a parameter that needs recompiling); the model's and the
    ///   compiler's errors.
    public init(model: Model, inputs: InputSet, parameters: SweepParameters, options: SweepOptions) throws {
        guard options.seeds >= 1 else { throw SweepError("seeds: expected a positive integer, got \(options.seeds)") }
        if options.learn {
            guard let epochs = options.epochs, epochs >= 1 else {
                throw SweepError("learn: give the epochs per set (--epochs E), a positive integer")
            }
            guard options.trials == nil else { throw SweepError("learn: give --epochs, not --trials") }
            guard model.hasLearning else {
                throw SweepError("learn: the model has no learning pathway (\"learning\") or enable_learning to train")
            }
        } else if options.epochs != nil {
            throw SweepError("epochs: --epochs runs learns; add --learn (or give --trials to run)")
        }
        if let trials = options.trials, trials < 1 {
            throw SweepError("trials: expected a positive integer, got \(trials)")
        }
        let (count, overflow) = parameters.count.multipliedReportingOverflow(by: options.seeds)
        guard !overflow, count <= Sweep.maxSets else {
            throw SweepError("\(parameters.count) parameter sets x \(options.seeds) seeds is more than \(Sweep.maxSets) sets")
        }
        plan = try SweepSummary.Plan(model: model, learn: options.learn)
        var compileOptions = CompileOptions(mode: options.mode, record: plan.records,
                                            purpose: options.learn ? .learn : .run)
        compileOptions.specialize = false
        let executable = try compile(model, options: compileOptions)
        self.executable = executable
        self.parameters = parameters
        self.options = options
        self.inputs = inputs
        self.count = count
        baseSeed = model.seed
        if parameters.names.contains("seed") {
            throw SweepError("PARAMS: \"seed\" cannot be swept: set i runs with seed (the model's seed) + i; give the "
                + "base seed with --seed (Swift: the model's seed), and several seeds per set with --seeds")
        }
        // Each name must be writable without recompiling: writing its own value checks that
        // and changes nothing. A plain value is then written straight into the arena, each of
        // its values checked here once (a model validation per write would cost more than
        // the set's run); derived ones (a recurrent matrix, learning rates) go through
        // `setParameter` every time.
        var baseValues: [Double] = []
        var writes: [ParameterWrite] = []
        for (k, name) in parameters.names.enumerated() {
            do {
                let value = try executable.parameter(name)
                try executable.setParameter(name, to: value)
                baseValues.append(value)
                writes.append(try executable.parameterWrite(name))
                if writes[k] != .general {
                    for v in parameters.distinctValues(ofName: k) {
                        do {
                            _ = try model.setting(name, to: v)
                        } catch {
                            throw SweepError("\(name) = \(v): \(Self.message(error))")
                        }
                    }
                }
            } catch {
                throw SweepError("PARAMS: \(Self.message(error))")
            }
        }
        self.baseValues = baseValues
        self.writes = writes
        do {
            try executable.setParameter("seed", to: Double(model.seed))
            _ = try model.setting("seed", to: Double(model.seed + count - 1))
            seedWrite = try executable.parameterWrite("seed")
        } catch {
            throw SweepError("each set needs its own seed, but: \(Self.message(error))")
        }
    }

    /// Seconds from the model to callable code.
    public var compileSeconds: Double { executable.compileSeconds }

    /// Runs the sets `indices` on `threads` threads (default: every core), calling `each`
    /// with their results in the order of `indices`, a batch at a time (so a caller can write
    /// them out as they come).
    /// - Throws: the error of the first failing set in `indices`' order, naming the set; or
    ///   what `each` throws.
    public func run(indices: [Int], threads: Int? = nil, each: (SweepSetResult) throws -> Void) throws {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw SweepError("set \(bad) is out of range: the sweep has \(count) sets (0 to \(count - 1))")
        }
        let threadCount = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(indices.count, 1)))
        let workers = [executable] + (1..<threadCount).map { _ in executable.sibling() }
        // Batches keep every thread busy and bound the memory held for results.
        // (A thread idles at a batch's end, for half a set on average, and while `each` runs:
        // 128 sets per thread keep that near 1 % where 16 cost about 3 %.)
        let batch = threadCount * (options.full ? 16 : 128)
        for start in stride(from: 0, to: indices.count, by: batch) {
            let part = Array(indices[start..<min(start + batch, indices.count)])
            let pool = WorkerPool(sets: part, workers: workers)
            if threadCount == 1 {
                pool.work(worker: 0, sweep: self)
            } else {
                DispatchQueue.concurrentPerform(iterations: threadCount) { w in pool.work(worker: w, sweep: self) }
            }
            for outcome in pool.outcomes {
                switch outcome {
                case .success(let result)?: try each(result)
                case .failure(let error)?: throw error
                case nil: throw SweepError("internal: a set of the batch did not run")
                }
            }
        }
    }

    /// Runs set `index` on `exe` (one worker's executable).
    func runSet(_ index: Int, on exe: Executable) throws -> SweepSetResult {
        let values = parameters.values(ofSet: index / options.seeds)
        var assigned: [(name: String, value: Double)] = []
        for (k, name) in parameters.names.enumerated() {
            let value = values[k] ?? baseValues[k]
            assigned.append((name, value))
            do {
                try write(value, name, writes[k], on: exe)
            } catch {
                throw SweepError("set \(index) (\(name) = \(value)): \(Self.message(error))")
            }
        }
        let seed = baseSeed + index
        // The seed is a runtime parameter: the random streams' keys derive from it in the code.
        try write(Double(seed), "seed", seedWrite, on: exe)
        try exe.reset()
        let raw: Executable.RawRun
        if options.learn {
            raw = try exe.rawLearn(inputs: inputs.inputs, targets: inputs.targets, epochs: options.epochs)
        } else {
            raw = try exe.rawRun(inputs: inputs.inputs, trials: options.trials)
        }
        let summary = plan.summarize(raw, of: exe, epochs: options.learn ? options.epochs : nil)
        return SweepSetResult(index: index, parameters: assigned, seed: seed, trials: raw.trials, summary: summary,
                              result: options.full ? plan.strippingRecords(exe.collect(raw)) : nil)
    }

    private func write(_ value: Double, _ name: String, _ how: ParameterWrite, on exe: Executable) throws {
        switch how {
        case .offset(let offset): exe.storeParameter(value, atOffset: offset)
        case .unread: break
        case .general: try exe.setParameter(name, to: value)
        }
    }

    static func message(_ error: any Error) -> String {
        if let e = error as? ParameterError { return e.message }
        if let e = error as? SweepError { return e.message }
        return String(describing: error)
    }
}

/// One batch's sets, handed to the workers through a shared cursor; each result lands in its
/// set's slot, so the order of the results does not depend on which thread ran what.
private final class WorkerPool: @unchecked Sendable {
    let sets: [Int]
    let workers: [Executable]
    var outcomes: [Result<SweepSetResult, any Error>?]
    private var next = 0
    private let lock = NSLock()

    init(sets: [Int], workers: [Executable]) {
        self.sets = sets
        self.workers = workers
        outcomes = Array(repeating: nil, count: sets.count)
    }

    private func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < sets.count else { return nil }
        next += 1
        return next - 1
    }

    func work(worker w: Int, sweep: Sweep) {
        let exe = workers[w]
        while let k = take() {
            let outcome: Result<SweepSetResult, any Error>
            do {
                outcome = .success(try sweep.runSet(sets[k], on: exe))
            } catch {
                outcome = .failure(error)
            }
            lock.lock()
            outcomes[k] = outcome
            lock.unlock()
        }
    }
}

extension Sweep: @unchecked Sendable {}
