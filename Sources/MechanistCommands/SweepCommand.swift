import ArgumentParser
import Foundation
import Mechanist
import MechanistModel

/// `mechanist sweep MODEL --inputs FILE --params PARAMS ...`: runs every parameter set of a
/// grid or list (or this shard's share of them) and writes one JSON Lines file per shard.
struct SweepCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a model over a grid or list of parameter sets, on every core, and summarize each set.",
        discussion: """
            PARAMS is {"grid": {"NODE.PARAM": [values, ...], ...}} (the Cartesian product, the last name \
            varying fastest) or {"sets": [{"NODE.PARAM": value, ...}, ...]}, names as for --set. With \
            --seeds S, set i = p x S + r runs parameter set p; set i gets seed (the model's seed) + i, so \
            its result never depends on threads or shards. The model compiles once; each set writes its \
            parameters, resets the state and runs. Output: DIR/shard-k-of-N.jsonl, one line per set \
            (index, of, parameters, seed, trials, summaries: per result port mean and variance over \
            trials; per LCA with a threshold the choice proportions, DECISION_STEPS quantiles at 10/30/50/70/90 % \
            per choice (numpy's linear method) and the undecided count; when learning, per comparator \
            the MSE per epoch and the final loss; with --full, the per-trial results). It is written to \
            shard-k-of-N.jsonl.partial and renamed when complete; a rerun keeps the sets the file (or \
            the partial file) already holds and runs the others. Combine shards with `mechanist merge`.
            """)

    @Argument(help: "The model file (format 1 JSON).")
    var model: String

    @Option(name: .long, help: "The inputs file: {\"inputs\": {...}} (and \"targets\" to learn).")
    var inputs: String

    @Option(name: .long, help: "The parameter sets: {\"grid\": {...}} or {\"sets\": [...]}.")
    var params: String

    @Option(name: .long, parsing: .unconditional, help: "Trials per set, a positive integer (default: the longest input list).")
    var trials: Int?

    @Option(name: .long, parsing: .unconditional, help: "Epochs per set (with --learn), a positive integer.")
    var epochs: Int?

    @Flag(name: .long, help: "Train each set (mechanist learn) for --epochs instead of running it.")
    var learn = false

    @Option(name: .long, parsing: .unconditional, help: "Seeds per parameter set (default 1).")
    var seeds: Int = 1

    @Option(name: .long, parsing: .unconditional, help: "Threads (default: every core).")
    var threads: Int?

    @Option(name: .long, help: "k/N: run the sets i with i % N == k (default 0/1, all).")
    var shard: String = "0/1"

    @Option(name: .long, help: "The folder for the shard's file (created if missing; default: the current folder).")
    var output: String = "."

    @Flag(name: .long, help: "Also write every set's per-trial results.")
    var full = false

    @Option(name: .long, help: "compiled (LLVM JIT), interpreted, or verify.")
    var mode: ExecutionMode = .compiled

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
        try RunCommand.checkPositive(trials, "--trials")
        try RunCommand.checkPositive(epochs, "--epochs")
        try RunCommand.checkPositive(seeds, "--seeds")
        try RunCommand.checkPositive(threads, "--threads")
        if learn && epochs == nil { throw ValidationError("--learn needs --epochs E (epochs per set)") }
        if learn && trials != nil { throw ValidationError("give --trials (run) or --epochs with --learn, not both") }
        if !learn && epochs != nil { throw ValidationError("--epochs trains each set: add --learn") }
        _ = try Shard(parsing: shard)
    }

    func execute(_ console: inout Console) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let shard = try Shard(parsing: shard)
        let model = try parameters.apply(to: try Model.load(path: model))
        let inputSet = try InputSet.load(path: inputs)
        try inputSet.validate(against: model)
        let sweep: Sweep
        do {
            let sets = try SweepParameters.load(path: params)
            sweep = try attributingErrors(to: self.model) {
                try Sweep(model: model, inputs: inputSet, parameters: sets,
                          options: SweepOptions(trials: trials, epochs: epochs, learn: learn, seeds: seeds, full: full,
                                                mode: mode))
            }
        } catch let error as SweepError {
            throw CommandError(error.message)
        }
        let file = try ShardFile(folder: output, shard: shard, count: sweep.count)
        let todo = stride(from: shard.k, to: sweep.count, by: shard.n).filter { !file.held.contains($0) }
        if todo.isEmpty && file.complete {
            console.note("sweep: shard \(shard.k)/\(shard.n): all \(file.held.count) sets already in \(file.path); nothing to run")
            return
        }
        let writer = try file.startWriting()
        let runStart = clock.now
        do {
            try sweep.run(indices: todo, threads: threads) { set in
                try writer.append(SweepLine.encode(set, of: sweep.count) + "\n")
            }
        } catch let error as SweepError {
            throw CommandError(error.message)
        } catch let divergence as Divergence {
            console.note(divergence.description)
            throw ExitCode.failure
        }
        try writer.finish()
        let threadCount = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(todo.count, 1))
        func fixed(_ x: Double) -> String { String(format: "%.3f", x) }
        console.note("sweep: shard \(shard.k)/\(shard.n): \(todo.count) sets run (\(file.held.count) already held) in "
            + "\(fixed((clock.now - runStart).seconds)) s on \(threadCount) thread(s); compile "
            + "\(fixed(sweep.compileSeconds)) s, total \(fixed((clock.now - start).seconds)) s; wrote \(file.path)")
    }
}

/// `--shard k/N`.
struct Shard: Equatable {
    var k: Int
    var n: Int

    init(k: Int, n: Int) {
        self.k = k
        self.n = n
    }

    init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw ValidationError("--shard \(text): expected k/N with 0 <= k < N, e.g. --shard 0/4 (Slurm: "
                + "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)")
        }
        self.init(k: k, n: n)
    }

    var fileName: String { "shard-\(k)-of-\(n).jsonl" }
}
