/// The value of a decimal literal `±significand × 10^exponent`, correctly rounded, when it can
/// be had without the C library's `strtod` (which `Double(String)` calls, about 2,000
/// instructions a number: a 64-128-10 network's weights took a sixth of its compile time to read).
///
/// Exact method: a significand of up to 19 digits and a power of ten up to 10^27 are both
/// exact in Float80 (64-bit significand), so one Float80 multiply or divide gives the value
/// rounded once, to within half a Float80 unit. Rounding that to a Double gives the correctly
/// rounded Double unless the Float80 result lies within one of its units of a point halfway
/// between two Doubles (its 11 bits below the Double's significand are 0x3FF-0x401): there
/// the true value may round the other way, and the caller falls back to `Double(String)`.
/// So the result is always the correctly rounded one, as `Double(String)` gives.
enum DecimalLiteral {
    /// At most this many significant digits (10^19 - 1 < 2^64).
    static let maxDigits = 19
    /// At most this power of ten (5^27 < 2^64, so 10^27 is exact in Float80).
    static let maxPower = 27

    /// Nil where only `Double(String)` can tell (too many digits, too large an exponent, a
    /// near-halfway case, or a platform without Float80).
    static func value(negative: Bool, significand: UInt64, exponent: Int) -> Double? {
        if significand == 0 { return negative ? -0.0 : 0.0 }
        #if arch(x86_64) && !os(Windows) && !os(Android)
        guard exponent >= -maxPower && exponent <= maxPower else { return nil }
        let power = powersOfTen[exponent < 0 ? -exponent : exponent]
        let rounded = exponent < 0 ? Float80(significand) / power : Float80(significand) * power
        let below = rounded.significandBitPattern & 0x7FF
        if below >= 0x3FF && below <= 0x401 { return nil }
        let x = Double(rounded)
        return negative ? -x : x
        #else
        return nil
        #endif
    }

    #if arch(x86_64) && !os(Windows) && !os(Android)
    /// 10^0 ... 10^27, each exact.
    private static let powersOfTen: [Float80] = {
        var powers: [Float80] = [1]
        for _ in 0..<maxPower { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
    #endif
}
