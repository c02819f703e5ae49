import MechanistIR

/// SplitMix64: a tiny seeded generator, so every random program is reproducible by seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random valid programs: chains of elementwise ops over inputs, parameters, weights, state
/// and earlier results, with reductions, matrix products, random draws and the odd loop.
/// Some temps are declared without a shape, some written in parts; sub-slices are read.
struct RandomProgramGenerator {
    var rng: SplitMix64
    var program: Program
    /// Slices that hold a value by now, any role.
    var values: [Slice] = []
    /// State vectors that ops may update in place.
    var states: [Slice] = []
    var counter = Slice(BufferID(0), count: 1)
    var temps = 0

    /// The random program for `seed`.
    static func program(seed: UInt64) -> Program {
        var generator = RandomProgramGenerator(seed: seed)
        return generator.make()
    }

    static let constants: [Double] = [1, 0, -0.0, 2, -1.5, 0.5, 3, 1e-3]

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        program = Program(name: "random\(seed)")
    }

    mutating func make() -> Program {
        for k in 0..<Int.random(in: 1...2, using: &rng) {
            let slice = declare(BufferDecl(name: "in\(k)", role: .input, shape: .vector(size())))
            program.inputs.append(InputSlot(node: "in\(k)", port: "value", buffer: slice.buffer))
            values.append(slice)
        }
        values.append(declare(BufferDecl(name: "gain", role: .parameter, shape: .scalar,
                                         initial: [constant()])))
        let n = size()
        let uniform = Bool.random(using: &rng)
        values.append(declare(BufferDecl(name: "bias", role: .parameter, shape: .vector(n),
                                         initial: (0..<n).map { _ in uniform ? 0.25 : number() })))
        let stateCount = size()
        let st = declare(BufferDecl(name: "state", role: .state, shape: .vector(stateCount),
                                    initial: (0..<stateCount).map { _ in number() }))
        states.append(st)
        values.append(st)
        counter = declare(BufferDecl(name: "rng", role: .state, shape: .scalar, initial: [0]))
        if Bool.random(using: &rng) {
            program[.initialization] = [.elementwise(dst: st, .element(st) * .constant(number()))]
        }
        var trial: [Op] = []
        for _ in 0..<Int.random(in: 3...12, using: &rng) { trial += step() }
        program[.trial] = trial
        let recorded = values.filter { program[$0.buffer].role == .temp }.suffix(3) + states
        program.outputs = recorded.enumerated().map { OutputSlot(node: "o\($0)", port: "value", source: $1) }
        return program
    }

    // MARK: Steps

    private mutating func step() -> [Op] {
        switch Int.random(in: 0..<21, using: &rng) {
        case 0..<6: return [elementwise()]
        case 6..<9: return chain()
        case 9..<11: return [reduce()]
        case 11..<14: return [matrixProduct()]
        case 14: return [draw()]
        case 15: return [updateState()]
        case 16: return split()
        case 17: return [branch()]
        case 18: return [until()]
        default: return [loop()]
        }
    }

    private mutating func elementwise() -> Op {
        let n = pickSize()
        let dst = newTemp(n)
        let op = Op.elementwise(dst: dst, expr(count: n, depth: 3))
        values.append(dst)
        return op
    }

    /// Two to four elementwise ops, each reading the one before: what fusion is for.
    /// Intermediates are sometimes kept for later ops to read too.
    private mutating func chain() -> [Op] {
        let n = pickSize()
        var previous = newTemp(n)
        var ops: [Op] = [.elementwise(dst: previous, expr(count: n, depth: 2))]
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            if Int.random(in: 0..<4, using: &rng) == 0 { values.append(previous) }
            let next = newTemp(n)
            let e: Expr = Bool.random(using: &rng)
                ? .unary(UnaryOp.allCases.randomElement(using: &rng) ?? .exp, .element(previous))
                : .binary(.multiply, .element(previous), expr(count: n, depth: 1))
            ops.append(.elementwise(dst: next, e))
            previous = next
        }
        values.append(previous)
        return ops
    }

    /// One temp written in two halves by two ops.
    private mutating func split() -> [Op] {
        let a = pickSize(), b = pickSize()
        let whole = newTemp(a + b)
        let first = Slice(whole.buffer, offset: 0, count: a), second = Slice(whole.buffer, offset: a, count: b)
        let ops: [Op] = [.elementwise(dst: first, expr(count: a, depth: 2)),
                         .elementwise(dst: second, expr(count: b, depth: 2))]
        values += [whole, first, second]
        return ops
    }

    private mutating func reduce() -> Op {
        let n = pickSize()
        let dst = newTemp(1)
        let reduction = Reduction.allCases.randomElement(using: &rng) ?? .sum
        let op = Op.reduce(dst: dst, reduction, expr(count: n, depth: 2), count: n)
        values.append(dst)
        return op
    }

    private mutating func matrixProduct() -> Op {
        let vector = values.randomElement(using: &rng) ?? values[0]
        let other = size()
        let rowsFirst = Bool.random(using: &rng)
        let (rows, columns) = rowsFirst ? (vector.count, other) : (other, vector.count)
        let matrix = declare(BufferDecl(name: "w\(program.buffers.count)", role: .weight,
                                        shape: .matrix(rows: rows, columns: columns),
                                        initial: (0..<(rows * columns)).map { _ in number() }))
        let dst = newTemp(other)
        values.append(dst)
        return rowsFirst
            ? .vecMat(dst: dst, vector: vector, matrix: matrix, rows: rows, columns: columns)
            : .matVec(dst: dst, matrix: matrix, vector: vector, rows: rows, columns: columns)
    }

    private mutating func draw() -> Op {
        let dst = newTemp(size())
        values.append(dst)
        let distribution: RandomDistribution = Bool.random(using: &rng)
            ? .uniform(low: -1, high: 2) : .normal(mean: 0.5, standardDeviation: 2)
        return .random(dst: dst, distribution, key: .constant(rng.next() % 1000), counter: counter)
    }

    /// `state = state * c + e`, e not reading the state (the verifier's same-index rule).
    private mutating func updateState() -> Op {
        let st = states[0]
        let saved = values
        values.removeAll { $0.buffer == st.buffer }
        let e = expr(count: st.count, depth: 2)
        values = saved
        return .elementwise(dst: st, .element(st) * .constant(constant()) + e)
    }

    /// A loop whose body computes a temp and accumulates it into the state.
    private mutating func loop() -> Op {
        let st = states[0]
        let dst = newTemp(st.count)
        let saved = values
        values.removeAll { $0.buffer == st.buffer }
        let e = expr(count: st.count, depth: 2)
        values = saved
        values.append(dst)
        return .loop(count: Int.random(in: 1...3, using: &rng), body: [
            .elementwise(dst: dst, e),
            .elementwise(dst: st, .element(st) + .element(dst) * .constant(0.5)),
        ])
    }

    /// A temp written in one or both arms of a branch on a state flag; later ops may read
    /// it even when the arm that writes it did not run.
    private mutating func branch() -> Op {
        let flag = declare(BufferDecl(name: "flag\(program.buffers.count)", role: .state, shape: .scalar,
                                      initial: [Bool.random(using: &rng) ? 1 : 0]))
        let n = pickSize()
        let dst = newTemp(n)
        let then: [Op] = [.elementwise(dst: dst, expr(count: n, depth: 2))]
        let otherwise: [Op] = Bool.random(using: &rng) ? [.elementwise(dst: dst, expr(count: n, depth: 2))] : []
        values.append(dst)
        return .branch(flag: flag, then: then, otherwise: otherwise)
    }

    /// Steps the state until its first element passes a threshold, the flag in a temp.
    private mutating func until() -> Op {
        let st = states[0]
        let flag = newTemp(1)
        return .until(flag: flag, maxIterations: Int.random(in: 1...4, using: &rng), body: [
            .elementwise(dst: st, .element(st) + .constant(0.75)),
            .elementwise(dst: flag, .select(.greater, .scalar(st.element(0)), .constant(number()),
                                            then: .constant(1), else: .constant(0))),
        ])
    }

    // MARK: Expressions

    private mutating func expr(count n: Int, depth: Int) -> Expr {
        if depth == 0 || Int.random(in: 0..<4, using: &rng) == 0 { return leaf(count: n) }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<2:
            let op = UnaryOp.allCases.randomElement(using: &rng) ?? .negate
            return .unary(op, expr(count: n, depth: depth - 1))
        case 2..<9:
            let op: BinaryOp = [.add, .add, .subtract, .multiply, .multiply, .divide, .pow, .max, .min]
                .randomElement(using: &rng) ?? .add
            return .binary(op, expr(count: n, depth: depth - 1), expr(count: n, depth: depth - 1))
        default:
            let comparison = Comparison.allCases.randomElement(using: &rng) ?? .less
            return .select(comparison, expr(count: n, depth: depth - 1), expr(count: n, depth: depth - 1),
                           then: expr(count: n, depth: depth - 1), else: expr(count: n, depth: depth - 1))
        }
    }

    private mutating func leaf(count n: Int) -> Expr {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<6:
            // An element read of n values: a whole value or a window of a larger one.
            let fitting = values.filter { $0.count >= n }
            guard let source = fitting.randomElement(using: &rng) else { return .index }
            let offset = Int.random(in: 0...(source.count - n), using: &rng)
            return .element(Slice(source.buffer, offset: source.offset + offset, count: n))
        case 6..<8:
            guard let source = values.randomElement(using: &rng) else { return .index }
            return .scalar(source.element(Int.random(in: 0..<source.count, using: &rng)))
        case 8:
            return .constant(constant())
        default:
            return .index
        }
    }

    // MARK: Buffers and numbers

    private mutating func declare(_ decl: BufferDecl) -> Slice {
        program.buffers.append(decl)
        return Slice(BufferID(program.buffers.count - 1), count: decl.shape?.count ?? 0)
    }

    /// A new temp of n elements, one in three declared without a shape.
    private mutating func newTemp(_ n: Int) -> Slice {
        temps += 1
        let shapeless = Int.random(in: 0..<3, using: &rng) == 0
        let slice = declare(BufferDecl(name: "t\(temps)", role: .temp, shape: shapeless ? nil : .vector(n)))
        return Slice(slice.buffer, count: n)
    }

    private mutating func size() -> Int { Int.random(in: 1...5, using: &rng) }

    /// A size some value already has, so element reads can be found.
    private mutating func pickSize() -> Int {
        Bool.random(using: &rng) ? (values.randomElement(using: &rng)?.count ?? 1) : size()
    }

    private mutating func constant() -> Double {
        RandomProgramGenerator.constants.randomElement(using: &rng) ?? 1
    }

    private mutating func number() -> Double {
        Double(Int.random(in: -20...20, using: &rng)) / 8
    }
}
