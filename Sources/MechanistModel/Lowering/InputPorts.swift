import MechanistIR

extension LoweringContext {
    /// Declares one input buffer per input port of every INPUT node, in the model's order.
    /// PsyNeuLink feeds an INPUT node through the composition's input interface, an identity
    /// mapping, so the external input is the port's value as given.
    mutating func declareInputs() throws(ModelError) -> [NodeInputs] {
        var declared: [NodeInputs] = []
        for (i, node) in model.nodes.enumerated() where graph.isInput[i] {
            var ports: [InputPortBuffer] = []
            var slices: [Slice] = []
            for port in graph.shapes[i].inputPorts {
                let slice = try input(node: node.name, port: port.name, count: port.size,
                                      path: GraphResolver.nodePath(i))
                slices.append(slice)
                ports.append(InputPortBuffer(port: port.name, buffer: slice.buffer, size: port.size))
            }
            externalInputs[i] = slices
            declared.append(NodeInputs(node: node.name, ports: ports))
        }
        return declared
    }

    /// Emits the value of each input port of node `i`: the external input (INPUT nodes), plus
    /// each afferent's `sender @ matrix` in its own temp, summed elementwise in order (as
    /// PsyNeuLink sums its path afferents' values). A port with one source reads it directly;
    /// one with none holds its default variable. A sender in `frozen` is read from its copy
    /// there (its value at the start of the consideration set both nodes belong to).
    mutating func portVariables(of i: Int, frozen: [Int: [Int: Slice]] = [:]) -> [Slice] {
        let shape = graph.shapes[i]
        let name = model.nodes[i].name
        var variables: [Slice] = []
        // Afferents by receiving port, in order: an ObjectiveMechanism has a port per monitored
        // node, and a scan of every afferent per port was quadratic (issue 13).
        var afferentsByPort = [[Int]](repeating: [], count: shape.inputPorts.count)
        for (j, a) in graph.afferents[i].enumerated() where afferentsByPort.indices.contains(a.receiverPort) {
            afferentsByPort[a.receiverPort].append(j)
        }
        for (k, port) in shape.inputPorts.enumerated() {
            var sources: [Slice] = []
            if let external = externalInputs[i] { sources.append(external[k]) }
            for j in afferentsByPort[k] {
                let a = graph.afferents[i][j]
                let sender = frozen[a.sender]?[a.senderPort] ?? outputs[a.sender][a.senderPort]
                guard let matrix = afferentWeights[i][j] else {
                    sources.append(sender)
                    continue
                }
                let contribution = buffer("\(a.name).value", .temp, .vector(a.columns))
                builder.emit(.vecMat(dst: contribution, vector: sender, matrix: matrix, rows: a.rows, columns: a.columns))
                sources.append(contribution)
            }
            if sources.isEmpty {
                // No projection reaches this port: PsyNeuLink uses the port's default variable.
                let initial = model.nodes[i].defaultVariable?[k] ?? [Double](repeating: 0, count: port.size)
                variables.append(buffer("\(name).\(port.name).default", .parameter, .vector(port.size),
                                        initial: initial))
                continue
            }
            if sources.count == 1 {
                variables.append(sources[0])
                continue
            }
            let sum = buffer("\(name).\(port.name).variable", .temp, .vector(port.size))
            // In afferent order, in shallow chunks (thousands of afferents: `ChunkedFold`).
            if let total = ChunkedFold.fold(sources.map { Expr.element($0) }, into: sum, builder: &builder, +) {
                builder.assign(sum, total)
            }
            variables.append(sum)
        }
        return variables
    }
}
