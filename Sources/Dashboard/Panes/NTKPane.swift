import Foundation
import NNAnalysis
import PaneModels
import TerminalUI

/// The lecture's neural tangent kernel claim: ‖K_t − K_0‖_F / ‖K_0‖_F against step for the preset's (narrow)
/// net and the same net made wide, both trained on the same data by a background job; the wide net's
/// kernel barely moves (lazy training: it behaves like kernel regression with K_0).
public enum NTKPane {
    public static func title(_ r: NTKDriftResult?) -> String {
        guard let r else { return "NTK drift ‖K_t − K_0‖/‖K_0‖" }
        let at = min(r.narrow.steps.last ?? 0, r.wide.steps.last ?? 0)
        return "NTK drift ‖K_t − K_0‖/‖K_0‖ · step \(at)/\(r.totalSteps)" + (r.isComplete ? "" : " · training…")
    }

    static func shape(_ sizes: [Int]) -> String { "[" + sizes.map(String.init).joined(separator: ",") + "]" }

    public static func render(_ r: NTKDriftResult?, failure: String?, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(r), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let r else {
            buffer.write(failure.map { "NTK run failed: " + $0 } ?? "starting the narrow and wide runs…", x: inner.x,
                         y: inner.y, style: failure == nil ? theme.dim : theme.warning, clip: inner)
            return
        }
        // Legend rows first: they carry the numbers. The pane trains its own two nets (from the preset's
        // initial weights): their losses are of these runs, not of the session in the status bar.
        let h = String(Character(theme.glyphs.horizontal))
        var y = inner.y
        for (curve, color, name) in [(r.narrow, theme.train, "narrow"), (r.wide, theme.fit, "wide")] where y < inner.maxY {
            let text = h + h + " \(name) \(shape(curve.sizes)): " + Fmt.num(curve.last)
                + "  (own run: loss " + Fmt.num(curve.loss.last ?? .nan) + ", lr " + Fmt.rate(curve.learningRate) + ")"
            buffer.write(text, x: inner.x, y: y, style: Style(fg: color), clip: inner)
            y += 1
        }
        let verdict: String
        if r.wide.last < r.narrow.last {
            verdict = "wide kernel moved \(Fmt.num(r.narrow.last / max(r.wide.last, 1e-300)))× less: lazy training"
        } else {
            verdict = "wide kernel moved no less than narrow (yet)"
        }
        if y < inner.maxY { buffer.write(verdict, x: inner.x, y: y, style: theme.dim, clip: inner); y += 1 }
        if let failure, y < inner.maxY {
            buffer.write("NTK run failed: " + failure, x: inner.x, y: y, style: theme.warning, clip: inner)
            y += 1
        }
        // The plot: relative change (linear, from 0) against step.
        var top = 0.0
        for v in r.narrow.relativeChange + r.wide.relativeChange where v.isFinite { top = max(top, v) }
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.maxY - y >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: y, width: inner.width - labelW, height: inner.maxY - y - footer)
        guard !plot.isEmpty, plot.height >= 1 else { return }
        let yr = Axis.safe(0...max(top, 1e-12) * 1.05)
        let stepAxis = StepAxis(first: 0, last: Double(max(1, r.totalSteps)), scale: ctx.stepScale,
                                 firstPositive: StepAxis.firstPositive(r.narrow.steps))
        let xr = stepAxis.range
        ctx.braille.reset(width: plot.width, height: plot.height)
        Axis.polyline(&ctx.braille, xs: stepAxis.xs(r.wide.steps), ys: r.wide.relativeChange, x: xr, y: yr, color: theme.fit)
        Axis.polyline(&ctx.braille, xs: stepAxis.xs(r.narrow.steps), ys: r.narrow.relativeChange, x: xr, y: yr,
                      color: theme.train)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(yr.upperBound), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, "0", x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        if footer > 0 {
            stepAxis.writeFooter(into: &buffer, plot: plot, row: plot.maxY, clip: inner, style: theme.dim)
        }
    }
}
