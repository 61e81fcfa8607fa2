import Foundation

/// Tick positions a reader can take in at a glance: steps of 1, 2 or 5 times a power of ten
/// (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990), and decades on log axes.
public enum NiceTicks {
    /// The 1-2-5 step giving at most `maxCount` ticks in [lo, hi] (and at least two where possible).
    public static func step(_ lo: Double, _ hi: Double, maxCount: Int = 7) -> Double {
        let span = hi - lo
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(1, maxCount - 1))
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * p >= raw * (1 - 1e-9) { return m * p }
        return 10 * p
    }

    /// Multiples of the nice step inside [lo, hi] (ends included up to rounding), ascending.
    public static func linear(_ lo: Double, _ hi: Double, maxCount: Int = 7) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        let s = step(lo, hi, maxCount: maxCount)
        let first = (lo / s - 1e-9).rounded(.up), last = (hi / s + 1e-9).rounded(.down)
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { v in
            let t = v * s
            return abs(t) < s * 1e-9 ? 0 : t
        }
    }

    /// Labels for linear ticks: as many decimals as the step needs, scientific for very large or tiny values.
    public static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count >= 1 else { return [] }
        let s = ticks.count >= 2 ? abs(ticks[1] - ticks[0]) : max(abs(ticks[0]), 1)
        let big = ticks.map(abs).max() ?? 0
        if big >= 1e5 || (s < 1e-4 && s > 0) {
            return ticks.map { $0 == 0 ? "0" : scientific($0) }
        }
        let decimals = max(0, Int(-floor(log10(s) + 1e-9)))
        return ticks.map { v in
            let t = String(format: "%.\(decimals)f", v)
            return t.hasPrefix("-") && Double(t) == 0 ? String(t.dropFirst()) : t
        }
    }

    /// Decades 10^k inside [10^loExp, 10^hiExp], every `k`-th one when there would be more than `maxCount`.
    public static func decades(_ lo: Double, _ hi: Double, maxCount: Int = 7) -> [Int] {
        guard lo.isFinite, hi.isFinite, hi >= lo else { return [] }
        let a = Int((lo - 1e-9).rounded(.up)), b = Int((hi + 1e-9).rounded(.down))
        guard b >= a else { return [] }
        let every = max(1, Int((Double(b - a + 1) / Double(max(1, maxCount))).rounded(.up)))
        return stride(from: a, through: b, by: 1).filter { ($0 - a) % every == 0 }
    }

    /// "1e-3", "0.01", "0.1", "1", "10", "100", "1e3" for the decade 10^k.
    public static func decadeLabel(_ k: Int) -> String {
        switch k {
        case -2...2: return k < 0 ? "0." + String(repeating: "0", count: -k - 1) + "1" : "1" + String(repeating: "0", count: k)
        default: return "1e\(k)"
        }
    }

    static func scientific(_ v: Double) -> String {
        let e = Int(floor(log10(abs(v))))
        let m = v / pow(10, Double(e))
        var ms = String(format: "%.1f", m)
        if ms.hasSuffix(".0") { ms.removeLast(2) }
        return ms + "e" + String(e)
    }
}

/// Numbers in titles and legends: three significant digits, no locale.
public enum FigureFormat {
    public static func num(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.3g", v) }
        return String(format: "%.4g", v)
    }
}
