import Foundation
import Testing
import NNSession

/// The JSON reader and writer against our conformance corpus (`Fixtures/json-conformance`, described in its
/// README): `y_` files parse and survive a write and a second read unchanged, `n_` files are refused, and
/// `i_` files behave as the README's table says.
@Suite struct JSONConformanceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/json-conformance")

    static func files(_ prefix: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// What our reader does with each implementation-defined file (the README's table).
    enum Outcome { case read, refused }
    static let implementationDefined: [String: Outcome] = [
        "i_nesting_201_levels.json": .refused,
        "i_nesting_10000_levels.json": .refused,
        "i_object_duplicate_key.json": .refused,
        "i_object_duplicate_key_nested.json": .refused,
        "i_string_lone_high_surrogate.json": .refused,
        "i_string_lone_low_surrogate.json": .refused,
        "i_string_reversed_surrogates.json": .refused,
        "i_string_high_surrogate_then_letter.json": .refused,
        "i_number_huge_exponent.json": .read,
        "i_number_huge_negative.json": .read,
        "i_number_very_long_integer.json": .read,
        "i_number_tiny_underflow.json": .read,
        "i_bom_utf8.json": .read,
        "i_bom_only.json": .refused,
        "i_utf8_invalid_byte_in_string.json": .refused,
        "i_utf8_overlong_in_string.json": .refused,
        "i_utf8_truncated_in_string.json": .refused,
        "i_utf8_encoded_surrogate_in_string.json": .refused,
        "i_utf8_invalid_byte_outside_string.json": .refused,
        "i_utf16_le.json": .refused,
        "i_string_escaped_nul_key.json": .read,
    ]

    /// Written compact and pretty, each text reads back as the same value (keys in order, number literals).
    static func expectRoundTrip(_ value: JSONValue, _ name: String) throws {
        for pretty in [false, true] {
            let text = value.serialized(pretty: pretty)
            let again = try JSONParser.parse(text)
            #expect(again == value, "\(name) (pretty: \(pretty)) changed when written and read: \(text.prefix(80))")
            #expect(again.serialized(pretty: pretty) == text, "\(name): writing is not stable")
        }
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files("y_").count >= 30)
        #expect(Self.files("n_").count >= 30)
        #expect(Self.files("i_").count >= 15)
        #expect(Set(Self.files("i_")) == Set(Self.implementationDefined.keys), "every i_ file has a documented outcome")
    }

    @Test(arguments: files("y_"))
    func mustParseAndRoundTrip(_ name: String) throws {
        let value = try JSONParser.parse(bytes: try Self.bytes(name))
        try Self.expectRoundTrip(value, name)
    }

    @Test(arguments: files("n_"))
    func mustFail(_ name: String) throws {
        let bytes = try Self.bytes(name)
        #expect(throws: JSONSyntaxError.self, "\(name) was accepted") { _ = try JSONParser.parse(bytes: bytes) }
    }

    @Test(arguments: files("i_"))
    func implementationDefined(_ name: String) throws {
        let bytes = try Self.bytes(name)
        switch try #require(Self.implementationDefined[name], "\(name) has no documented outcome") {
        case .refused:
            #expect(throws: JSONSyntaxError.self, "\(name) was accepted") { _ = try JSONParser.parse(bytes: bytes) }
        case .read:
            let value = try JSONParser.parse(bytes: bytes)
            try Self.expectRoundTrip(value, name)
        }
    }

    // MARK: - The documented details, value by value

    struct CorpusError: Error { var message: String }

    static func first(_ name: String) throws -> JSONValue {
        guard case .array(let items) = try JSONParser.parse(bytes: try bytes(name)), let v = items.first else {
            throw CorpusError(message: "\(name): expected a non-empty array")
        }
        return v
    }

    @Test func numbersKeepTheirLiteralAndValue() throws {
        #expect(try Self.first("y_number_negative_zero.json") == .number(-0.0, text: "-0"))
        guard case .number(let z, _) = try Self.first("y_number_negative_zero.json") else { Issue.record("-0"); return }
        #expect(z.bitPattern == (-0.0).bitPattern)
        #expect(try Self.first("i_number_huge_exponent.json") == .number(.infinity, text: "1e999"))
        #expect(try Self.first("i_number_huge_negative.json") == .number(-.infinity, text: "-1e400"))
        guard case .number(let tiny, "1e-400") = try Self.first("i_number_tiny_underflow.json") else {
            Issue.record("1e-400 lost its literal"); return
        }
        #expect(tiny == 0)
        #expect(try Self.first("y_number_min_subnormal.json") == .number(Double.leastNonzeroMagnitude, text: "5e-324"))
        #expect(try Self.first("y_number_max_double.json") == .number(Double.greatestFiniteMagnitude, text: "1.7976931348623157e308"))
    }

    @Test func stringsDecodeAsDocumented() throws {
        #expect(try Self.first("y_string_surrogate_pair.json") == .string("😀"))
        #expect(try Self.first("y_string_max_code_point.json") == .string("\u{10FFFF}"))
        #expect(try Self.first("y_string_escapes.json") == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
        #expect(try Self.first("y_string_escaped_nul.json") == .string("a\u{0}b"))
        // Bytes that are not UTF-8 are refused wherever they stand, naming the line, column and byte (a preset
        // or session file is text: nothing is silently replaced).
        do {
            _ = try JSONParser.parse(bytes: try Self.bytes("i_utf8_invalid_byte_in_string.json"))
            Issue.record("invalid UTF-8 inside a string was accepted")
        } catch let e as JSONSyntaxError {
            #expect(e.line == 1 && e.column == 4 && e.message.contains("invalid UTF-8 (byte 0xFF)"))
        }
        guard case .object(let o) = try JSONParser.parse(bytes: try Self.bytes("i_bom_utf8.json")) else { Issue.record("BOM"); return }
        #expect(o.keys == ["a"])
    }

    @Test func errorsSayWhatAndWhere() throws {
        func message(_ name: String) throws -> JSONSyntaxError {
            let bytes = try Self.bytes(name)
            do { _ = try JSONParser.parse(bytes: bytes) } catch { return error }
            throw CorpusError(message: "\(name) was accepted")
        }
        #expect(try message("i_object_duplicate_key.json").message == "duplicate key \"a\"")
        #expect(try message("i_nesting_201_levels.json").message.contains("nesting deeper than 200"))
        #expect(try message("i_string_lone_low_surrogate.json").message.contains("unpaired surrogate"))
        #expect(try message("n_object_trailing_comma.json").message.contains("expected a key"))
        let newline = try message("n_string_raw_newline.json")
        #expect(newline.line == 1 && newline.message.contains("line break"))
    }

    /// Doubles made by the program: the shortest text reads back to the same bits, -0 and subnormals included.
    @Test func writtenDoublesReadBackToTheSameBits() throws {
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e15, -1e15, 1e15 - 1, 123456789012345, 1e16, 1e-320,
                                Double.leastNonzeroMagnitude, -Double.leastNormalMagnitude, Double.greatestFiniteMagnitude,
                                Double.pi, 1.0 / 3, 2.5e-8]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {  // seeded bit patterns over the whole finite range
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(bitPattern: state)
            if x.isFinite { values.append(x) }
        }
        for x in values {
            let text = JSONValue.formatNumber(x)
            guard case .array(let items) = try JSONParser.parse("[" + text + "]"), case .number(let y, _)? = items.first else {
                Issue.record("\(text) did not parse as a number"); continue
            }
            #expect(y.bitPattern == x.bitPattern, "\(x) written as \(text) read back as \(y)")
        }
        #expect(JSONValue.formatNumber(-0.0) == "-0")
        #expect(JSONValue.formatNumber(0) == "0")
        #expect(JSONValue.formatNumber(3) == "3")
    }
}
