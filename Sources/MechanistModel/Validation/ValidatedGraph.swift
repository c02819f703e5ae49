/// The graph a successful `validate()` resolved, kept with the model so that lowering (and
/// input validation) do not resolve it again: at 100,000 nodes that was about a second of
/// `mechanist check` (issue 13). Only `Model.decode` fills it, after validating; any change to
/// the model's fields empties it (`didSet` on each), so a kept graph is always the model's.
///
/// Not part of the model's value: two models equal in their fields are equal whether or not
/// one has been validated.
struct ValidatedGraph: Sendable, Hashable {
    /// A class, so that copies of a model share one graph and `Model` stays small.
    final class Box: Sendable {
        let graph: ModelGraph
        init(_ graph: ModelGraph) { self.graph = graph }
    }

    private(set) var box: Box?

    init(_ graph: ModelGraph? = nil) { box = graph.map(Box.init) }

    var graph: ModelGraph? { box?.graph }

    static func == (lhs: ValidatedGraph, rhs: ValidatedGraph) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
