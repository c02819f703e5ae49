import Mechanist
import MechanistModel

extension Benchmarks {
    /// Compile time of a learning model, median of `rounds`, measured three ways side by side:
    /// `learnOnly`, model file to callable learn (`purpose: .learn`, what `mechanist learn`
    /// does: the run loop is never compiled); `oneThread`, the same on one thread (a body with
    /// much work per trial otherwise compiles in parts, one per processor: `CompileParallelism`);
    /// and `both`, model file to callable run and learn (the learn loop compiled on the first
    /// learn, as an API user who runs first pays).
    static func learnCompileTimes(model path: String, inputs: InputSet, rounds: Int) throws
        -> (learnOnly: Double, oneThread: Double, both: Double) {
        var learnOnly: [Double] = []
        var oneThread: [Double] = []
        var both: [Double] = []
        var serial = CompileOptions(mode: .compiled, purpose: .learn)
        serial.parallelism = .none
        for _ in 0..<rounds {
            learnOnly.append(try compile(modelAt: path, options: CompileOptions(mode: .compiled, purpose: .learn))
                .compileSeconds)
            oneThread.append(try compile(modelAt: path, options: serial).compileSeconds)
            let exe = try compile(modelAt: path, options: CompileOptions(mode: .compiled))
            _ = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, trials: 0)
            both.append(exe.compileSeconds)
        }
        return (median(learnOnly), median(oneThread), median(both))
    }
}
