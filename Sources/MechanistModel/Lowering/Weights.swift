import MechanistIR

extension LoweringContext {
    /// Declares every projection's weight matrix (role `weight`, named by the projection, so
    /// the host reads and sets it by name), in model order, then the monitor projections,
    /// then the recurrent matrices (named by their node).
    /// RANDOM matrices are drawn by ops emitted at top level, which the caller makes the
    /// start of the program's initialization body.
    mutating func declareWeights() throws(ModelError) -> [WeightMatrix] {
        var declared: [WeightMatrix] = []
        var randomDraws: [Op] = []
        var byProjection: [Int: ModelGraph.Afferent] = [:]
        var monitors: [ModelGraph.Afferent] = []
        for a in graph.afferents.flatMap({ $0 }) {
            switch a.origin {
            case .projection(let p): byProjection[p] = a
            case .monitor: monitors.append(a)
            case .sample, .target: break
            }
        }
        for a in model.projections.indices.compactMap({ byProjection[$0] }) + monitors {
            guard let spec = a.matrix else { continue }
            let shape = Shape.matrix(rows: a.rows, columns: a.columns)
            let slice = try namedBuffer(a.name, .weight, shape, initial: spec.values(rows: a.rows, columns: a.columns) ?? [],
                                        path: a.path)
            if case .random(let low, let high) = spec {
                let counter = buffer("\(a.name).rng", .state, .scalar)
                randomDraws.append(.random(dst: slice, .uniform(low: low, high: high),
                                           key: streamKey(seed: model.seed, name: a.name), counter: counter))
            }
            weights[a.name] = slice
            var learnable = true
            if case .projection(let p) = a.origin { learnable = model.projections[p].learnable ?? true }
            declared.append(WeightMatrix(name: a.name, buffer: slice.buffer, rows: a.rows, columns: a.columns,
                                         learnable: learnable))
        }
        let recurrent = try declareRecurrentMatrices()
        declared += recurrent.weights
        randomDraws += recurrent.draws
        // Emitted at top level: `lower` collects them (and the nodes' initializations after
        // them) into the initialization body.
        for op in randomDraws { builder.emit(op) }
        return declared
    }
}

/// The key of a random stream: a stable 64-bit hash of the model's seed and a stream name
/// (FNV-1a over the seed's 8 little-endian bytes, a separator and the name's UTF-8, then
/// SplitMix64's finalizer). The same seed and name give the same numbers on every machine
/// and in both executors; another seed or name gives an independent stream.
func streamKey(seed: Int, name: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    let bits = UInt64(bitPattern: Int64(seed))
    for k in 0..<8 { mix(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    mix(0xFF)
    for byte in name.utf8 { mix(byte) }
    var z = hash &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
