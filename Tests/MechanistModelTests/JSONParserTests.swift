import MechanistModel
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValueKeepingKeyOrder() throws {
        let value = try JSONParser.parse(#"{"z": null, "a": [true, false, -1.5e3, "x"], "m": {"k": {}}}"#)
        guard case .object(let members) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(value["z"] == .null)
        #expect(value["a"] == .array([.bool(true), .bool(false), .number(-1500), .string("x")]))
        #expect(value["m"] == .object([JSONMember("k", .object([]))]))
    }

    @Test(arguments: ["0.1", "-0.8287", "1e-7", "2.5E+3", "0", "-0", "123456789012345678", "1.7976931348623157e308",
                      "4.9e-324", "0.30000000000000004"])
    func readsNumbersExactlyAsDoubleDoes(_ literal: String) throws {
        let value = try JSONParser.parse("[\(literal)]")
        #expect(value == .array([.number(try #require(Double(literal)))]))
    }

    @Test func overflowingNumbersBecomeInfinityForTheModelToReject() throws {
        #expect(try JSONParser.parse("1e999") == .number(.infinity))
        let error = decodeError(#"{"nodes": [{"name": "a", "type": "TransferMechanism", "function": {"type": "Linear", "slope": 1e999}}]}"#)
        #expect(error?.kind == .invalidValue)
        #expect(error?.path == "nodes[0].function.slope")
        #expect(error?.description.contains("not a finite number") == true)
    }

    @Test func decodesStringEscapes() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/d\n\t", "\u00e9\ud83d\ude00", "plain é"]"#)
        #expect(value == .array([.string("a\"b\\c/d\n\t"), .string("é😀"), .string("plain é")]))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "trailing comma"),
        ("{\n  \"a\" 1\n}", 2, 7, "expected ':'"),
        ("[1, 2", 1, 6, "expected ',' or ']'"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\"a\": \"abc", 1, 7, "unterminated string"),
        ("[01]", 1, 2, "leading zeros"),
        ("[NaN]", 1, 2, "NaN is not a number a model or inputs file may hold"),
        ("[1, -Infinity]", 1, 5, "-Infinity is not a number"),
        ("{\"a\": Infinity}", 1, 7, "inputs, targets and parameters must be finite"),
        ("[Nope]", 1, 2, "expected a value"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
        ("[\"a\u{01}\"]", 1, 4, "control character"),
        ("{} x", 1, 4, "after the JSON value"),
        ("", 1, 1, "unexpected end of input"),
        ("[\"\\x\"]", 1, 3, "invalid escape"),
        ("{'a': 1}", 1, 2, "expected a quoted key"),
        ("[1.]", 1, 4, "expected a digit after '.'"),
        ("[\"é\", tru]", 1, 7, "expected a value"),
    ])
    func reportsSyntaxErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("parsed invalid JSON: \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func refusesPathologicalNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test func malformedModelFileNamesFileLineAndColumn() throws {
        let error = try #require(decodeError("{\n  \"nodes\": [\n    {\"name\": \"a\",, }\n  ]\n}"))
        #expect(error.kind == .malformedJSON)
        #expect(error.line == 3 && error.column == 18)
        #expect(error.description.hasPrefix("model.json:3:18: malformed JSON: "))
    }
}
