import Foundation
import PaneModels
import TerminalUI

/// The Hessian spectrum: a histogram on a symmetric-log axis (so both tiny and large eigenvalues show,
/// with their signs), λmax, λmin, the negative and ≈0 counts, the method, and the step it belongs to.
public enum SpectrumPane {
    public static func title(computing: Bool) -> String {
        computing ? "Hessian spectrum · computing…" : "Hessian spectrum"
    }

    /// sign(λ)·log10(1 + |λ|/τ): linear near 0, logarithmic far away.
    static func symlog(_ v: Double, _ tau: Double) -> Double {
        v < 0 ? -log10(1 + -v / tau) : log10(1 + v / tau)
    }

    /// "exact, all 321 · step 400 · current · 3 s ago" / "· 120 steps old · 15 s ago": how stale the spectrum is,
    /// in steps and in seconds. In a narrow pane the method goes first, then the word "step": "step 400 ·
    /// 120 steps, 15 s old", "120 steps, 15 s old". While training is `paused` nothing is recomputed (the
    /// automatic spectrum follows training steps), so "paused" replaces the seconds, which would only grow:
    /// "· 120 steps old · paused", "120 steps old, paused".
    static func info(_ m: SpectrumViewModel, currentStep: Int?, ageSeconds: Int?, paused: Bool = false,
                     width: Int = .max) -> String {
        var stale = "", short = ""
        if let now = currentStep, now >= m.step {
            stale = now == m.step ? " · current" : " · \(now - m.step) steps old"
            short = now == m.step ? "current" : "\(now - m.step) steps"
        }
        var age = "", ageShort = ""
        if paused {
            let steps = short.isEmpty || short == "current" ? short : short + " old"
            let compact = [steps, "paused"].filter { !$0.isEmpty }.joined(separator: ", ")
            let variants = [m.method + " · step \(m.step)" + stale + " · paused", "step \(m.step) · " + compact, compact]
            return variants.first { $0.count <= width } ?? ""
        }
        if let a = ageSeconds, a >= 0 { age = " · \(a) s ago"; ageShort = "\(a) s" }
        let compact = [short, ageShort].filter { !$0.isEmpty }.joined(separator: ", ") + (short == "current" ? "" : " old")
        let variants = [m.method + " · step \(m.step)" + stale + age, "step \(m.step) · " + compact, compact]
        // Nothing rather than a cut "12 s ol".
        return variants.first { $0.count <= width } ?? ""
    }

    public static func render(_ m: SpectrumViewModel?, currentStep: Int?, computing: Bool, autoHessian: Bool,
                              ageSeconds: Int? = nil, paused: Bool = false, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(computing: computing), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m else {
            let text = computing ? "computing the Hessian…" : "no spectrum yet: press h (auto \(autoHessian ? "on" : "off"))"
            buffer.writeWrapped(text, in: inner, y: inner.y, style: theme.dim)
            return
        }
        // Each line's facts whole, from the left, as many as fit.
        let lines: [([String], String)] = [
            (["λmax " + Fmt.num(m.lambdaMax), "λmin " + Fmt.num(m.lambdaMin)], "   "),
            (["negative \(m.negativeCount.map(String.init) ?? "–")", "≈0 \(m.nearZeroCount.map(String.init) ?? "–")",
              "of P=\(m.parameterCount)"], "   "),
            ([info(m, currentStep: currentStep, ageSeconds: ageSeconds, paused: paused, width: inner.width)], ""),
        ]
        for (i, line) in lines.enumerated() where i < inner.height {
            let parts = theme.ascii ? line.0.map(asciiLine) : line.0
            buffer.write(TextFit.leadingParts(parts, separator: line.1, width: inner.width), x: inner.x, y: inner.y + i,
                         style: i == 2 ? theme.dim : theme.text, clip: inner)
        }
        // Histogram, its axis row, and (with room) a legend row.
        let legend = inner.height - lines.count >= 6 ? 1 : 0
        let hist = Rect(x: inner.x, y: inner.y + lines.count, width: inner.width,
                        height: inner.height - lines.count - 1 - legend)
        guard hist.height >= 1, hist.width >= 8 else { return }
        histogram(m, into: &buffer, area: hist, theme: theme)
        if legend > 0 {
            let bar = String(Character(theme.glyphs.bars[6]))
            let items: [(String, Style)] = [
                (String(Character(theme.glyphs.marker)) + " λmin λmax", theme.warning),
                (bar + " <0", Style(fg: theme.test)), (bar + " ≈0", Style(fg: theme.secondary)),
                (bar + " >0", Style(fg: theme.fit)), ("height: log count", theme.dim),
            ]
            var x = inner.x
            for (text, style) in items {
                let t = theme.ascii ? asciiLine(text) : text
                guard x + t.count <= inner.maxX else { break }
                buffer.write(t, x: x, y: inner.maxY - 1, style: style, clip: inner)
                x += t.count + 2
            }
        }
    }

    static func asciiLine(_ s: String) -> String {
        s.replacingOccurrences(of: "λ", with: "l").replacingOccurrences(of: "≈", with: "~")
            .replacingOccurrences(of: "·", with: "|")
    }

    /// The bars: one column per bin of sign(λ)·log10(1 + |λ|/τ) with τ = max|λ|·10⁻⁴ (four decades each
    /// side), heights log(1 + count) with the largest count and 1 labelled on the left; the ≈0 eigenvalues
    /// (when counted) are exactly the centre bar, in their own colour; negatives and positives in two more.
    /// The axis row below: λmin and λmax marked, 0 and each decade that fits labelled.
    static func histogram(_ m: SpectrumViewModel, into buffer: inout Buffer, area: Rect, theme: Theme) {
        // The axis spans ±max|λ| of the spectrum itself (λmax, λmin as shown above), not of the histogram
        // bins' centres handed over in `eigenvalues`, which fall inside it: the end labels then agree with
        // the λmax line.
        var maxAbs = 0.0
        for v in m.eigenvalues where v.isFinite { maxAbs = max(maxAbs, abs(v)) }
        for v in [m.lambdaMax, m.lambdaMin] where v.isFinite { maxAbs = max(maxAbs, abs(v)) }
        guard maxAbs > 0 else { return }
        let tau = maxAbs * 1e-4
        let span = symlog(maxAbs, tau)
        // Binned values; the ≈0 count (when known) comes out of the bins nearest 0 and goes to the centre bar.
        var values = m.eigenvalues.indices.map { (m.eigenvalues[$0], $0 < m.weights.count ? m.weights[$0] : 1.0) }
        var nearZero = 0.0
        if let z = m.nearZeroCount, z > 0 {
            var left = Double(z)
            for i in values.indices.sorted(by: { abs(values[$0].0) < abs(values[$1].0) }) {
                guard left > 0 else { break }
                let take = min(left, values[i].1)
                values[i].1 -= take
                left -= take
                nearZero += take
            }
        }
        var maxCount = nearZero
        let countLabel = "\(Int(max(maxCount, values.map(\.1).max() ?? 0).rounded()))"
        let labelW = area.width >= 20 ? countLabel.count + 1 : 0
        let plot = Rect(x: area.x + labelW, y: area.y, width: area.width - labelW, height: area.height)
        var bins = plot.width
        if bins % 2 == 0 { bins -= 1 }   // an odd number of columns: 0 has a column of its own
        let center = bins / 2
        func column(_ v: Double) -> Int {
            let t = (symlog(v, tau) + span) / (2 * span)
            return max(0, min(bins - 1, Int((t * Double(bins)).rounded(.down))))
        }
        var counts = [Double](repeating: 0, count: bins)
        for (v, w) in values where v.isFinite && w > 0 {
            var b = column(v)
            if b == center && nearZero > 0 && v != 0 { b += v < 0 ? -1 : 1 }   // the centre bar is the ≈0 count alone
            counts[max(0, min(bins - 1, b))] += w
        }
        counts[center] += nearZero
        maxCount = counts.max() ?? 0
        let top = log1p(maxCount)
        guard top > 0 else { return }
        let levels = plot.height * 8
        for b in 0..<bins where counts[b] > 0 {
            let h = max(1, Int((log1p(counts[b]) / top * Double(levels)).rounded()))
            let color = b == center ? theme.secondary : (b < center ? theme.test : theme.fit)
            for row in 0..<plot.height {
                let filled = h - row * 8
                if filled <= 0 { break }
                buffer.set(plot.x + b, plot.maxY - 1 - row, theme.glyphs.bars[min(8, filled)], Style(fg: color))
            }
        }
        if labelW > 0 {
            Axis.writeRight(&buffer, "\(Int(maxCount.rounded()))", x: area.x, y: plot.y, width: labelW, style: theme.dim)
            if plot.height >= 2 { Axis.writeRight(&buffer, "1", x: area.x, y: plot.maxY - 1, width: labelW, style: theme.dim) }
        }
        // The axis row: marks first, then 0, the ends, the decades; each label only where it fits with a gap.
        let row = plot.maxY
        var used = [Bool](repeating: false, count: bins)
        func put(_ text: String, at col: Int, style: Style, force: Bool = false) {
            let n = text.unicodeScalars.count
            let a = max(0, min(bins - n, col))
            guard force || (max(0, a - 1)..<min(bins, a + n + 1)).allSatisfy({ !used[$0] }) else { return }
            buffer.write(text, x: plot.x + a, y: row, style: style, maxWidth: n)
            for c in a..<min(bins, a + n) { used[c] = true }
        }
        let marker = String(Character(theme.glyphs.marker))
        for v in [m.lambdaMin, m.lambdaMax] where v.isFinite { put(marker, at: column(v), style: theme.warning, force: true) }
        put("0", at: center, style: theme.dim)
        put(Fmt.num(-maxAbs), at: 0, style: theme.dim)
        let hi = Fmt.num(maxAbs)
        put(hi, at: bins - hi.count, style: theme.dim)
        var k = Int(floor(log10(maxAbs)))
        while Double(k) >= ceil(log10(tau)) {
            for v in [pow(10, Double(k)), -pow(10, Double(k))] {
                let t = tick(v)
                put(t, at: column(v) - t.count / 2, style: theme.dim)
            }
            k -= 1
        }
    }

    /// A decade, short: "1", "10", "100", "1e3", "0.1", "0.01", "1e-3" (and "-" before a negative one).
    static func tick(_ v: Double) -> String {
        let k = Int(log10(abs(v)).rounded())
        let s: String
        switch k {
        case 0...2: s = String(repeating: "0", count: k).isEmpty ? "1" : "1" + String(repeating: "0", count: k)
        case -2 ... -1: s = "0." + String(repeating: "0", count: -k - 1) + "1"
        default: s = "1e\(k)"
        }
        return (v < 0 ? "-" : "") + s
    }
}
