/// A parsed JSON document that keeps what strict validation needs and `JSONDecoder` loses:
/// the order of object keys (so "unknown key" errors are reported in file order), the literal text
/// of each number (so an error can quote `1e999` as written), and the difference between a boolean
/// and a number (which `JSONSerialization` blurs on Linux through `NSNumber`).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number and its literal text as written in the file.
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short description for "got …" in error messages: `"abc"`, `-1`, `true`, `null`, `an array`.
    public var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let text): return text
        case .string(let s):
            // Control characters escaped, so an error message stays on one line.
            var escaped = ""
            for u in s.unicodeScalars {
                switch u {
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default: escaped += u.value < 0x20 || u.value == 0x7f ? "?" : String(u)
                }
            }
            let shown = escaped.count > 40 ? String(escaped.prefix(37)) + "..." : escaped
            return "\"\(shown)\""
        case .array(let a): return a.isEmpty ? "an empty array" : "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object with its keys in file order (duplicate keys are a parse error).
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    public private(set) var values: [String: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }
}

// MARK: - Writing

extension JSONValue {
    /// Compact or pretty JSON text. Numbers are written with their literal text when they have one,
    /// so a file read and written back keeps its numbers byte for byte.
    public func serialized(pretty: Bool = true, indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let text): return text
        case .string(let s): return JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            let scalarOnly = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if !pretty || scalarOnly {
                return "[" + items.map { $0.serialized(pretty: false) }.joined(separator: pretty ? ", " : ",") + "]"
            }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.serialized(pretty: true, indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "]"
        case .object(let o):
            if o.keys.isEmpty { return "{}" }
            if !pretty {
                return "{" + o.keys.map { JSONValue.quote($0) + ":" + (o[$0] ?? .null).serialized(pretty: false) }
                    .joined(separator: ",") + "}"
            }
            let inner = indent + "  "
            return "{\n" + o.keys.map { inner + JSONValue.quote($0) + ": " + (o[$0] ?? .null).serialized(pretty: true, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// A number value written so that it reads back as the same Double (Swift's shortest round-trip form;
    /// integral values without a trailing ".0").
    public static func number(_ x: Double) -> JSONValue {
        .number(x, text: formatNumber(x))
    }

    /// An integer, written as its digits.
    public static func integer(_ n: Int) -> JSONValue {
        .number(Double(n), text: String(n))
    }

    /// One line with a space after each `,` and `:` (`{"a": 1, "b": [1, 2]}`): the form of one-line headers.
    public func spacedLine() -> String {
        switch self {
        case .array(let items):
            return "[" + items.map { $0.spacedLine() }.joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.map { JSONValue.quote($0) + ": " + (o[$0] ?? .null).spacedLine() }
                .joined(separator: ", ") + "}"
        default:
            return serialized(pretty: false)
        }
    }

    /// Shortest text that parses back to the same bits: `3`, `0.1`, `1e-08`, `-0` (the sign of zero is kept).
    /// Non-finite values have no JSON form; they are written as `null` (callers validate finiteness first).
    public static func formatNumber(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
