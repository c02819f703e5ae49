import Foundation
import Mechanist
import Testing

/// Seeded random feed-forward models (as model files): the interpreter and compiled code
/// must agree bitwise on every one, trial by trial (verify mode), including state.
struct RandomGraphTests {
    @Test("random feed-forward graphs: interpreted == compiled", arguments: 0..<100)
    func randomGraph(seed: UInt64) throws {
        var generator = RandomModel(seed: seed)
        let (modelText, inputs) = generator.make()
        let model = try Model.decode(json: modelText, path: "random-\(seed).json")
        let interpreted = try compile(model, options: CompileOptions(mode: .interpreted))
        let compiled = try compile(model, options: CompileOptions(mode: .compiled))
        let a = try interpreted.run(inputs: inputs, trials: 7)
        let b = try compiled.run(inputs: inputs, trials: 7)
        #expect(bitwiseEqual(a.results, b.results), "seed \(seed):\n\(modelText)")
        // Verify mode compares every output and state value after every trial itself.
        let verified = try compile(model, options: CompileOptions(mode: .verify))
        _ = try verified.run(inputs: inputs, trials: 7)
    }
}

/// SplitMix64: a tiny seeded generator for test data.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) * 0x1.0p-53
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ p: Double) -> Bool { uniform(0, 1) < p }
}

/// Writes a random DAG of transfer mechanisms (every function, integrator mode, clip, noise,
/// explicit / default / FULL_CONNECTIVITY / RANDOM matrices, fan-in and fan-out) and maybe a
/// ComparatorMechanism, with inputs for its INPUT nodes.
struct RandomModel {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(state: seed &* 7919 &+ 1) }

    func number(_ x: Double) -> String { x.description }
    func vector(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }

    mutating func function() -> String {
        let g = number((rng.uniform(0.2, 2.5) * 100).rounded() / 100)
        let b = number((rng.uniform(-1, 1) * 100).rounded() / 100)
        switch rng.int(0...8) {
        case 0: return #"{"type": "Linear", "slope": \#(g), "intercept": \#(b)}"#
        case 1: return #"{"type": "Logistic", "gain": \#(g), "bias": \#(b), "x_0": 0.1, "offset": 0.05, "scale": 1.1}"#
        case 2: return #"{"type": "Tanh", "gain": \#(g), "bias": \#(b), "offset": -0.1, "scale": 0.9}"#
        case 3: return #"{"type": "ReLU", "gain": \#(g), "bias": \#(b), "leak": 0.1}"#
        case 4: return #"{"type": "Exponential", "rate": 0.3, "bias": \#(b), "scale": 0.5, "offset": 0.2}"#
        case 5: return #"{"type": "Gaussian", "standard_deviation": \#(g), "bias": \#(b), "scale": 1.3}"#
        case 6: return #"{"type": "SoftMax", "gain": \#(g), "output": "ALL"}"#
        case 7: return #"{"type": "SoftMax", "gain": \#(g), "output": "MAX_VAL"}"#
        default: return #"{"type": "SoftMax", "output": "MAX_INDICATOR"}"#
        }
    }

    mutating func make() -> (String, [String: [[[Double]]]]) {
        let count = rng.int(2...7)
        let sizes = (0..<count).map { _ in rng.int(1...6) }
        var nodes: [String] = []
        for i in 0..<count {
            let transfer = rng.chance(0.7)
            var fields = [#""name": "n\#(i)""#, #""type": "\#(transfer ? "TransferMechanism" : "ProcessingMechanism")""#,
                          #""size": \#(sizes[i])"#, #""function": \#(function())"#]
            // integrator_mode, clip and noise are TransferMechanism parameters.
            if transfer && rng.chance(0.3) {
                fields.append(#""integrator_mode": true, "integration_rate": \#(number(rng.uniform(0.05, 1)))"#)
                fields.append(#""initial_value": \#(number(rng.uniform(-1, 1)))"#)
            }
            if transfer && rng.chance(0.2) { fields.append(#""clip": [-0.5, 0.8]"#) }
            if transfer && rng.chance(0.2) { fields.append(#""noise": \#(number(rng.uniform(-0.2, 0.2)))"#) }
            nodes.append("{" + fields.joined(separator: ", ") + "}")
        }
        var projections: [String] = []
        var hasIncoming = [Bool](repeating: false, count: count)
        for j in 1..<count {
            for i in 0..<j where rng.chance(0.45) || (i == j - 1 && !hasIncoming[j] && rng.chance(0.7)) {
                hasIncoming[j] = true
                var p = #""sender": "n\#(i)", "receiver": "n\#(j)""#
                switch rng.int(0...3) {
                case 0:
                    let rows = (0..<sizes[i]).map { _ in vector((0..<sizes[j]).map { _ in (rng.uniform(-1, 1) * 1000).rounded() / 1000 }) }
                    p += #", "matrix": [\#(rows.joined(separator: ", "))]"#
                case 1: p += #", "matrix": "FULL_CONNECTIVITY""#
                case 2: p += #", "matrix": {"type": "RANDOM", "low": -0.5, "high": 0.5}"#
                default: break
                }
                projections.append("{" + p + "}")
            }
        }
        if let pair = (0..<count).flatMap({ a in (0..<count).map { (a, $0) } })
            .first(where: { $0.0 < $0.1 && sizes[$0.0] == sizes[$0.1] }), rng.chance(0.4) {
            nodes.append(#"{"name": "cmp", "type": "ComparatorMechanism", "sample": "n\#(pair.0)", "target": "n\#(pair.1)", "output_ports": ["OUTCOME", "SSE", "MSE", "SUM"]}"#)
        }
        var inputs: [String: [[[Double]]]] = [:]
        for i in 0..<count where !hasIncoming[i] {
            inputs["n\(i)"] = (0..<3).map { _ in [(0..<sizes[i]).map { _ in rng.uniform(-2, 2) }] }
        }
        let text = #"{"format": 1, "name": "random", "seed": \#(rng.int(0...1000)), "nodes": [\#(nodes.joined(separator: ",\n")) ], "projections": [\#(projections.joined(separator: ",\n"))]}"#
        return (text, inputs)
    }
}
