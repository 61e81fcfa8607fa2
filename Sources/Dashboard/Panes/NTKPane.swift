import Foundation
import NNAnalysis
import PaneModels
import TerminalUI

/// The lecture's neural tangent kernel claim: ‖K_t − K_0‖_F / ‖K_0‖_F against step for the preset's (narrow)
/// net and the same net made wide, both trained on the same data by a background job; the wide net's
/// kernel barely moves (lazy training: it behaves like kernel regression with K_0).
public enum NTKPane {
    public static func title(_ r: NTKDriftResult?) -> String { titles(r)[0] }

    /// Longest first: the step outlives the formula.
    static func titles(_ r: NTKDriftResult?) -> [String] {
        guard let r else { return ["NTK drift ‖K − K₀‖/‖K₀‖", "NTK drift"] }
        let at = min(r.narrow.steps.last ?? 0, r.wide.steps.last ?? 0)
        let step = " · step \(at)/\(r.totalSteps)" + (r.isComplete ? "" : " · training…")
        return ["NTK drift ‖K − K₀‖/‖K₀‖" + step, "NTK drift" + step, "NTK drift · step \(at)/\(r.totalSteps)", "NTK drift"]
    }

    static func shape(_ sizes: [Int]) -> String { "[" + sizes.map(String.init).joined(separator: ",") + "]" }

    public static func render(_ r: NTKDriftResult?, failure: String?, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: Fmt.fitting(titles(r), width: area.width), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let r else {
            buffer.writeWrapped(failure.map { "NTK run failed: " + $0 } ?? "starting the narrow and wide runs…", in: inner,
                                y: inner.y, style: failure == nil ? theme.dim : theme.warning)
            return
        }
        // Legend rows first: they carry the numbers. The pane trains its own two nets (from the preset's
        // initial weights): their losses are of these runs, not of the session in the status bar.
        let h = String(Character(theme.glyphs.horizontal))
        var y = inner.y
        for (curve, color, name) in [(r.narrow, theme.train, "narrow"), (r.wide, theme.fit, "wide")] where y < inner.maxY {
            let head = h + h + " \(name) \(shape(curve.sizes)): " + Fmt.num(curve.last)
            let run = "  (own run: loss " + Fmt.num(curve.loss.last ?? .nan) + ", lr " + Fmt.rate(curve.learningRate) + ")"
            buffer.writeFitting([head + run, head, h + h + " \(name): " + Fmt.num(curve.last)], x: inner.x, y: y,
                                style: Style(fg: color), clip: inner)
            y += 1
        }
        let verdicts: [String]
        if r.wide.last < r.narrow.last {
            let less = "\(Fmt.num(r.narrow.last / max(r.wide.last, 1e-300)))× less"
            verdicts = ["wide kernel moved \(less): lazy training", "wide kernel moved \(less)", "wide: \(less)"]
        } else {
            verdicts = ["wide kernel moved no less than narrow (yet)", "wide moved no less (yet)"]
        }
        if y < inner.maxY { buffer.writeFitting(verdicts, x: inner.x, y: y, style: theme.dim, clip: inner); y += 1 }
        if let failure, y < inner.maxY {
            buffer.write(TextFit.ellipsized("NTK run failed: " + failure, width: inner.width), x: inner.x, y: y,
                         style: theme.warning, clip: inner)
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
        let stepAxis = StepAxis(first: 0, last: Double(max(1, r.totalSteps)), scale: ctx.stepScale)
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
