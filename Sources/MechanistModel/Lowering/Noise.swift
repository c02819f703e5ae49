import MechanistIR

extension LoweringContext {
    /// Emits this execution's noise of node i and returns it as a function of (offset,
    /// count) giving the expression for that run of elements; nil when there is none.
    ///
    /// A constant (one number, or one per element) is read as is. A NormalDist or UniformDist
    /// is drawn fresh, one independent number per element, by `Op.random` into a temp
    /// `<node>.noise`, from the stream keyed by (the distribution's `seed`, or else the
    /// model's `seed`; the name `<node>.noise`), advancing the counter `<node>.rng`. Both
    /// executors call the same counter-based generator (Runtime/random.c), so the numbers are identical; they are not
    /// numpy's (PsyNeuLink's streams are not reproduced).
    mutating func emitNoise(of i: Int, count: Int) -> ((Int, Int) -> Expr)? {
        let node = model.nodes[i]
        switch node.noise {
        case nil:
            return nil
        case .constant(let value)?:
            // Zero noise adds nothing (PsyNeuLink skips it too: `safe_equals(noise, 0)`).
            guard value.flattened.contains(where: { $0 != 0 }) else { return nil }
            return elementExpr(value, named: "\(node.name).noise", count: count)
        case .normal(let mean, let sd, let seed)?:
            return drawNoise(of: i, .normal(mean: mean, standardDeviation: sd), seed: seed, count: count)
        case .uniform(let low, let high, let seed)?:
            return drawNoise(of: i, .uniform(low: low, high: high), seed: seed, count: count)
        }
    }

    private mutating func drawNoise(of i: Int, _ distribution: RandomDistribution, seed: Int?,
                                    count: Int) -> ((Int, Int) -> Expr)? {
        guard let counter = nodeBuffers[i]?.rng else { return nil }
        let name = model.nodes[i].name
        let draws = buffer("\(name).noise", .temp, .vector(count))
        builder.emit(.random(dst: draws, distribution, key: noiseKey(of: i, seed: seed), counter: counter))
        return { offset, n in .element(Slice(draws.buffer, offset: draws.offset + offset, count: n)) }
    }

    /// The key of node i's noise stream.
    func noiseKey(of i: Int, seed: Int?) -> UInt64 {
        streamKey(seed: seed ?? model.seed, name: "\(model.nodes[i].name).noise")
    }

    /// Whether node i's noise is a distribution (drawn, so it needs a counter).
    func hasNoiseDistribution(_ i: Int) -> Bool {
        switch model.nodes[i].noise {
        case .normal?, .uniform?: return true
        case .constant?, nil: return false
        }
    }
}
