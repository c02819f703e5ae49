import Foundation
import Mechanist
import Testing

/// The Swift API: models built in code, state across runs, reset, weights and state access.
struct APITests {
    static let model = Model(name: "chain", seed: 3, nodes: [
        .processing(name: "in", size: 2),
        .transfer(name: "hidden", size: 3, function: .logistic(gain: 1.5), integratorMode: true,
                  integrationRate: 0.5),
        .transfer(name: "out", size: 1, function: .linear(slope: 2)),
    ], projections: [
        Projection("in", "hidden", matrix: .explicit([[1, -1, 0.5], [0.25, 0.5, -2]])),
        Projection("hidden", "out", matrix: .random(low: -1, high: 1)),
    ])
    static let inputs: [String: [[[Double]]]] = ["in": [[[1, 0]], [[0, 1]], [[0.5, 0.5]]]]

    @Test(arguments: ExecutionMode.allCases)
    func stateAndWeights(mode: ExecutionMode) throws {
        let exe = try compile(Self.model, options: CompileOptions(mode: mode))
        // Two runs of 3 trials equal one run of 6 (state persists; inputs restart per run).
        let first = try exe.run(inputs: Self.inputs)
        let second = try exe.run(inputs: Self.inputs)
        let fresh = try compile(Self.model, options: CompileOptions(mode: mode))
        let whole = try fresh.run(inputs: Self.inputs, trials: 6)
        #expect(bitwiseEqual(first.results + second.results, whole.results))
        // The integrator carried state: the second run differs from the first.
        #expect(!bitwiseEqual(first.results, second.results))
        // reset() restores the initial state (and redraws the same RANDOM matrix).
        try exe.reset()
        #expect(bitwiseEqual(try exe.run(inputs: Self.inputs).results, first.results))
        // Independent derivation of trial 0: integrator from 0 with rate 0.5.
        let w = try exe.weight("hidden->out")
        let x = [1.0 * 1 + 0 * 0.25, 1.0 * -1 + 0 * 0.5, 1.0 * 0.5 + 0 * -2]
        let hidden = x.map { 1 / (1 + exp(-1.5 * (0.5 * $0))) }
        var sum = 0.0
        for k in 0..<3 { sum += hidden[k] * w[k][0] }
        let out = 2 * sum
        #expect(abs(first.results[0][0][0] - out) < 1e-15)
        // Setting a weight changes what runs next.
        try exe.reset()
        try exe.setWeight("hidden->out", [[0], [0], [1]])
        let set = try exe.run(inputs: Self.inputs, trials: 1)
        #expect(set.results[0][0][0] == 2 * hidden[2])
        // State can be read and set by name.
        let integrator = try exe.state("hidden.integrator")
        #expect(integrator.count == 3)
        try exe.setState("hidden.integrator", [0, 0, 0])
        #expect(try exe.state("hidden.integrator") == [0, 0, 0])
    }

    @Test func compileModeOnTheModel() throws {
        let viaModel = try Self.model.compile(mode: .interpreted).run(inputs: Self.inputs)
        let viaFunction = try compile(Self.model, options: CompileOptions(mode: .compiled)).run(inputs: Self.inputs)
        #expect(bitwiseEqual(viaModel.results, viaFunction.results))
        #expect(viaModel.mode == .interpreted && viaFunction.mode == .compiled)
    }

    @Test func errorsForBadNamesAndInputs() throws {
        let exe = try compile(Self.model, options: CompileOptions(mode: .interpreted))
        #expect(throws: RunError.self) { try exe.weight("nope") }
        #expect(throws: RunError.self) { try exe.setWeight("hidden->out", [[1, 2]]) }
        #expect(throws: RunError.self) { try exe.run(inputs: ["in": [[[1, 2, 3]]]]) }
        #expect(throws: RunError.self) { try exe.run(inputs: ["in": [[[1, .nan]]]]) }
        #expect(throws: RunError.self) { try exe.run(inputs: ["hidden": [[[1, 2, 3]]]]) }
        #expect(throws: RunError.self) { try exe.run(inputs: [:]) }
        // Far more trials than memory can record: an error, not a trap.
        #expect(throws: RunError.self) { try exe.run(inputs: Self.inputs, trials: Int.max / 2) }
    }

    @Test func manyCompiledModelsLiveInOneProcess() throws {
        let executables = try (0..<12).map { seed -> Executable in
            var model = Self.model
            model.seed = seed
            return try compile(model)
        }
        let results = try executables.map { try $0.run(inputs: Self.inputs).results }
        // Different seeds draw different RANDOM matrices, so the models differ...
        #expect(Set(results.map { $0[0][0][0] }).count == 12)
        // ...and each still matches the interpreter of the same model.
        for (seed, result) in results.enumerated() {
            var model = Self.model
            model.seed = seed
            let reference = try compile(model, options: CompileOptions(mode: .interpreted)).run(inputs: Self.inputs)
            #expect(bitwiseEqual(result, reference.results))
        }
    }
}
