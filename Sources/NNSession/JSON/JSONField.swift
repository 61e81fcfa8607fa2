/// One field of a JSON document being validated: its value (nil when absent), its path for messages
/// and the file it came from. Every accessor either returns a value that meets its constraint or throws
/// a ``PresetError`` that names the file, the path, what was expected and what was found.
struct JSONField {
    let value: JSONValue?
    let path: String
    let file: String

    func error(_ message: String) -> PresetError {
        PresetError(file: file, path: path, message: message)
    }

    /// "expected X, got Y" (or "missing (expected X)" when the field is absent).
    func expected(_ what: String) -> PresetError {
        guard let value else { return error("missing (expected \(what))") }
        return error("expected \(what), got \(value.shortDescription)")
    }

    var isPresent: Bool { value != nil }
    var isNull: Bool { if case .null? = value { return true }; return false }

    func child(_ key: String, in object: JSONObject) -> JSONField {
        JSONField(value: object[key], path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    // MARK: Objects

    /// The field as an object whose keys are all in `allowed` (the first other key, in file order, is refused).
    func object(allowed: [String], what: String = "an object") throws(PresetError) -> JSONObjectReader {
        guard case .object(let o)? = value else { throw expected(what) }
        for key in o.keys where !allowed.contains(key) {
            let shown = JSONValue.shortened(key)
            let keyPath = path.isEmpty ? shown : "\(path).\(shown)"
            throw PresetError(file: file, path: keyPath,
                              message: "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
        return JSONObjectReader(object: o, field: self)
    }

    // MARK: Arrays

    func array(what: String, count: ClosedRange<Int>? = nil) throws(PresetError) -> [JSONField] {
        guard case .array(let items)? = value else { throw expected(what) }
        if let count, !count.contains(items.count) { throw expected(what) }
        return items.enumerated().map { JSONField(value: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    // MARK: Scalars

    func string(what: String = "a string") throws(PresetError) -> String {
        guard case .string(let s)? = value else { throw expected(what) }
        return s
    }

    func nonEmptyString(what: String = "a non-empty string") throws(PresetError) -> String {
        let s = try string(what: what)
        if s.allSatisfy(\.isWhitespace) { throw expected(what) }
        return s
    }

    func bool() throws(PresetError) -> Bool {
        guard case .bool(let b)? = value else { throw expected("true or false") }
        return b
    }

    /// A finite number satisfying `accept`; `what` says the constraint ("a number > 0").
    func number(_ what: String, _ accept: (Double) -> Bool = { _ in true }) throws(PresetError) -> Double {
        guard case .number(let x, let text)? = value else { throw expected(what) }
        guard x.isFinite else { throw error("expected a finite number, got \(JSONValue.shortened(text))") }
        guard accept(x) else { throw expected(what) }
        return x
    }

    /// An integer (a JSON number with no fractional part, e.g. `3` or `3.0`) in `range`.
    func integer(_ range: ClosedRange<Int>, what: String? = nil) throws(PresetError) -> Int {
        let description = what ?? JSONField.describe(range)
        guard case .number(let x, let text)? = value else { throw expected(description) }
        guard x.isFinite else { throw error("expected a finite number, got \(JSONValue.shortened(text))") }
        guard x == x.rounded() else { throw expected(description) }
        // Integers beyond 2^53 are not exact in a JSON number (nor in the Double it is read into).
        let exact = Swift.abs(x) <= JSONField.largestExactInteger
        if !exact && Double(range.upperBound) >= JSONField.largestExactInteger {
            throw error("expected \(description) and at most 2^53 = 9007199254740992 in magnitude, got \(value?.shortDescription ?? text)")
        }
        guard exact, range.contains(Int(x)) else { throw expected(description) }
        return Int(x)
    }

    /// 2^53: every integer up to it is exact in a Double.
    static let largestExactInteger = 9_007_199_254_740_992.0

    /// A seed: an integer in 0…2⁵³ (exactly representable in a JSON number).
    func seed() throws(PresetError) -> UInt64 {
        UInt64(try integer(0...(1 << 53), what: "an integer seed between 0 and 2^53"))
    }

    /// One of `names` (exact spelling).
    func name(of names: [String], what: String) throws(PresetError) -> String {
        let full = "\(what) (one of: \(names.joined(separator: ", ")))"
        let s = try string(what: full)
        guard names.contains(s) else { throw expected(full) }
        return s
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound >= Int.max / 2 { return "an integer >= \(range.lowerBound)" }
        return "an integer between \(range.lowerBound) and \(range.upperBound)"
    }
}

/// Reads the keys of one validated object (unknown keys were already refused).
struct JSONObjectReader {
    let object: JSONObject
    let field: JSONField

    subscript(key: String) -> JSONField { field.child(key, in: object) }

    func has(_ key: String) -> Bool { object[key] != nil }
}
