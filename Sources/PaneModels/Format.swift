import Foundation

/// Short number formats for a crowded screen.
public enum Fmt {
    /// 3 significant digits, scientific outside [1e-3, 1e5): "0.0123", "12.3", "1.2e-05", "nan".
    public static func num(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.2g", v) }
        if a >= 100 { return String(format: "%.0f", v) }
        if a >= 10 { return String(format: "%.1f", v) }
        if a >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3g", v)
    }

    /// Learning rates and similar: "1e-3", "2.5e-4", "1e-300", "0.5", "0" — always the real exponent (a rate
    /// of 3e-13 is not "0e+00").
    public static func rate(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return num(v) }
        guard abs(v) < 0.01 else { return num(v) }
        var s = compactExponent(String(format: "%.1e", v))
        s = s.replacingOccurrences(of: ".0e", with: "e")
        return s
    }

    public static func percent(_ v: Double) -> String {
        v.isFinite ? String(format: "%.1f%%", 100 * v) : "–"
    }

    /// `text` made to fit `width` characters. A number too long for the space (an axis label such as
    /// "5.6e-05" or "0.00016" in a 6-character column) is rewritten in a shorter scientific form
    /// ("5.6e-5", "1.6e-4", then "6e-5") instead of being cut, since a cut number reads as another number
    /// ("5.6e-0"). Anything else is returned unchanged (the caller clips it).
    public static func fit(_ text: String, width: Int) -> String {
        guard text.unicodeScalars.count > width, width > 0, let v = Double(text), v.isFinite else { return text }
        for digits in [2, 1, 0] {
            let s = compactExponent(String(format: "%.\(digits)e", v))
            if s.unicodeScalars.count <= width { return s }
        }
        return text
    }

    /// "1.6e-04" → "1.6e-4", "2.0e+05" → "2.0e5".
    public static func compactExponent(_ s: String) -> String {
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        let mantissa = s[..<e]
        var exponent = s[s.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() }
        else if exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop(while: { $0 == "0" })
        return mantissa + "e" + sign + (digits.isEmpty ? "0" : digits)
    }

    /// Large integers with a k/M suffix: 1234 → "1234", 123456 → "123k".
    public static func count(_ n: Int) -> String {
        if n >= 10_000_000 { return "\(n / 1_000_000)M" }
        if n >= 100_000 { return "\(n / 1000)k" }
        return "\(n)"
    }

    /// The first of `variants` (longest first) that a pane `width` columns wide shows whole (its frame shows
    /// `width − 4` characters of a title), else the last one: titles drop words before numbers.
    public static func fitting(_ variants: [String], width: Int) -> String {
        for v in variants where v.count <= width - 4 { return v }
        return variants.last ?? ""
    }
}
