import Foundation
import Mechanist
import MechanistCAPI
import Testing

/// The fast path (`mechanist_run_rows`, `mechanist_learn_rows`): rows laid out by the caller
/// from the slots the API lists give the numbers `mechanist_run` / the Swift API give (`==`).
struct RowsAPITests {
    /// The input slots as (label, offset, size) and the widths.
    static func layout(_ c: CExecutable) -> (slots: [(String, Int, Int)], input: Int, output: Int) {
        var input: Int64 = 0, output: Int64 = 0, count: Int64 = 0
        expectOK(mechanist_row_widths(c.pointer, &input, &output))
        expectOK(mechanist_input_slot_count(c.pointer, &count))
        var slots: [(String, Int, Int)] = []
        for k in 0..<count {
            var label: UnsafePointer<CChar>?
            var offset: Int64 = 0, size: Int64 = 0
            expectOK(mechanist_input_slot(c.pointer, k, &label, &offset, &size))
            slots.append((label.map { String(cString: $0) } ?? "", Int(offset), Int(size)))
        }
        return (slots, Int(input), Int(output))
    }

    @Test(arguments: [MECHANIST_MODE_COMPILED, MECHANIST_MODE_INTERPRETED, MECHANIST_MODE_VERIFY])
    func stroopRowsRunAsTheSwiftAPIRuns(_ mode: mechanist_mode) throws {
        let path = Repository.example("stroop", "model.json")
        var options = CExecutable.defaults
        options.mode = mode
        let c = try CExecutable(path: path, options: options)
        let (slots, inputWidth, outputWidth) = Self.layout(c)
        #expect(slots.map(\.0) == ["color_input.InputPort-0", "word_input.InputPort-0", "task_input.InputPort-0"]
                || slots.count == 3, "\(slots)")
        // Entry e of each node goes into row e at its slot.
        var rows = [Double](repeating: 0, count: 6 * inputWidth)
        for (node, values, entries) in stroopInputs {
            guard let slot = slots.first(where: { $0.0.hasPrefix(node + ".") }) else { Issue.record("no slot for \(node)"); continue }
            for e in 0..<Int(entries) {
                for i in 0..<slot.2 { rows[e * inputWidth + slot.1 + i] = values[e * slot.2 + i] }
            }
        }
        var outputs = [Double](repeating: .nan, count: 6 * outputWidth)
        expectOK(mechanist_run_rows(c.pointer, rows, 6, 6, &outputs, Int64(outputs.count)))
        let swift = try compile(try Model.load(path: path), options: CompileOptions(mode: .compiled))
        let expected = try swift.run(inputs: CLists.nested(stroopInputs))
        #expect(outputs == expected.results.flatMap { $0.flatMap { $0 } })
        // Too small an output buffer, a negative count, a non-finite input: statuses, nothing written.
        var small = [Double](repeating: 0, count: 3)
        #expect(mechanist_run_rows(c.pointer, rows, 6, 6, &small, 3) == MECHANIST_INVALID_ARGUMENT)
        #expect(mechanist_run_rows(c.pointer, rows, -1, 6, &outputs, Int64(outputs.count)) == MECHANIST_INVALID_ARGUMENT)
        rows[1] = .infinity
        #expect(mechanist_run_rows(c.pointer, rows, 6, 6, &outputs, Int64(outputs.count)) == MECHANIST_INPUT_ERROR)
        #expect(lastError.contains("not a finite number"), "\(lastError)")
        #expect(mechanist_learn_rows(c.pointer, rows, 6, 6, &outputs, Int64(outputs.count)) == MECHANIST_INPUT_ERROR)
    }

    @Test func xorLearnsOverRowsAsTheSwiftAPILearns() throws {
        let path = Repository.example("xor_learning", "model.json")
        let c = try CExecutable(path: path)
        let (slots, inputWidth, outputWidth) = Self.layout(c)
        let samples: [([Double], Double)] = [([0, 0], 0), ([0, 1], 1), ([1, 0], 1), ([1, 1], 0)]
        var rows = [Double](repeating: 0, count: 4 * inputWidth)
        let input = try #require(slots.first { $0.0.hasPrefix("input.") })
        let target = try #require(slots.first { $0.0.hasPrefix("output_target.") })
        for (r, (x, y)) in samples.enumerated() {
            rows[r * inputWidth + input.1] = x[0]
            rows[r * inputWidth + input.1 + 1] = x[1]
            rows[r * inputWidth + target.1] = y
        }
        var outputs = [Double](repeating: 0, count: 40 * outputWidth)
        expectOK(mechanist_learn_rows(c.pointer, rows, 4, 40, &outputs, Int64(outputs.count)))
        let swift = try compile(try Model.load(path: path))
        let expected = try swift.learn(inputs: ["input": samples.map { [$0.0] }], targets: ["output": samples.map { [[$0.1]] }],
                                       trials: 40)
        #expect(outputs == expected.results.flatMap { $0.flatMap { $0 } })
        for name in swift.learnedWeightNames {
            var values = [Double](repeating: 0, count: try swift.weight(name).flatMap { $0 }.count)
            expectOK(mechanist_weight_get(c.pointer, name, &values, Int64(values.count)))
            #expect(values == (try swift.weight(name)).flatMap { $0 })
        }
        var kind: Int32 = -1, column: Int64 = -1, size: Int64 = -1
        var label: UnsafePointer<CChar>?
        expectOK(mechanist_output_slot(c.pointer, 0, &label, &column, &size, &kind))
        #expect((kind, column, size) == (0, 0, 1))
    }
}
