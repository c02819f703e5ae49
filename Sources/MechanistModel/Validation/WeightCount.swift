extension Model {
    /// How many weight values the model's matrices hold (every projection or monitor entry
    /// with a weight matrix, and each recurrent matrix), validating the model first: compiling
    /// checks the memory they will take before lowering builds them (issue 13). Validation
    /// bounds each matrix to 2^28 elements; the sum saturates at Int.max.
    package func weightValueCount() throws(ModelError) -> Int {
        let model = try expandingLearning()
        let graph = try model.graph()
        var sizes = graph.afferents.joined().filter { $0.matrix != nil }.map { $0.rows * $0.columns }
        for (i, node) in model.nodes.enumerated() where node.type == .recurrentTransferMechanism || node.type == .lcaMechanism {
            sizes.append(graph.shapes[i].valueCount * graph.shapes[i].valueCount)
        }
        return sizes.reduce(0) { total, n in
            let (sum, overflow) = total.addingReportingOverflow(n)
            return overflow ? Int.max : sum
        }
    }
}
