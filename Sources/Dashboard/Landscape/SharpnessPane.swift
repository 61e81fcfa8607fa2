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

    /// How far the stability limit may be above the largest plotted λ and still set the y range: further up it
    /// would squash the curves into the bottom rows (momentum on moons: (2+2β)/η = 380 over λmax ≈ 2.5), so it is
    /// left off the plot and the legend says so.
    static let limitReach = 3.0

    /// The y range of the curves, and whether the limit line is on it.
    static func yRange(_ m: SharpnessViewModel) -> (range: ClosedRange<Double>, limitOnScale: Bool)? {
        var lo = Double.infinity, hi = -Double.infinity, top = 0.0
        for v in m.lambdaMax + m.lambdaMin where v.isFinite { lo = min(lo, v); hi = max(hi, v); top = max(top, Swift.abs(v)) }
        var onScale = false
        if let l = m.limit, l.isFinite, !(lo <= hi) || Swift.abs(l) <= limitReach * top {
            lo = min(lo, l); hi = max(hi, l); onScale = true
        }
        guard lo <= hi else { return nil }
        let pad = 0.05 * max(hi - lo, Swift.abs(hi), 1e-12)
        return (Axis.safe((lo - pad)...(hi + pad)), onScale)
    }

    /// The step axis: log or linear over the steps shown, labelled as the loss pane's (decades on a log axis).
    static func stepAxis(_ m: SharpnessViewModel, first: Int, last: Int) -> StepAxis {
        StepAxis(first: Double(first), last: Double(last), scale: m.logSteps ? .log : .linear)
    }

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
        guard let (yr, limitOnScale) = yRange(m) else { return }
        let steps = stepAxis(m, first: first, last: last)
        let xr = steps.range
        let labelW = Axis.labelWidth(inner.width)
        // The step labels under the plot and, when there is height, the legend on a row of its own (the decade
        // labels leave it only short gaps).
        let footer = inner.height >= 8 ? 2 : (inner.height >= 4 ? 1 : 0)
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        if limitOnScale, let l = m.limit, let py = ctx.braille.dotY(l, yr.lowerBound, yr.upperBound) {
            for d in stride(from: 0, to: ctx.braille.dotWidth, by: 3) { ctx.braille.set(dotX: d, dotY: py, color: theme.kink) }
        }
        let xs = steps.xs(m.steps)
        Axis.polyline(&ctx.braille, xs: xs, ys: m.lambdaMin, x: xr, y: yr, color: theme.secondary)
        Axis.polyline(&ctx.braille, xs: xs, ys: m.lambdaMax, x: xr, y: yr, color: theme.fit)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(yr.upperBound), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(yr.lowerBound), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        guard footer > 0 else { return }
        // Step labels (first, last, decades) as on the loss pane; the legend on the next row, or in the widest gap
        // left with a space either side; items whole, left to right while they fit.
        let gaps = steps.writeFooter(into: &buffer, plot: plot, row: plot.maxY, clip: inner, style: theme.dim)
        let row = footer == 2 ? plot.maxY + 1 : plot.maxY
        guard let gap = footer == 2 ? (inner.x - 1)..<(inner.maxX + 1) : gaps.max(by: { $0.count < $1.count }) else { return }
        let limitText = "┄ " + m.limitLabel + (m.limit != nil && !limitOnScale ? " ↑ off scale" : "")
        let parts = [("— λmax", theme.fit), ("— λmin", theme.secondary), (limitText, theme.kink)]
        var x = gap.lowerBound + 1
        for (i, part) in parts.enumerated() {
            let text = LandscapePane.ascii((i > 0 ? "  " : "") + part.0, theme)
            guard x + TextFit.width(text) <= gap.upperBound - 1 else { break }
            x += buffer.write(text, x: x, y: row, style: i < 2 || m.limit != nil ? Style(fg: part.1) : theme.dim, clip: inner)
        }
    }
}
