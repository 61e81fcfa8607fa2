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

    public static func render(_ m: SpectrumViewModel?, currentStep: Int?, computing: Bool, autoHessian: Bool,
                              into buffer: inout Buffer, area: Rect, focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(computing: computing), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m else {
            let text = computing ? "computing the Hessian…" : "no spectrum yet: press h (auto \(autoHessian ? "on" : "off"))"
            buffer.write(text, x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        var lines = [
            "λmax " + Fmt.num(m.lambdaMax) + "   λmin " + Fmt.num(m.lambdaMin),
            "negative \(m.negativeCount.map(String.init) ?? "–")   ≈0 \(m.nearZeroCount.map(String.init) ?? "–")   of P=\(m.parameterCount)",
        ]
        var info = m.method + " · step \(m.step)"
        if let now = currentStep, now >= m.step { info += now == m.step ? " · current" : " · \(now - m.step) steps old" }
        lines.append(info)
        for (i, line) in lines.enumerated() where i < inner.height {
            buffer.write(theme.ascii ? asciiLine(line) : line, x: inner.x, y: inner.y + i,
                         style: i == 2 ? theme.dim : theme.text, clip: inner)
        }
        let hist = Rect(x: inner.x, y: inner.y + lines.count, width: inner.width, height: inner.height - lines.count - 1)
        guard hist.height >= 1, hist.width >= 3 else { return }
        histogram(m, into: &buffer, area: hist, theme: theme)
    }

    static func asciiLine(_ s: String) -> String {
        s.replacingOccurrences(of: "λ", with: "l").replacingOccurrences(of: "≈", with: "~")
            .replacingOccurrences(of: "·", with: "|")
    }

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
        let bins = area.width
        var counts = [Double](repeating: 0, count: bins)
        for (i, v) in m.eigenvalues.enumerated() where v.isFinite {
            let t = (symlog(v, tau) + span) / (2 * span)
            let b = max(0, min(bins - 1, Int(t * Double(bins))))
            counts[b] += i < m.weights.count ? m.weights[i] : 1
        }
        let top = log1p(counts.max() ?? 0)
        guard top > 0 else { return }
        let levels = area.height * 8
        for b in 0..<bins where counts[b] > 0 {
            let h = max(1, Int((log1p(counts[b]) / top * Double(levels)).rounded()))
            let center = b == bins / 2
            let style = Style(fg: center ? theme.secondary : theme.fit)
            for row in 0..<area.height {
                let filled = h - row * 8
                if filled <= 0 { break }
                let glyph = theme.glyphs.bars[min(8, filled)]
                buffer.set(area.x + b, area.maxY - 1 - row, glyph, style)
            }
        }
        let axisRow = area.maxY
        buffer.write(Fmt.fit(Fmt.num(-maxAbs), width: area.width / 3), x: area.x, y: axisRow, style: theme.dim,
                     maxWidth: area.width / 3)
        buffer.set(area.x + bins / 2, axisRow, "0", theme.dim)
        Axis.writeRight(&buffer, Fmt.num(maxAbs), x: area.x, y: axisRow, width: area.width + 1, style: theme.dim)
    }
}
