import Foundation
import PaneModels
import TerminalUI

/// λmax — the largest Hessian eigenvalue, the sharpness of the loss — of one compared session against
/// step, on axes shared with the other sessions (so "sharper" reads the same in every panel).
public enum LambdaPane {
    /// Axes shared by the λmax panes of all sessions: λ (linear) and step.
    public struct Axes: Sendable, Equatable {
        /// The λ range, in log10 units when `log` (every value positive: early λmax is often 100× the
        /// later one, which a linear axis would flatten), else linear.
        public var lambda: ClosedRange<Double>
        public var steps: ClosedRange<Double>
        public var log: Bool

        /// Where a value goes on the λ axis.
        func y(_ v: Double) -> Double { log ? (v > 0 ? log10(v) : .nan) : v }
        /// The value at an axis position (for the labels).
        func value(_ y: Double) -> Double { log ? pow(10, y) : y }
    }

    /// The union of every session's λmax history; nil when nobody has a value yet. The step axis runs from
    /// step 0 to the last value or `through` (the loss panes' last step), whichever is later: λmax is
    /// sampled every 100 steps, and a pane over its samples alone — from step 100, or "step 0 … 1" for a
    /// run that diverged after one — would disagree with the loss pane beside it and with the log rule.
    public static func sharedAxes(_ histories: [LambdaHistory], through: Int? = nil) -> Axes? {
        var lo = Double.infinity, hi = -Double.infinity, s0 = Int.max, s1 = Int.min
        for h in histories {
            for (s, v) in zip(h.steps, h.values) where v.isFinite {
                lo = min(lo, v); hi = max(hi, v); s0 = min(s0, s); s1 = max(s1, s)
            }
        }
        guard lo.isFinite, hi.isFinite, s0 <= s1 else { return nil }
        // Step 0 only so far: the axis runs to step 1 (never "step -1").
        let last = max(s1, through ?? s1, 1)
        let steps = Double(min(0, s0))...Double(last)
        if lo > 0 { return Axes(lambda: Axis.safe(log10(lo)...log10(hi)), steps: steps, log: true) }
        return Axes(lambda: Axis.safe(lo...hi), steps: steps, log: false)
    }

    public static func title(_ h: LambdaHistory, computing: Bool, log: Bool = true, shared: Bool = true) -> String {
        titles(h, computing: computing, log: log, shared: shared)[0]
    }

    /// Longest first: the axis words go before the value and its step.
    static func titles(_ h: LambdaHistory, computing: Bool, log: Bool, shared: Bool) -> [String] {
        var head = "λmax (" + [log ? "log" : nil, shared ? "shared y" : nil].compactMap { $0 }.joined(separator: ", ") + ")"
        if head == "λmax ()" { head = "λmax" }
        let dots = computing ? " …" : ""
        guard let v = h.values.last, let s = h.steps.last else {
            return [head + dots, "λmax" + dots, "λmax"]
        }
        let value = Fmt.num(v)
        let mid = shared ? "λmax (shared) " : "λmax "
        return [head + " · " + value + " @" + String(s) + dots, mid + value + " @" + String(s) + dots,
                "λmax " + value + " @" + String(s) + dots,
                "λmax " + value + dots, "λmax " + value, value]
    }

    /// `shared`: whether `axes` are common to all sessions (the title says so) or this pane's own.
    /// `divergedAt`: the step the session diverged at — a ✕ on its last λmax and "diverged @N" mark it.
    public static func render(_ h: LambdaHistory, computing: Bool, axes: Axes?, shared: Bool = true, divergedAt: Int? = nil,
                              into buffer: inout Buffer, area: Rect, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: Fmt.fitting(titles(h, computing: computing, log: axes?.log ?? true,
                                                                       shared: shared), width: area.width),
                              focused: false)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let axes, !h.values.isEmpty else {
            buffer.writeWrapped(computing ? "estimating λmax (Lanczos)…" : "no λmax yet (h: now)", in: inner, y: inner.y,
                                style: theme.dim)
            return
        }
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        let stepAxis = StepAxis(axes.steps, scale: ctx.stepScale)
        let xs = stepAxis.xs(h.steps)
        if h.values.count == 1 {
            Axis.scatter(&ctx.braille, xs: xs, ys: h.values.map(axes.y), x: stepAxis.range, y: axes.lambda, color: theme.secondary)
        } else {
            Axis.polyline(&ctx.braille, xs: xs, ys: h.values.map(axes.y), x: stepAxis.range, y: axes.lambda, color: theme.secondary)
        }
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if let at = divergedAt, let s = h.steps.last, let v = h.values.last {
            markDivergence(at: at, step: s, y: axes.y(v), axis: stepAxis, axes: axes, plot: plot, into: &buffer, theme: theme)
        }
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(axes.value(axes.lambda.upperBound)), x: inner.x, y: plot.y, width: labelW,
                            style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(axes.value(axes.lambda.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW,
                            style: theme.dim)
        }
        if footer > 0 {
            stepAxis.writeFooter(into: &buffer, plot: plot, row: plot.maxY, clip: inner, style: theme.dim)
        }
    }

    /// A ✕ on the last λmax before the blow-up and "diverged @N" beside it (as the loss pane marks it).
    static func markDivergence(at: Int, step: Int, y: Double, axis: StepAxis, axes: Axes, plot: Rect,
                               into buffer: inout Buffer, theme: Theme) {
        let xr = axis.range, yr = axes.lambda
        let fx = (axis.x(Double(step)) - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
        let fy = (yr.upperBound - y) / (yr.upperBound - yr.lowerBound)
        DivergenceMark.draw(at: at, fx: fx, fy: fy, plot: plot, into: &buffer, theme: theme)
    }
}
