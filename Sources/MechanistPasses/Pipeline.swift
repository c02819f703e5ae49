import MechanistIR

/// An ordered list of passes, run with the verifier before the first and after every one
/// (in release builds after the last, see `run`).
///
/// The verifier allows unknown shapes after a pass only when the pass's input had some: no
/// pass may lose a shape, and once shapes are inferred every later Program must have them.
package struct Pipeline: Sendable {
    package var passes: [Pass]

    package init(_ passes: [Pass]) { self.passes = passes }

    /// verify -> infer-shapes -> fold-constants -> fuse-elementwise -> eliminate-dead-code ->
    /// plan-memory.
    package static let standard = Pipeline([
        .verify, .inferShapes, .foldConstants, .fuseElementwise, .eliminateDeadCode, .planMemory,
    ])

    /// The standard pipeline whose constant folding keeps the parameter buffers `runtime` as
    /// runtime values (the default compilation; `standard` itself folds them all: specialized).
    package static func keepingParameters(_ runtime: BufferSet) -> Pipeline {
        Pipeline(standard.passes.map { $0.name == "fold-constants" ? .foldConstantsKeeping(runtime) : $0 })
    }

    /// The passes' names, in order.
    package var passNames: [String] { passes.map(\.name) }

    /// This pipeline without the named passes (`--disable-pass`).
    /// - Throws: `PipelineError.unknownPass` for a name that is not in the pipeline.
    package func removing(_ names: Set<String>) throws -> Pipeline {
        try checkNames(names)
        return Pipeline(passes.filter { !names.contains($0.name) })
    }

    /// Runs every pass in order, verifying in between; after each pass named in `dumpAfter`
    /// calls `dump(name, program)` (print it with `printProgram(_:)`).
    ///
    /// Release builds verify the input and the result only (verifying after every pass was
    /// most of `check`'s time on a large model, issue 13): when a pass throws or the result
    /// breaks a rule, the passes, pure functions, run again verifying after each, so the
    /// error names the same pass and fault as a run verifying throughout. Debug builds (the
    /// tests) and runs that dump always verify after every pass.
    /// - Throws: `PipelineError`, naming the pass that failed.
    ///
    /// `inputVerified`: the caller has already passed `program` to `verifyInput` (`check`
    /// verifies on both cores before the passes share them with its summary).
    package func run(_ program: Program, inputVerified: Bool = false, dumpAfter: Set<String> = [],
                    dump: (String, Program) -> Void = { _, _ in }) throws -> Program {
        try checkNames(dumpAfter)
        if !inputVerified { try Self.verifyInput(program) }
        #if !DEBUG
        if dumpAfter.isEmpty, let result = verifiedOnce(program) { return result }
        #endif
        var current = program
        for pass in passes {
            let hadUnknownShapes = current.buffers.contains { $0.shape == nil }
            do {
                current = try pass.run(current)
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError.passFailed(pass: pass.name, underlying: error)
            }
            do {
                try MechanistIR.verify(current, allowingUnknownShapes: hadUnknownShapes)
            } catch {
                throw PipelineError.invalidAfter(pass: pass.name, error)
            }
            if dumpAfter.contains(pass.name) { dump(pass.name, current) }
        }
        return current
    }

    /// Verifies a Program as `run` does before the first pass; `names`, the table its
    /// buffers were named through (lowering's), spares hashing every name again.
    /// - Throws: `PipelineError.invalidInput`.
    package static func verifyInput(_ program: Program, namedBy names: NameTable? = nil) throws(PipelineError) {
        do {
            if let names {
                try MechanistIR.verify(program, allowingUnknownShapes: true, namedBy: names)
            } else {
                try MechanistIR.verify(program, allowingUnknownShapes: true)
            }
        } catch {
            throw PipelineError.invalidInput(error)
        }
    }

    /// The passes run without verifying in between, and the result verified as the last
    /// pass's would be; nil when a pass throws or the result is invalid (the caller then
    /// runs the pipeline verifying throughout, for the error).
    package func verifiedOnce(_ program: Program) -> Program? {
        var current = program
        var hadUnknownShapes = true
        // A leading `verify` pass checks what `run` has just checked.
        for (index, pass) in passes.enumerated() where index > 0 || pass.name != Pass.verify.name {
            // Only the last pass's input decides (a scan of every buffer, so not per pass).
            if index == passes.count - 1 { hadUnknownShapes = current.buffers.contains { $0.shape == nil } }
            guard let next = try? pass.run(current) else { return nil }
            // What only the previous Program held (its rewritten expressions) is freed while
            // the next pass runs.
            releasedInBackground(consume current)
            current = next
        }
        guard (try? MechanistIR.verify(current, allowingUnknownShapes: hadUnknownShapes, derivedFrom: program)) != nil
        else { return nil }
        return current
    }

    private func checkNames(_ names: Set<String>) throws {
        for name in names.sorted() where !passNames.contains(name) {
            throw PipelineError.unknownPass(name, known: passNames)
        }
    }
}
