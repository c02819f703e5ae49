import MechanistIR
import MechanistPasses
import Testing

/// Release builds run the pipeline verifying only its input and result (`verifiedOnce`);
/// the tests run in debug, where `run` verifies after every pass, so these call the release
/// path directly and hold it to the same Programs and the same errors.
@Suite struct VerifiedOnceTests {
    /// The same Program as the pipeline verifying throughout, for 100 seeded random programs.
    @Test(arguments: 0..<100)
    func givesTheSameProgramAsVerifyingEveryPass(_ seed: Int) throws {
        let program = RandomProgramGenerator.program(seed: UInt64(seed))
        let throughout = try Pipeline.standard.run(program)
        let once = try #require(Pipeline.standard.verifiedOnce(program))
        // Printed, not compared with ==: a NaN constant makes a Program unequal to itself.
        #expect(printProgram(once) == printProgram(throughout), "seed \(seed)")
    }

    /// A pass that breaks a rule: the release path gives up (nil), and `run`, which then
    /// verifies after every pass, names the pass and the fault.
    @Test func aPassThatBreaksARuleIsNamed() throws {
        let rename = Pass(name: "rename") { program in
            var result = program
            result.buffers[1].name = result.buffers[0].name
            return result
        }
        let pipeline = Pipeline([.inferShapes, rename, .planMemory])
        let program = PipelineTests.transferChain()
        #expect(pipeline.verifiedOnce(program) == nil)
        do {
            _ = try pipeline.run(program)
            Issue.record("the pipeline accepted a duplicate buffer name")
        } catch {
            #expect("\(error)" == "pass 'rename' produced invalid IR: buffers[1]: buffer name "
                    + "'input.InputPort-0' is also the name of %0")
        }
    }

    /// Names kept from a verified Program are not hashed again, but a name changed since
    /// is checked in full.
    @Test func namesChangedSinceTheVerifiedProgramAreChecked() throws {
        let verified = PipelineTests.transferChain()
        try verify(verified, allowingUnknownShapes: true, derivedFrom: verified)
        var renamed = verified
        renamed.buffers[2].name = "W_ih.matrix"
        #expect(throws: IRVerificationError(location: "buffers[2]", message: "buffer name 'W_ih.matrix' is also the name of %1",
                                            buffer: "W_ih.matrix")) {
            try verify(renamed, allowingUnknownShapes: true, derivedFrom: verified)
        }
    }

    /// Names a `NameTable` holds, in the buffers' order, are not hashed again; a table that
    /// does not hold the buffers' names so (one renamed since, or one the table refused as a
    /// duplicate) leaves them checked in full.
    @Test func namesFromTheLoweringTableAreCheckedWhenTheyDiffer() throws {
        let program = PipelineTests.transferChain()
        var table = NameTable()
        for buffer in program.buffers {
            table.insert(buffer.name)
            table.insert(buffer.name + ".reserved")  // names for no buffer do not matter
        }
        try verify(program, allowingUnknownShapes: true, namedBy: table)
        var renamed = program
        renamed.buffers[2].name = "W_ih.matrix"
        let duplicate = IRVerificationError(location: "buffers[2]", message: "buffer name 'W_ih.matrix' is also the name of %1",
                                            buffer: "W_ih.matrix")
        #expect(throws: duplicate) { try verify(renamed, allowingUnknownShapes: true, namedBy: table) }
        var renamedTable = NameTable()
        for buffer in renamed.buffers { renamedTable.insert(buffer.name) }
        #expect(renamedTable.count == renamed.buffers.count - 1)
        #expect(throws: duplicate) { try verify(renamed, allowingUnknownShapes: true, namedBy: renamedTable) }
    }
}
