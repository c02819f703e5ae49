import MechanistIR
import Testing

/// `Op.append`: a row written at a run-time position, the same bits in both executors.
@Suite struct AppendTests {
    @Test func appendsRowsAtTheCounterAndStopsWhenFull() throws {
        // Each trial: the counter restarts at an input value, then three appends of x, x + 1,
        // x + 2 into a 3-row area. A counter of 1 stores rows 1 and 2 and drops the third;
        // -1, 3 and NaN store nothing where the row is out of range.
        var b = ProgramBuilder(name: "append")
        let x = b.input(node: "x", port: "in", count: 2)
        let start = b.input(node: "start", port: "in", count: 1)
        let rows = b.buffer("rows", .state, .matrix(rows: 3, columns: 2))
        let counter = b.buffer("counter", .state, .scalar)
        let value = b.buffer("value", .temp, .vector(2))
        b.assign(counter, .element(start))
        for k in 0..<3 {
            b.assign(value, .element(x) + .constant(Double(k)))
            b.emit(.append(dst: rows, source: value, counter: counter))
        }
        b.record(node: "rows", port: "value", rows)
        b.record(node: "counter", port: "value", counter)
        b.finish(.trial)
        let inputs: [[Double]] = [[10, 20, 0], [30, 40, 1], [50, 60, -1], [70, 80, .nan]]
        let (interpreted, optimized, unoptimized) = try Harness(b.program).runAll(inputs: inputs, trials: 4)
        #expect(optimized.bits == interpreted.bits)
        #expect(unoptimized.bits == interpreted.bits)
        let width = 7
        let row = { (t: Int) in Array(interpreted.outputs[(t * width)..<((t + 1) * width)]) }
        #expect(row(0) == [10, 20, 11, 21, 12, 22, 3])
        #expect(row(1) == [10, 20, 30, 40, 31, 41, 4])
        // -1: rows 0 and 1 (counter -1, 0, 1): the first append is out of range.
        #expect(row(2) == [51, 61, 52, 62, 31, 41, 2])
        #expect(row(3).prefix(6) == [51, 61, 52, 62, 31, 41] && row(3)[6].isNaN)
    }

    /// The verifier's message for a program whose trial is `op` over rows (5), counter (2)
    /// and source (2), state buffers %0, %1, %2; "" when it verifies.
    private func fault(_ op: (Slice, Slice, Slice) -> Op) -> String {
        var b = ProgramBuilder(name: "bad")
        let rows = b.buffer("rows", .state, .vector(6))
        let counter = b.buffer("counter", .state, .vector(2))
        let source = b.buffer("source", .state, .vector(2))
        b.emit(op(rows, counter, source))
        b.finish(.trial)
        do { try b.program.verify(); return "" } catch { return error.description }
    }

    @Test func verifierRejectsMalformedAppends() {
        #expect(fault { .append(dst: $0, source: $2, counter: $1.element(0)) } == "")
        #expect(fault { .append(dst: $0, source: $2, counter: $1) }.contains("append counter counter[0..<2] has 2 elements"))
        #expect(fault { .append(dst: Slice($0.buffer, count: 5), source: $2, counter: $1.element(0)) }
            .contains("is no list of rows of 2"))
        #expect(fault { rows, counter, _ in .append(dst: rows, source: Slice(rows.buffer, count: 2), counter: counter.element(0)) }
            .contains("append destination and source overlap"))
        var b = ProgramBuilder(name: "printed")
        let rows = b.buffer("rows", .state, .vector(6))
        let counter = b.buffer("counter", .state, .scalar)
        let source = b.buffer("source", .state, .vector(2))
        b.emit(.append(dst: rows, source: source, counter: counter))
        b.finish(.trial)
        #expect(printProgram(b.program).contains("append source[0..<2] to rows[0..<6] at row counter[0], counter[0] += 1"))
    }
}
