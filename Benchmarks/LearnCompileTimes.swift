import Mechanist
import MechanistModel

extension Benchmarks {
    /// Compile time of a learning model, median of `rounds`, measured two ways side by side:
    /// `learnOnly`, model file to callable learn (`purpose: .learn`, what `mechanist learn`
    /// does: the run loop is never compiled), and `both`, model file to callable run and learn
    /// (the learn loop compiled on the first learn, as an API user who runs first pays).
    static func learnCompileTimes(model path: String, inputs: InputSet, rounds: Int) throws
        -> (learnOnly: Double, both: Double) {
        var learnOnly: [Double] = []
        var both: [Double] = []
        for _ in 0..<rounds {
            learnOnly.append(try compile(modelAt: path, options: CompileOptions(mode: .compiled, purpose: .learn))
                .compileSeconds)
            let exe = try compile(modelAt: path, options: CompileOptions(mode: .compiled))
            _ = try exe.learn(inputs: inputs.inputs, targets: inputs.targets, trials: 0)
            both.append(exe.compileSeconds)
        }
        return (median(learnOnly), median(both))
    }
}
