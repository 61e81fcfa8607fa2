import Foundation

/// Short number formats for a crowded screen.
enum Fmt {
    /// 3 significant digits, scientific outside [1e-3, 1e5): "0.0123", "12.3", "1.2e-05", "nan".
    static func num(_ v: Double) -> String {
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

    /// Learning rates and similar: "1e-03", "0.5".
    static func rate(_ v: Double) -> String {
        guard v.isFinite else { return num(v) }
        return v < 0.01 ? String(format: "%.0e", v) : num(v)
    }

    static func percent(_ v: Double) -> String {
        v.isFinite ? String(format: "%.1f%%", 100 * v) : "–"
    }

    /// Large integers with a k/M suffix: 1234 → "1234", 123456 → "123k".
    static func count(_ n: Int) -> String {
        if n >= 10_000_000 { return "\(n / 1_000_000)M" }
        if n >= 100_000 { return "\(n / 1000)k" }
        return "\(n)"
    }
}
