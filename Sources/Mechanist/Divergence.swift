/// The first difference verify mode found between the interpreter and compiled code.
public struct Divergence: Error, Sendable, CustomStringConvertible {
    /// Trial index within the run (0-based).
    public var trial: Int
    /// What diverged: an output port (`node.PORT`) or a state/weight buffer (`node.field`).
    public var location: String
    /// Element index within that port or buffer.
    public var index: Int
    public var interpreted: Double
    public var compiled: Double

    public var description: String {
        "verify: divergence at trial \(trial), \(location)[\(index)]: interpreted \(interpreted) "
            + "(bits 0x\(String(interpreted.bitPattern, radix: 16))), compiled \(compiled) "
            + "(bits 0x\(String(compiled.bitPattern, radix: 16)))"
    }

    /// Strict mode compares bit patterns (so -0.0 differs from 0.0); any NaN equals any NaN.
    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }
}
