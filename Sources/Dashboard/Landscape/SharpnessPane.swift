import Foundation
import PaneModels
import TerminalUI

/// Sharpness against step: λmax (and λmin) of the training objective's Hessian on a log (or linear) step
/// axis, with the optimiser's stability limit as a dashed line (2/η for SGD, (2 + 2β)/η for heavy ball).
/// Full-batch gradient descent at a fixed η drives λmax up to that line and then hovers at it.
public enum SharpnessPane {
    public static let minimumSize = Size(width: 12, height: 5)

    public static func title(_ m: SharpnessViewModel?, computing: Bool) -> String {
        var t = "Sharpness λmax"
        if let m {
            if let v = m.lambdaMax.last, let s = m.steps.last { t += " " + Fmt.num(v) + " @" + String(s) }
            t += m.logSteps ? " · log step" : " · linear step"
        }
        if computing { t += " …" }
        return t
    }

    /// The plotted step coordinate (log10(step + 1) on a log axis).
    static func xValue(_ step: Int, log: Bool) -> Double { log ? log10(Double(max(step, 0)) + 1) : Double(step) }

    public static func render(_ m: SharpnessViewModel?, computing: Bool, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let theme = ctx.theme
        let inner = ctx.frame(&buffer, area, title: LandscapePane.ascii(title(m, computing: computing), theme), focused: focused)
        guard !inner.isEmpty else { return }
        guard let m, let last = m.steps.last, let first = m.steps.first else {
            let text = computing ? "estimating λmax (Lanczos)…" : "no λmax yet"
            buffer.write(LandscapePane.ascii(text, theme), x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        var lo = Double.infinity, hi = -Double.infinity
        for v in m.lambdaMax + m.lambdaMin where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        if let l = m.limit, l.isFinite { lo = min(lo, l); hi = max(hi, l) }
        guard lo <= hi else { return }
        let pad = 0.05 * max(hi - lo, Swift.abs(hi), 1e-12)
        let yr = Axis.safe((lo - pad)...(hi + pad))
        let xr = Axis.safe(xValue(first, log: m.logSteps)...xValue(last, log: m.logSteps))
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        if let l = m.limit, let py = ctx.braille.dotY(l, yr.lowerBound, yr.upperBound) {
            for d in stride(from: 0, to: ctx.braille.dotWidth, by: 3) { ctx.braille.set(dotX: d, dotY: py, color: theme.kink) }
        }
        let xs = m.steps.map { xValue($0, log: m.logSteps) }
        Axis.polyline(&ctx.braille, xs: xs, ys: m.lambdaMin, x: xr, y: yr, color: theme.secondary)
        Axis.polyline(&ctx.braille, xs: xs, ys: m.lambdaMax, x: xr, y: yr, color: theme.fit)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(yr.upperBound), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(yr.lowerBound), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        guard footer > 0 else { return }
        let row = plot.maxY
        var x = inner.x
        // Legend items whole, left to right, while they fit.
        for (i, part) in [("— λmax", theme.fit), ("  — λmin", theme.secondary), ("  ┄ " + m.limitLabel, theme.kink)].enumerated() {
            let text = LandscapePane.ascii(part.0, theme)
            guard x + TextFit.width(text) <= inner.maxX else { break }
            x += buffer.write(text, x: x, y: row, style: i == 0 || i == 1 || m.limit != nil ? Style(fg: part.1) : theme.dim, clip: inner)
        }
        let steps = LandscapePane.ascii("step \(first)…\(last)", theme)
        let n = steps.unicodeScalars.count
        if inner.maxX - x >= n + 2 { buffer.write(steps, x: inner.maxX - n, y: row, style: theme.dim, clip: inner) }
    }
}
