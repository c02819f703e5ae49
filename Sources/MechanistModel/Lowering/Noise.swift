import MechanistIR

extension TransferLowering {
    /// Emits this execution's noise and returns it as a function of (offset, count) giving
    /// the expression for that run of elements; nil when there is none.
    ///
    /// A constant (one number, or one per element) is read as is. A NormalDist or UniformDist
    /// is drawn fresh, one independent number per element, by `Op.random` into a temp
    /// `<node>.noise`, from the stream keyed by (the distribution's `seed`, or else the
    /// model's `seed`; the name `<node>.noise`), advancing the counter `<node>.rng`. The seed
    /// is a runtime parameter (`<node>.noise.seed` or `seed`), the key derived from it when
    /// the draw runs. Both
    /// executors call the same counter-based generator (Runtime/random.c), so the numbers are
    /// identical; they are not numpy's (PsyNeuLink's streams are not reproduced).
    func emitNoise(count: Int, in context: inout LoweringContext) -> ((Int, Int) -> Expr)? {
        switch node.noise {
        case nil:
            return nil
        case .constant(let value)?:
            // A runtime parameter, added even while it is 0 (PsyNeuLink skips a zero noise:
            // `safe_equals(noise, 0)`; adding +0.0 differs only where a sum is -0.0), so that
            // setting it gives the numbers of a file with that value.
            return context.parameterExpr(value, named: "\(node.name).noise", count: count)
        case .normal(let mean, let sd, let seed)?:
            // The runtime's `mean + sd * z`, with mean and sd runtime parameters: a standard
            // normal draw (0 + 1 * z is z exactly) scaled here gives the same numbers.
            let mean = context.scalarParameter("\(node.name).noise.mean", mean)
            let sd = context.scalarParameter("\(node.name).noise.standard_deviation", sd)
            return drawNoise(.normal(mean: 0, standardDeviation: 1), seed: seed, count: count, in: &context)
                .map { draw in { offset, n in mean + sd * draw(offset, n) } }
        case .uniform(let low, let high, let seed)?:
            // The runtime's `low + (high - low) * u` (0 + 1 * u is u exactly).
            let low = context.scalarParameter("\(node.name).noise.low", low)
            let high = context.scalarParameter("\(node.name).noise.high", high)
            return drawNoise(.uniform(low: 0, high: 1), seed: seed, count: count, in: &context)
                .map { draw in { offset, n in low + (high - low) * draw(offset, n) } }
        }
    }

    private func drawNoise(_ distribution: RandomDistribution, seed: Int?, count: Int,
                           in context: inout LoweringContext) -> ((Int, Int) -> Expr)? {
        guard let counter = buffers.rng else { return nil }
        let draws = context.buffer("\(node.name).noise", .temp, .vector(count))
        let key = seed.map { context.streamKey(seed: $0, named: "\(node.name).noise.seed", stream: "\(node.name).noise") }
            ?? context.streamKey(seed: context.model.seed, stream: "\(node.name).noise")
        context.builder.emit(.random(dst: draws, distribution, key: key, counter: counter))
        return { offset, n in .element(Slice(draws.buffer, offset: draws.offset + offset, count: n)) }
    }

    /// Whether the node's noise is a distribution (drawn, so it needs a counter).
    static func drawsNoise(_ node: Node) -> Bool {
        switch node.noise {
        case .normal?, .uniform?: return true
        case .constant?, nil: return false
        }
    }
}
