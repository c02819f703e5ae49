import MechanistIR
import MechanistPasses
import Testing

@Suite struct RandomProgramTests {
    /// The standard pipeline never changes what a program computes: outputs, state and
    /// params equal bitwise, trial after trial, for 100 seeded random programs.
    @Test(arguments: 0..<100)
    func standardPipelinePreservesResults(_ seed: Int) throws {
        let program = RandomProgramGenerator.program(seed: UInt64(seed))
        try verify(program, allowingUnknownShapes: true)
        let reference = try inferShapes(program)
        let optimized = try Pipeline.standard.run(program)
        let inputs = sampleInputs(reference, rows: 2)
        let expected = try observe(reference, inputs: inputs, inputRows: 2, trials: 3)
        let actual = try observe(optimized, inputs: inputs, inputRows: 2, trials: 3)
        #expect(actual == expected, "seed \(seed)\n\(printProgram(reference))\n\(printProgram(optimized))")
    }

    /// Each pass alone preserves results too (a bug in one cannot hide behind another).
    @Test(arguments: 0..<30)
    func everyPassPreservesResults(_ seed: Int) throws {
        let reference = try inferShapes(RandomProgramGenerator.program(seed: UInt64(seed) + 1000))
        let inputs = sampleInputs(reference, rows: 2)
        let expected = try observe(reference, inputs: inputs, inputRows: 2)
        for pass in Pipeline.standard.passes {
            let result = try Pipeline([pass]).run(reference)
            #expect(try observe(result, inputs: inputs, inputRows: 2) == expected, "\(pass.name), seed \(seed)")
        }
    }

    /// The generator exercises what the passes are for.
    @Test func theRandomProgramsGiveThePassesWork() throws {
        var fused = 0, folded = 0, shared = 0
        for seed in 0..<100 {
            let program = try inferShapes(RandomProgramGenerator.program(seed: UInt64(seed)))
            if opCount(fuseElementwise(program)[.trial]) < opCount(program[.trial]) { fused += 1 }
            if printProgram(foldConstants(program)) != printProgram(program) { folded += 1 }
            let planned = planMemory(program)
            if BufferLayout(planned).size(.scratch) < BufferLayout(program).size(.scratch) { shared += 1 }
        }
        #expect(fused > 30)
        #expect(folded > 30)
        #expect(shared > 30)
    }
}
