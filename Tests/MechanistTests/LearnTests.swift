@testable import Mechanist
import MechanistIR
import MechanistModel
import Testing

/// `Executable.learn` on a hand-lowered model (what the model side's learning lowering
/// produces, in small): two delta-rule learners from input `in` towards the target of TARGET
/// node `out_target`. `in->out` learns at an overridable rate (0.1, a parameter the host
/// makes settable); `in->aux` at its projection's own rate (0.2), which a learn's rate never
/// overrides.
struct LearnTests {
    static let initialOut: [Double] = [0.5, -0.25]
    static let initialAux: [Double] = [-0.125, 0.75]
    static let inputs: [String: [[[Double]]]] = ["in": [[[1, 0]], [[0, 1]], [[1, 1]], [[0.5, -2]]]]
    static let targets: [String: [[[Double]]]] = ["out": [[[1]], [[0]]]]

    /// Trial: y = in @ W, z = in @ V. Learning trial: the same, then for each learner
    /// e = target - y and W = W + (rate * in[i]) * e[j].
    static func lowered() -> LoweredModel {
        var b = ProgramBuilder(name: "delta")
        let w = b.buffer("in->out", .weight, .matrix(rows: 2, columns: 1), initial: initialOut)
        let v = b.buffer("in->aux", .weight, .matrix(rows: 2, columns: 1), initial: initialAux)
        let rateW = b.buffer("in->out_learning.learning_rate", .weight, .scalar, initial: [0.1])
        let rateV = b.buffer("in->aux_learning.learning_rate", .parameter, .scalar, initial: [0.2])
        let x = b.input(node: "in", port: "InputPort-0", count: 2)
        let target = b.input(node: "out_target", port: "InputPort-0", count: 1)
        let y = b.buffer("out.value", .state, .vector(1))
        let z = b.buffer("aux.value", .state, .vector(1))
        let ey = b.buffer("out_comparator.OUTCOME", .temp, .vector(1))
        let ez = b.buffer("aux_comparator.OUTCOME", .temp, .vector(1))
        func processing(_ b: inout ProgramBuilder) {
            b.emit(.vecMat(dst: y, vector: x, matrix: w, rows: 2, columns: 1))
            b.emit(.vecMat(dst: z, vector: x, matrix: v, rows: 2, columns: 1))
        }
        processing(&b)
        b.finish(.trial)
        processing(&b)
        for (weight, rate, output, error) in [(w, rateW, y, ey), (v, rateV, z, ez)] {
            b.assign(error, .element(target) - .element(output))
            b.emit(.elementwise2D(dst: weight, rows: 2, columns: 1,
                                  .element(weight) + (.scalar(rate) * .row(x)) * .column(error)))
        }
        b.finish(.learnTrial)
        b.record(node: "out", port: "RESULT", y)
        b.record(node: "aux", port: "RESULT", z)
        var lowered = LoweredModel(program: b.program, resultCount: 2, outputNodes: ["out", "aux"], inputs: [],
                                   weights: [], states: [])
        lowered.targets = [TargetInput(node: "out_target", aliases: ["out", "out_target"])]
        lowered.learningRates = [
            LearningRateParameter(mechanism: "in->out_learning", buffer: rateW.buffer, overridable: true),
            LearningRateParameter(mechanism: "in->aux_learning", buffer: rateV.buffer, overridable: false),
        ]
        lowered.learnedWeights = ["in->out", "in->aux"]
        return lowered
    }

    static func executable(_ mode: ExecutionMode) throws -> Executable {
        try compile(lowered: lowered(), options: CompileOptions(mode: mode))
    }

    /// The delta rule written out in Swift, in the executors' operation order:
    /// y = (0.0 + x0 * w0) + x1 * w1; w_i += (rate * x_i) * (target - y).
    static func reference(_ initial: [Double], rate: Double, trials: Int) -> (outputs: [Double], weights: [Double]) {
        var w = initial
        var outputs: [Double] = []
        let xs = inputs["in"] ?? [], ts = targets["out"] ?? []
        for t in 0..<trials {
            let x = xs[t % xs.count][0], target = ts[t % ts.count][0][0]
            let y = (0.0 + x[0] * w[0]) + x[1] * w[1]
            outputs.append(y)
            let e = target - y
            for i in 0..<2 { w[i] = w[i] + (rate * x[i]) * e }
        }
        return (outputs, w)
    }

    @Test(arguments: ExecutionMode.allCases)
    func learnFollowsTheDeltaRuleBitwise(mode: ExecutionMode) throws {
        let exe = try Self.executable(mode)
        let result = try exe.learn(inputs: Self.inputs, targets: Self.targets, epochs: 3)
        let out = Self.reference(Self.initialOut, rate: 0.1, trials: 12)
        let aux = Self.reference(Self.initialAux, rate: 0.2, trials: 12)
        #expect(result.trials == 12 && result.mode == mode)
        #expect(bitwiseEqual(result.results, (0..<12).map { [[out.outputs[$0]], [aux.outputs[$0]]] }))
        #expect(try exe.weight("in->out").flatMap { $0 } == out.weights)
        #expect(try exe.weight("in->aux").flatMap { $0 } == aux.weights)
        #expect(exe.learnedWeightNames == ["in->out", "in->aux"])
        #expect(exe.resultLabels == ["out.RESULT", "aux.RESULT"])
    }

    @Test func modesAgreeBitwise() throws {
        var results: [[[[Double]]]] = []
        var weights: [[[Double]]] = []
        for mode in ExecutionMode.allCases {
            let exe = try Self.executable(mode)
            results.append(try exe.learn(inputs: Self.inputs, targets: Self.targets, trials: 37, learningRate: 0.3).results)
            weights.append(try exe.weight("in->out") + exe.weight("in->aux"))
        }
        #expect(results.dropFirst().allSatisfy { bitwiseEqual($0, results[0]) })
        #expect(weights.dropFirst().allSatisfy { bitwiseEqual([$0], [weights[0]]) })
    }

    @Test(arguments: ExecutionMode.allCases)
    func weightsChangeOnlyInLearn(mode: ExecutionMode) throws {
        let exe = try Self.executable(mode)
        // A run needs no targets (the trial never reads them) and changes no weight.
        let before = try exe.run(inputs: Self.inputs, trials: 9)
        #expect(try exe.weight("in->out").flatMap { $0 } == Self.initialOut)
        #expect(try exe.weight("in->aux").flatMap { $0 } == Self.initialAux)
        #expect(bitwiseEqual(try exe.run(inputs: Self.inputs, trials: 9).results, before.results))
        _ = try exe.learn(inputs: Self.inputs, targets: Self.targets)
        let trained = Self.reference(Self.initialOut, rate: 0.1, trials: 4).weights
        #expect(try exe.weight("in->out").flatMap { $0 } == trained)
        // Now a run sees the learned weights, and again changes none.
        let after = try exe.run(inputs: Self.inputs, trials: 9)
        #expect(!bitwiseEqual(after.results, before.results))
        #expect(try exe.weight("in->out").flatMap { $0 } == trained)
    }

    @Test(arguments: ExecutionMode.allCases)
    func learningRateIsOverriddenForOneLearnOnly(mode: ExecutionMode) throws {
        let exe = try Self.executable(mode)
        _ = try exe.learn(inputs: Self.inputs, targets: Self.targets, trials: 6, learningRate: 0.5)
        let overridden = Self.reference(Self.initialOut, rate: 0.5, trials: 6).weights
        #expect(try exe.weight("in->out").flatMap { $0 } == overridden)
        // The projection with its own rate kept it.
        #expect(try exe.weight("in->aux").flatMap { $0 } == Self.reference(Self.initialAux, rate: 0.2, trials: 6).weights)
        // Restored afterwards, in both copies of the params in verify mode.
        #expect(try exe.weight("in->out_learning.learning_rate") == [[0.1]])
        if let shadow = exe.shadow {
            #expect(shadow.params[exe.layout.offsets[try #require(exe.program.buffer(named: "in->out_learning.learning_rate")).index]] == 0.1)
        }
        // The next learn, without a rate, learns at 0.1 again.
        try exe.setWeight("in->out", [[Self.initialOut[0]], [Self.initialOut[1]]])
        _ = try exe.learn(inputs: Self.inputs, targets: Self.targets, trials: 6)
        #expect(try exe.weight("in->out").flatMap { $0 } == Self.reference(Self.initialOut, rate: 0.1, trials: 6).weights)
        // Restored after a learn that fails, too.
        #expect(throws: RunError.self) {
            try exe.learn(inputs: Self.inputs, targets: ["out": [[[.nan]]]], learningRate: 0.5)
        }
        #expect(try exe.weight("in->out_learning.learning_rate") == [[0.1]])
    }

    /// Lengths of the input and target lists, and trials: one cycle dividing the chunks, a
    /// cycle shorter than a chunk but out of step with it, and a cycle longer than the run.
    @Test(arguments: ExecutionMode.allCases, [(3, 1, 500), (3, 4, 250), (7, 11, 50), (2, 2, 1)])
    func progressInChunksIsBitwiseOneCall(mode: ExecutionMode, shape: (Int, Int, Int)) throws {
        let (inputLength, targetLength, trials) = shape
        let inputEntries: [[[Double]]] = (0..<inputLength).map { k -> [[Double]] in
            let x = Double(k)
            return [[x * 0.25 - 0.5, 1 / (x + 1)]]
        }
        let targetEntries: [[[Double]]] = (0..<targetLength).map { k -> [[Double]] in [[Double(k % 3) - 0.75]] }
        let inputs = ["in": inputEntries]
        let targets = ["out_target": targetEntries]
        let single = try Self.executable(mode)
        let whole = try single.learn(inputs: inputs, targets: targets, trials: trials, learningRate: 0.05)
        let chunked = try Self.executable(mode)
        var reports: [(Int, Int)] = []
        let parts = try chunked.learn(inputs: inputs, targets: targets, trials: trials, learningRate: 0.05) {
            reports.append(($0, $1))
        }
        #expect(bitwiseEqual(parts.results, whole.results))
        for name in ["in->out", "in->aux", "in->out_learning.learning_rate"] {
            #expect(bitwiseEqual([try chunked.weight(name)], [try single.weight(name)]), "\(name)")
        }
        #expect(try chunked.state("out.value") == single.state("out.value"))
        let chunk = max(trials / 100, 1)
        #expect(reports.count == (trials + chunk - 1) / chunk)
        #expect(reports.map(\.0) == Array(stride(from: chunk, through: trials, by: chunk)) + (trials % chunk == 0 ? [] : [trials]))
        #expect(reports.allSatisfy { $0.1 == trials })
    }

    @Test func trialCounts() throws {
        let exe = try Self.executable(.interpreted)
        // Epochs multiply the longest list (inputs 4, targets 2).
        #expect(try exe.learn(inputs: Self.inputs, targets: Self.targets, epochs: 3).trials == 12)
        #expect(try exe.learn(inputs: Self.inputs, targets: Self.targets, epochs: 0).trials == 0)
        #expect(try exe.learn(inputs: Self.inputs, targets: ["out": Array(repeating: [[1]], count: 6)], epochs: 2).trials == 12)
        #expect(try exe.learn(inputs: Self.inputs, targets: Self.targets, trials: 5).trials == 5)
        #expect(try exe.learn(inputs: Self.inputs, targets: Self.targets).trials == 4)
        // A run counts its inputs only.
        #expect(try exe.run(inputs: Self.inputs).trials == 4)
        let both = #expect(throws: RunError.self) {
            try exe.learn(inputs: Self.inputs, targets: Self.targets, epochs: 2, trials: 3)
        }
        #expect(both?.message.contains("not both") == true)
        #expect(throws: RunError.self) { try exe.learn(inputs: Self.inputs, targets: Self.targets, epochs: -1) }
        #expect(throws: RunError.self) { try exe.learn(inputs: Self.inputs, targets: Self.targets, trials: -1) }
        #expect(throws: RunError.self) {
            try exe.learn(inputs: Self.inputs, targets: Self.targets, learningRate: .infinity)
        }
    }

    @Test func targetErrorsNameTheTargetAndTheKeys() throws {
        let exe = try Self.executable(.compiled)
        let missing = #expect(throws: RunError.self) { try exe.learn(inputs: Self.inputs, targets: [:]) }
        #expect(missing?.message.contains("'out_target'") == true, "\(String(describing: missing))")
        #expect(missing?.message.contains("ending in 'out'") == true)
        #expect(missing?.message.contains("accepted keys: out, out_target") == true)
        let unknown = #expect(throws: RunError.self) {
            try exe.learn(inputs: Self.inputs, targets: ["out": [[[1]]], "hidden": [[[1]]]])
        }
        #expect(unknown?.message.contains("'hidden'") == true && unknown?.message.contains("out, out_target") == true)
        let twice = #expect(throws: RunError.self) {
            try exe.learn(inputs: Self.inputs, targets: ["out": [[[1]]], "out_target": [[[0]]]])
        }
        #expect(twice?.message.contains("both") == true)
        let shape = #expect(throws: RunError.self) { try exe.learn(inputs: Self.inputs, targets: ["out": [[[1, 2]]]]) }
        #expect(shape?.message.hasPrefix("targets: 'out' entry 0") == true, "\(String(describing: shape))")
        // A target given as an input, to run or to learn, is pointed to `targets`.
        let asInput = #expect(throws: RunError.self) { try exe.run(inputs: Self.inputs.merging(["out_target": [[[1]]]]) { a, _ in a }) }
        #expect(asInput?.message.contains("targets") == true)
        // Inputs are still checked as in a run.
        #expect(throws: RunError.self) { try exe.learn(inputs: [:], targets: Self.targets) }
        // The TARGET node's name is accepted as a key, as the pathway's last node is.
        #expect(try exe.learn(inputs: Self.inputs, targets: ["out_target": [[[1]]]]).trials == 4)
    }

    @Test(arguments: ExecutionMode.allCases)
    func aModelWithoutLearningCannotLearn(mode: ExecutionMode) throws {
        var lowered = Self.lowered()
        lowered.program[.learnTrial] = []
        lowered.targets = []
        lowered.learningRates = []
        lowered.learnedWeights = []
        lowered.program.inputs.removeAll { $0.node == "out_target" }
        let exe = try compile(lowered: lowered, options: CompileOptions(mode: mode))
        let error = #expect(throws: RunError.self) { try exe.learn(inputs: Self.inputs, targets: [:]) }
        #expect(error?.message.contains("no learning pathway") == true)
        #expect(exe.learnedWeightNames.isEmpty)
    }

    /// Verify mode compares weights after every trial and names the first that differs.
    @Test func verifyNamesTheDivergentWeight() throws {
        let exe = try Self.executable(.verify)
        // Make the compiled copy of one weight differ where the first trial's output does not
        // show it (an input of zeros), so that only the weight comparison can catch it.
        let w = try #require(exe.program.buffer(named: "in->aux"))
        exe.shadow?.params[exe.layout.offsets[w.index] + 1] = 1
        let divergence = #expect(throws: Divergence.self) {
            try exe.learn(inputs: ["in": [[[0, 0]]]], targets: Self.targets)
        }
        #expect(divergence?.location == "in->aux" && divergence?.index == 1 && divergence?.trial == 0)
    }

    @Test func aLearningInterfaceThatDoesNotFitIsAnError() throws {
        var lowered = Self.lowered()
        lowered.targets.append(TargetInput(node: "nowhere", aliases: ["nowhere"]))
        #expect(throws: RunError.self) { try compile(lowered: lowered, options: CompileOptions(mode: .interpreted)) }
        lowered = Self.lowered()
        lowered.learnedWeights.append("out.value")
        #expect(throws: RunError.self) { try compile(lowered: lowered, options: CompileOptions(mode: .interpreted)) }
        lowered = Self.lowered()
        lowered.learningRates[0].buffer = try #require(lowered.program.buffer(named: "in->out"))
        #expect(throws: RunError.self) { try compile(lowered: lowered, options: CompileOptions(mode: .interpreted)) }
        // An overridable rate in a parameter would be folded into the code, out of a learn's reach.
        lowered = Self.lowered()
        lowered.learningRates[1].overridable = true
        let folded = #expect(throws: RunError.self) {
            try compile(lowered: lowered, options: CompileOptions(mode: .interpreted))
        }
        #expect(folded?.message.contains("in->aux_learning") == true)
    }

    /// The loop a first use needs compiles then (`CompileOptions.purpose`): learning first or
    /// running first gives the same numbers, and the late compile counts in `compileSeconds`.
    @Test(arguments: [ExecutionMode.compiled, .verify])
    func theOtherLoopCompilesOnFirstUse(mode: ExecutionMode) throws {
        let learnFirst = try compile(lowered: Self.lowered(), options: CompileOptions(mode: mode, purpose: .learn))
        let runFirst = try compile(lowered: Self.lowered(), options: CompileOptions(mode: mode))
        let ranA = try runFirst.run(inputs: Self.inputs)
        let before = runFirst.compileSeconds
        let learnedA = try runFirst.learn(inputs: Self.inputs, targets: Self.targets)
        #expect(runFirst.compileSeconds > before)
        let ranB = try learnFirst.run(inputs: Self.inputs)
        let learnedB = try learnFirst.learn(inputs: Self.inputs, targets: Self.targets)
        #expect(ranA.results == ranB.results)
        #expect(learnedA.results == learnedB.results)
        #expect(try runFirst.weight("in->out") == learnFirst.weight("in->out"))
        let again = runFirst.compileSeconds
        _ = try runFirst.learn(inputs: Self.inputs, targets: Self.targets)
        #expect(runFirst.compileSeconds == again)
    }
}
