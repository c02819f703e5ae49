/// A syntax error in a JSON document, with its 1-based line and column (in characters).
package struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var message: String

    package var description: String { "\(line):\(column): \(message)" }
}

/// A strict RFC 8259 JSON parser: no comments, no trailing commas, no NaN or Infinity
/// literals (refused with the reason: results write them, inputs may not hold them), no
/// duplicate keys. Written here (rather than Foundation's JSONSerialization) so
/// that numbers are read exactly (`DecimalLiteral`, else `Double(String)`), key order is kept, and errors carry a
/// line and column on every platform.
package struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Nesting deeper than this is refused rather than recursed into (no stack overflow).
    private static let maxDepth = 512

    /// Parses one JSON value that must span the whole text (whitespace aside).
    package static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses UTF-8 bytes; a leading byte order mark is skipped.
    /// Parses a file's bytes; malformed JSON becomes a `ModelError` naming the file.
    static func parse(bytes: [UInt8], file: String?) throws(ModelError) -> JSONValue {
        do {
            return try parse(bytes: bytes)
        } catch {
            throw ModelError.malformed(error, file: file)
        }
    }

    package static func parse(bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the JSON value")
        }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Values

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "N"), UInt8(ascii: "I"): throw nonFinite()
        default:
            throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        position += 1
        var members: [JSONMember] = []
        // Keys seen, kept only once an object is large: a model's many small objects check
        // their few keys by a scan instead of hashing them into a set each.
        var seen: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                throw error("unexpected \(describeCurrent()); expected a quoted key")
            }
            let keyStart = position
            let key = try string()
            if members.count >= 16 && seen.isEmpty { seen = Set(members.map(\.key)) }
            if seen.isEmpty ? members.contains(where: { $0.key == key }) : !seen.insert(key).inserted {
                throw error("duplicate key \"\(key)\" in an object", at: keyStart)
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                throw error("unexpected \(describeCurrent()); expected ':' after the key \"\(key)\"")
            }
            position += 1
            skipWhitespace()
            members.append(JSONMember(key, try value()))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                position += 1
                skipWhitespace()
                if peek(UInt8(ascii: "}")) { throw error("trailing comma before '}'") }
                continue
            }
            if peek(UInt8(ascii: "}")) {
                position += 1
                depth -= 1
                return .object(members)
            }
            throw error("unexpected \(describeCurrent()); expected ',' or '}' after the value of \"\(key)\"")
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            position += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                position += 1
                skipWhitespace()
                if peek(UInt8(ascii: "]")) { throw error("trailing comma before ']'") }
                continue
            }
            if peek(UInt8(ascii: "]")) {
                position += 1
                depth -= 1
                return .array(items)
            }
            throw error("unexpected \(describeCurrent()); expected ',' or ']' after a list item")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw error("nesting deeper than \(JSONParser.maxDepth) levels")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        if position + expected.count <= bytes.count,
           Array(bytes[position..<(position + expected.count)]) == expected {
            position += expected.count
            return
        }
        throw error("unexpected \(describeCurrent()); expected a value (strings need double quotes)")
    }

    // MARK: Numbers

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = position
        let negative = peek(UInt8(ascii: "-"))
        if negative { position += 1 }
        if peek(UInt8(ascii: "I")) {
            position = start
            throw nonFinite()
        }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw error("invalid number: expected a digit after '-'")
        }
        // The digits as one integer, for DecimalLiteral's exact path (`exact` false once
        // there are more significant digits than it takes).
        var significand: UInt64 = 0
        var digits = 0
        var exact = true
        func take(_ byte: UInt8) {
            let digit = UInt64(byte &- UInt8(ascii: "0"))
            guard significand != 0 || digit != 0 else { return }  // a leading zero: not significant
            digits += 1
            if digits > DecimalLiteral.maxDigits { exact = false } else { significand = significand * 10 + digit }
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error("invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                take(bytes[position])
                position += 1
            }
        }
        var exponent = 0
        if peek(UInt8(ascii: ".")) {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number: expected a digit after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) {
                take(bytes[position])
                exponent -= 1
                position += 1
            }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            position += 1
            var sign = 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) {
                if bytes[position] == UInt8(ascii: "-") { sign = -1 }
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number: expected a digit in the exponent")
            }
            var written = 0
            while position < bytes.count, isDigit(bytes[position]) {
                if written < 100_000 { written = written * 10 + Int(bytes[position] &- UInt8(ascii: "0")) }
                position += 1
            }
            exponent += sign * written
        }
        if exact, let x = DecimalLiteral.value(negative: negative, significand: significand, exponent: exponent) {
            return x
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        // Double(String) rounds correctly; out-of-range literals become ±infinity, which the
        // model decoder rejects with the value's path.
        guard let x = Double(text) else { throw error("invalid number \(text)", at: start) }
        return x
    }

    /// `NaN`, `Infinity` or `-Infinity` (Python's json spellings, which Mechanist writes for
    /// non-finite results): refused with the reason, since no input, target or parameter may
    /// be non-finite; any other word starting with N or I is an unquoted string.
    private func nonFinite() -> JSONSyntaxError {
        for word in ["NaN", "Infinity", "-Infinity"] {
            let expected = Array(word.utf8)
            if position + expected.count <= bytes.count, Array(bytes[position..<(position + expected.count)]) == expected {
                return error("\(word) is not a number a model or inputs file may hold: inputs, targets and parameters "
                    + "must be finite (Mechanist writes NaN, Infinity and -Infinity only in results, as Python's json "
                    + "module does)")
            }
        }
        return error("unexpected \(describeCurrent()); expected a value (strings need double quotes)")
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: Strings

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        while true {
            guard position < bytes.count else { throw error("unterminated string", at: start) }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                // Without escapes the string is its bytes (the same decoding as `appendRun`).
                if runStart == start + 1 {
                    defer { position += 1 }
                    return String(decoding: bytes[runStart..<position], as: UTF8.self)
                }
                appendRun(runStart..<position, to: &scalars)
                position += 1
                return String(scalars)
            }
            if b < 0x20 {
                throw error("control character (code \(b)) in a string; write it as an escape such as \\n")
            }
            if b != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            appendRun(runStart..<position, to: &scalars)
            position += 1
            guard position < bytes.count else { throw error("unterminated string", at: start) }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: position - 2)
            }
            runStart = position
        }
    }

    /// Appends unescaped bytes of a string (decoded as UTF-8) to `view`.
    private func appendRun(_ range: Range<Int>, to view: inout String.UnicodeScalarView) {
        if !range.isEmpty {
            view.append(contentsOf: String(decoding: bytes[range], as: UTF8.self).unicodeScalars)
        }
    }

    /// `\uXXXX`, combining a UTF-16 surrogate pair into one scalar.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let escapeStart = position - 2
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard peek(UInt8(ascii: "\\")), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate \\u\(String(high, radix: 16)) in a string", at: escapeStart)
            }
            position += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw error("invalid surrogate pair in a string", at: escapeStart)
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw error("unpaired surrogate \\u\(String(high, radix: 16)) in a string", at: escapeStart)
        }
        return scalar
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error("unterminated \\u escape") }
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape: expected 4 hexadecimal digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    // MARK: Helpers

    private func peek(_ b: UInt8) -> Bool { position < bytes.count && bytes[position] == b }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of input" }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
        if b < 0x21 { return "character (code \(b))" }
        return "non-ASCII character"
    }

    /// An error at `offset` (default: the current position), located by line and column.
    private func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let end = min(offset ?? position, bytes.count)
        var line = 1
        var column = 1
        for b in bytes[0..<end] {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                column += 1
            }
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }
}
