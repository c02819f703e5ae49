import MechanistIR

/// The matrix of a RecurrentTransferMechanism's (or LCAMechanism's) recurrent projection, as
/// PsyNeuLink 0.21 builds it (`RecurrentTransferMechanism._instantiate_attributes_before_function`):
///
/// - the base is `matrix` (default HOLLOW for an RTM; for an LCA, `-competition` off the
///   diagonal and `self_excitation` on it, i.e. INVERSE_HOLLOW by default);
/// - `auto` and `hetero` both given: `diag(auto) + hetero` (the base is ignored);
/// - `auto` only: the base with its diagonal replaced by `auto`;
/// - `hetero` only: `hetero` off the diagonal, the base's diagonal kept.
///
/// `auto` is a number or one value per unit; `hetero` a number (times a HOLLOW matrix) or an
/// n x n matrix. An LCA's `self_excitation` is its `auto` and `-competition` its `hetero`;
/// with an explicit `matrix`, PsyNeuLink ignores both (it warns), but not `auto`/`hetero`.
struct RecurrentMatrix {
    /// Row-major n x n values; nil when the matrix is RANDOM (drawn at initialization).
    var values: [Double]?

    init(_ node: Node, size n: Int) {
        let r = node.recurrent ?? RecurrentParameters()
        let lca = node.type == .lcaMechanism ? (node.lca ?? LCAParameters()) : nil
        var auto = r.auto
        var hetero = r.hetero
        if let lca, r.matrix == nil {
            if auto == nil, let s = lca.selfExcitation { auto = .scalar(s) }
            if hetero == nil, let c = lca.competition { hetero = .scalar(-c) }
        }
        let base: [Double]?
        if let spec = r.matrix {
            base = spec.values(rows: n, columns: n)
        } else if lca != nil {
            // INVERSE_HOLLOW: the LCA's default competition 1, self_excitation 0.
            base = SquareMatrix.build(size: n, diagonal: { _ in 0 }, offDiagonal: { _ in -1 })
        } else {
            base = MatrixSpec.hollow.values(rows: n, columns: n)
        }
        let a = auto.map { Self.autoDiagonal($0, size: n) }
        let h = hetero.map { Self.heteroMatrix($0, size: n) }
        switch (a, h) {
        case (let a?, let h?):
            // PsyNeuLink's `np.diag(auto) + hetero`, summed element by element as numpy does.
            let diagonal = SquareMatrix.build(size: n, diagonal: { a[$0] }, offDiagonal: { _ in 0 })
            values = zip(diagonal, h).map { $0 + $1 }
        case (let a?, nil):
            values = base.map { m in SquareMatrix.build(size: n, diagonal: { a[$0] }, offDiagonal: { m[$0] }) }
        case (nil, let h?):
            values = base.map { m in SquareMatrix.build(size: n, diagonal: { m[$0 * n + $0] }, offDiagonal: { h[$0] }) }
        case (nil, nil):
            values = base
        }
    }

    /// `auto` as the diagonal (validation checks the length: 1 or n).
    static func autoDiagonal(_ value: ParameterValue, size n: Int) -> [Double] {
        let v = value.flattened
        return v.count == n ? v : [Double](repeating: v.first ?? 0, count: n)
    }

    /// `hetero` as a full matrix: a number times HOLLOW, or the n x n matrix as given (its
    /// diagonal counts when `auto` is given too, as in PsyNeuLink's `auto + hetero`).
    static func heteroMatrix(_ value: ParameterValue, size n: Int) -> [Double] {
        let v = value.flattened
        if v.count == n * n, case .matrix = value { return v }
        let h = v.first ?? 0
        return SquareMatrix.build(size: n, diagonal: { _ in 0 }, offDiagonal: { _ in h })
    }
}

extension LoweringContext {
    /// Declares the recurrent matrix of every RecurrentTransferMechanism and LCAMechanism: a
    /// `weight` buffer named exactly as the node (how a Hebbian-learned matrix is reported),
    /// learnable when `enable_learning` is set. A RANDOM matrix's draw is returned.
    mutating func declareRecurrentMatrices() throws(ModelError) -> (weights: [WeightMatrix], draws: [Op]) {
        var declared: [WeightMatrix] = []
        var draws: [Op] = []
        for (i, node) in model.nodes.enumerated() where Self.isRecurrent(node.type) {
            let n = graph.shapes[i].inputPorts[0].size
            let matrix = RecurrentMatrix(node, size: n)
            let slice = try namedBuffer(node.name, .weight, .matrix(rows: n, columns: n), initial: matrix.values ?? [],
                                        path: GraphResolver.nodePath(i) / "name")
            if case .random(let low, let high)? = node.recurrent?.matrix {
                let counter = buffer("\(node.name).matrix.rng", .state, .scalar)
                draws.append(.random(dst: slice, .uniform(low: low, high: high),
                                     key: streamKey(seed: model.seed, stream: node.name), counter: counter))
            }
            addWeight(node.name, slice)
            declared.append(WeightMatrix(name: node.name, buffer: slice.buffer, rows: n, columns: n,
                                         learnable: node.recurrent?.enableLearning ?? false))
        }
        return (declared, draws)
    }

    /// RecurrentTransferMechanism and its subclass LCAMechanism have a recurrent projection.
    static func isRecurrent(_ type: NodeType) -> Bool {
        switch type {
        case .recurrentTransferMechanism, .lcaMechanism: return true
        case .processingMechanism, .transferMechanism, .objectiveMechanism, .comparatorMechanism,
             .learningMechanism, .autoAssociativeLearningMechanism:
            return false
        }
    }
}
