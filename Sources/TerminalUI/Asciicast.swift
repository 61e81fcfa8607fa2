import NNJSON

/// The text of an asciicast v2 recording (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header
/// line, then one JSON array per event, `[time, "o", data]` for output and `[time, "r", "WxH"]` for a
/// resize. Pure: bytes and times in, lines out; the backend does the I/O.
///
/// Output arrives as raw bytes in arbitrary chunks, so a UTF-8 sequence can be split between two writes:
/// the incomplete tail of a chunk is held back and joined to the next one, so every event's data is a
/// valid JSON string of whole characters (bytes that are not UTF-8 at all become U+FFFD). Times are in
/// microseconds since the start and strictly increase from event to event.
public struct AsciicastEncoder: Sendable {
    /// Bytes of an incomplete UTF-8 sequence from the end of the last chunk.
    public private(set) var carry: [UInt8] = []
    private var lastMicroseconds: UInt64?

    public init() {}

    /// The header line (without newline): version 2, size, start time (Unix seconds), env and title.
    public static func header(width: Int, height: Int, timestamp: Int, environment: [(String, String)],
                              title: String?) -> String {
        var env = JSONObject()
        for (name, value) in environment { env[name] = .string(value) }
        var header = JSONObject([
            ("version", .integer(2)),
            ("width", .integer(max(1, width))),
            ("height", .integer(max(1, height))),
            ("timestamp", .integer(timestamp)),
            ("env", .object(env)),
        ])
        if let title { header["title"] = .string(title) }
        return JSONValue.object(header).spacedLine()
    }

    /// An output event for `bytes` written at `microseconds`, nil when the chunk held only part of a character.
    public mutating func output<C: Collection>(_ bytes: C, atMicroseconds t: UInt64) -> String? where C.Element == UInt8 {
        var all = carry
        all.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(all)
        carry = Array(all[cut...])
        guard cut > 0 else { return nil }
        let text = String(decoding: all[..<cut], as: UTF8.self)
        return event("o", text, at: t)
    }

    /// A resize event.
    public mutating func resize(width: Int, height: Int, atMicroseconds t: UInt64) -> String {
        event("r", "\(width)x\(height)", at: t)
    }

    /// At the end: bytes still held back (a truncated character) as an event of U+FFFD, or nil.
    public mutating func finish(atMicroseconds t: UInt64) -> String? {
        guard !carry.isEmpty else { return nil }
        let text = String(decoding: carry, as: UTF8.self)
        carry = []
        return event("o", text, at: t)
    }

    mutating func event(_ kind: String, _ data: String, at t: UInt64) -> String {
        var time = t
        if let last = lastMicroseconds, time <= last { time = last + 1 }
        lastMicroseconds = time
        return "[" + Self.seconds(time) + ", \"" + kind + "\", " + Self.jsonString(data) + "]"
    }

    /// "12.000345": seconds with microsecond digits.
    public static func seconds(_ microseconds: UInt64) -> String {
        let frac = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    /// Length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completePrefixLength(_ b: [UInt8]) -> Int {
        let n = b.count
        // Walk back over at most 3 continuation bytes to the last lead byte.
        var i = n - 1, back = 0
        while i >= 0, back < 4, b[i] & 0xC0 == 0x80 { i -= 1; back += 1 }
        guard i >= 0, back < 4 else { return n }
        let lead = b[i]
        let need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 1
        return n - i < need ? i : n
    }

    /// `s` as a JSON string literal: quotes, backslashes and every control character escaped.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
