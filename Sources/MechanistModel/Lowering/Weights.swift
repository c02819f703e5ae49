import MechanistIR

extension LoweringContext {
    /// Declares every projection's weight matrix (role `weight`, named by the projection, so
    /// the host reads and sets it by name), in model order, then the monitor projections,
    /// then the recurrent matrices (named by their node).
    /// RANDOM matrices are drawn by ops emitted at top level, which the caller makes the
    /// start of the program's initialization body.
    /// - Returns: the matrices, the first `fromProjections` of them the projections'.
    mutating func declareWeights() throws(ModelError) -> (weights: [WeightMatrix], fromProjections: Int) {
        var declared: [WeightMatrix] = []
        var fromProjections = 0
        var randomDraws: [Op] = []
        // Where each afferent is, by projection index (an array: a dictionary hashed every
        // index of a large model). Positions, not copies: an afferent is a dozen fields, and
        // copying each one three times was a good part of lowering (issue 13).
        var byProjection = [(node: Int, k: Int)?](repeating: nil, count: model.projections.count)
        var monitors: [(node: Int, k: Int)] = []
        for i in graph.afferents.indices {
            for k in graph.afferents[i].indices {
                switch graph.afferents[i][k].origin {
                case .projection(let p) where byProjection.indices.contains(p): byProjection[p] = (i, k)
                case .projection: break
                case .monitor: monitors.append((i, k))
                case .sample, .target: break
                }
            }
        }
        for (i, k) in byProjection.compactMap({ $0 }) + monitors {
            let a = graph.afferents[i][k]
            guard let spec = a.matrix else { continue }
            let shape = Shape.matrix(rows: a.rows, columns: a.columns)
            let slice = try namedBuffer(a.name, .weight, shape, initial: spec.values(rows: a.rows, columns: a.columns) ?? [],
                                        path: a.path)
            if case .random(let low, let high) = spec {
                let counter = buffer("\(a.name).rng", .state, .scalar)
                randomDraws.append(.random(dst: slice, .uniform(low: low, high: high),
                                           key: streamKey(seed: model.seed, stream: a.name), counter: counter))
            }
            afferentWeights[i][k] = slice
            addWeight(a.name, slice)
            var learnable = true
            if case .projection(let p) = a.origin {
                learnable = model.projections[p].learnable ?? true
                fromProjections += 1
            }
            declared.append(WeightMatrix(name: a.name, buffer: slice.buffer, rows: a.rows, columns: a.columns,
                                         learnable: learnable))
        }
        let recurrent = try declareRecurrentMatrices()
        declared += recurrent.weights
        randomDraws += recurrent.draws
        // Emitted at top level: `lower` collects them (and the nodes' initializations after
        // them) into the initialization body.
        for op in randomDraws { builder.emit(op) }
        return (declared, fromProjections)
    }
}

extension LoweringContext {
    /// The key of the random stream `name`: the runtime's `mechanist_stream_key` of a seed and
    /// the name, the seed read when the draw runs from the runtime parameter `seedName`
    /// (`seed`, the model's; `<node>.noise.seed`, a distribution's own), so that setting it
    /// gives the numbers of a file with that seed.
    mutating func streamKey(seed: Int, named seedName: String = "seed", stream name: String) -> RandomKey {
        .stream(seed: parameter(seedName, [Double(seed)]), name: name)
    }
}
