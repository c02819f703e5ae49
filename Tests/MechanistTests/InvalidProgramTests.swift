@testable import Mechanist
import MechanistIR
import Testing

/// An Executable refuses a Program the IR verifier rejects, with the verifier's error, in
/// every mode: neither engine is built over it.
struct InvalidProgramTests {
    /// A sum over no elements: compiled code once ran it (giving 0), the interpreter not.
    static func sumOfNothing() -> Program {
        var b = ProgramBuilder(name: "invalid")
        let y = b.buffer("y", .temp, .scalar)
        b.emit(.reduce(dst: y, .sum, .constant(1), count: 0))
        b.record(node: "y", port: "out", y)
        b.finish(.trial)
        return b.program
    }

    @Test(arguments: ExecutionMode.allCases)
    func executableRefusesAnInvalidProgram(mode: ExecutionMode) throws {
        let program = Self.sumOfNothing()
        let fault = try #require(throws: IRVerificationError.self) { try program.verify() }
        let error = #expect(throws: IRVerificationError.self) {
            try Executable(program: program, layout: BufferLayout(program), mode: mode, resultCount: 1)
        }
        #expect(error == fault)
        #expect(fault.location == "trial[0]")
    }
}
