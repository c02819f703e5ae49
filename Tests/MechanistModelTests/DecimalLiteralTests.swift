import Foundation
@testable import MechanistModel
import Testing

/// JSON numbers read through DecimalLiteral's exact path give `Double(String)`'s bits (the C
/// library's correctly rounded `strtod`), which stays the reference.
@Suite struct DecimalLiteralTests {
    /// SplitMix64 (ScaleTests.swift): the same strings on every run.
    typealias Generator = SystemRandomNumberGenerator.Seeded

    static func parsed(_ text: String) throws -> Double? {
        guard case .number(let x) = try JSONParser.parse(text) else { return nil }
        return x
    }

    static func mismatch(_ texts: [String]) throws -> String? {
        for text in texts {
            let expected = Double(text)?.bitPattern
            let actual = try parsed(text)?.bitPattern
            if actual != expected { return "\(text): \(String(describing: actual)) but Double(String) gives \(String(describing: expected))" }
        }
        return nil
    }

    @Test("shortest representations of random doubles read back bitwise")
    func randomDoubles() throws {
        var g = Generator(seed: 7)
        var texts: [String] = []
        for k in 0..<60_000 {
            let x: Double
            switch k % 3 {
            case 0: x = Double.random(in: -1...1, using: &g)  // the weights' kind of number
            case 1: x = Double(bitPattern: g.next())  // any finite double, subnormals included
            default: x = Double.random(in: -1e6...1e6, using: &g)
            }
            if x.isFinite { texts.append("\(x)") }
        }
        #expect(try Self.mismatch(texts) == nil)
    }

    @Test("random digit strings: 1-22 digits, a point anywhere, exponents -45...45")
    func randomDigits() throws {
        var g = Generator(seed: 11)
        var texts: [String] = []
        for _ in 0..<60_000 {
            let count = Int.random(in: 1...22, using: &g)
            var digits = (0..<count).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()
            while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
            let point = Int.random(in: 0...digits.count, using: &g)
            var text = point == 0 ? "0." + digits : String(digits.prefix(point))
                + (point < digits.count ? "." + digits.dropFirst(point) : "")
            if Bool.random(using: &g) { text += "e\(Int.random(in: -45...45, using: &g))" }
            if Bool.random(using: &g) { text = "-" + text }
            texts.append(text)
        }
        #expect(try Self.mismatch(texts) == nil)
    }

    @Test("halfway and near-halfway cases fall back to strtod and still round to even")
    func halfway() throws {
        // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: rounds to even, 2^53.
        #expect(try Self.parsed("9007199254740993") == 9_007_199_254_740_992)
        #expect(DecimalLiteral.value(negative: false, significand: 9_007_199_254_740_993, exponent: 0) == nil)
        // Decimals within a Float80 unit of the point halfway between neighbouring doubles
        // (Float80 holds the halfway point exactly; its shortest decimal lies within half a unit).
        var texts: [String] = []
        #if arch(x86_64) && !os(Windows) && !os(Android)
        var g = Generator(seed: 3)
        for _ in 0..<20_000 {
            let x = Double.random(in: 1e-12...1e12, using: &g)
            let halfway = (Float80(x) + Float80(x.nextUp)) / 2
            texts.append("\(halfway)")
            texts.append("\(halfway.nextUp)")
            texts.append("\(halfway.nextDown)")
        }
        #endif
        texts += ["9007199254740993", "9007199254740995", "18014398509481985", "1e23", "8.98846567431158e307",
                  "2.4703282292062327e-324", "0.1", "0.30000000000000004", "-0", "-0.0", "0e999999", "1e-400",
                  "1.7976931348623157e308", "4.9406564584124654e-324", "123456789012345678901234567890"]
        #expect(try Self.mismatch(texts) == nil)
    }

    #if arch(x86_64) && !os(Windows) && !os(Android)
    @Test("the exact path serves the numbers model files hold")
    func exactPathIsUsed() {
        // 0.12345678901234568 (17 digits) and 5e-01: neither near halfway.
        #expect(DecimalLiteral.value(negative: false, significand: 12_345_678_901_234_568, exponent: -17)
                == 0.12345678901234568)
        #expect(DecimalLiteral.value(negative: true, significand: 5, exponent: -1) == -0.5)
        #expect(DecimalLiteral.value(negative: false, significand: 1, exponent: 28) == nil)
    }
    #endif
}
