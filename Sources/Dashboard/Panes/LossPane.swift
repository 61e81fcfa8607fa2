import TerminalUI

/// Axes shared by several loss panes: log10(loss) and step.
public struct LossAxes: Sendable, Equatable {
    public var logLoss: ClosedRange<Double>
    public var steps: ClosedRange<Double>
    public init(logLoss: ClosedRange<Double>, steps: ClosedRange<Double>) {
        self.logLoss = logLoss
        self.steps = steps
    }
}

/// Training and test loss against step on a log axis, with accuracy and the learning rate.
public enum LossPane {
    public static func title(_ m: LossViewModel?, sharedAxes: Bool = false) -> String {
        guard let m else { return "Loss" }
        var t = sharedAxes ? "Loss (log, shared axes)" : "Loss (log)"
        if let last = m.train.last { t += " · train " + Fmt.num(last) }
        if let last = m.test.last { t += " · test " + Fmt.num(last) }
        if let a = m.accuracy { t += " · acc " + Fmt.percent(a) }
        if let a = m.testAccuracy { t += " (test " + Fmt.percent(a) + ")" }
        t += " · lr " + Fmt.rate(m.learningRate)
        return t
    }

    /// `shared`: axes common to several loss panes (compare mode), so their curves compare honestly; the
    /// title says so. Nil: the pane's own range.
    public static func render(_ m: LossViewModel?, showTest: Bool, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext, shared: LossAxes? = nil) {
        let inner = ctx.frame(&buffer, area, title: title(m, sharedAxes: shared != nil), focused: focused)
        guard let m, !inner.isEmpty else { return }
        let theme = ctx.theme
        // log10 range over every positive finite loss shown.
        var lo = Double.infinity, hi = -Double.infinity
        for v in m.train where v >= 0 && v.isFinite { lo = min(lo, max(v, floor)); hi = max(hi, max(v, floor)) }
        if showTest { for v in m.test where v >= 0 && v.isFinite { lo = min(lo, max(v, floor)); hi = max(hi, max(v, floor)) } }
        guard lo.isFinite, hi.isFinite, let first = m.steps.first, let last = m.steps.last else {
            buffer.write("no steps yet", x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        let yr = shared?.logLoss ?? Axis.safe(log10(lo)...log10(hi))
        let xr = shared?.steps ?? Axis.safe(Double(first)...Double(last))
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        let xs = m.steps.map(Double.init)
        if showTest && !m.test.isEmpty {
            Axis.polyline(&ctx.braille, xs: xs, ys: m.test.map(safeLog), x: xr, y: yr, color: theme.test)
        }
        Axis.polyline(&ctx.braille, xs: xs, ys: m.train.map(safeLog), x: xr, y: yr, color: theme.train)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.upperBound)), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        if footer > 0 {
            let row = plot.maxY
            let (x0, x1) = shared.map { (Int($0.steps.lowerBound.rounded()), Int($0.steps.upperBound.rounded())) } ?? (first, last)
            buffer.write("step \(x0)", x: plot.x, y: row, style: theme.dim, clip: inner)
            Axis.writeRight(&buffer, "\(x1)", x: plot.x, y: row, width: plot.width + 1, style: theme.dim)
            let h = String(Character(theme.glyphs.horizontal))
            let legend = h + " train" + (showTest && !m.test.isEmpty ? "  " : "")
            let x = plot.x + max(8, plot.width / 2 - 8)
            let n = buffer.write(legend, x: x, y: row, style: Style(fg: theme.train), clip: inner)
            if showTest && !m.test.isEmpty {
                buffer.write(h + " test", x: x + n, y: row, style: Style(fg: theme.test), clip: inner)
            }
        }
    }

    /// The union of several loss panes' ranges: log10 of every positive finite loss shown (train, and test
    /// where `showTest`), and the steps. Nil when none has a point yet.
    public static func sharedAxes(_ models: [(LossViewModel?, showTest: Bool)]) -> LossAxes? {
        var lo = Double.infinity, hi = -Double.infinity, s0 = Int.max, s1 = Int.min
        for (m, showTest) in models {
            guard let m, let first = m.steps.first, let last = m.steps.last else { continue }
            var any = false
            for v in m.train where v >= 0 && v.isFinite { lo = min(lo, max(v, floor)); hi = max(hi, max(v, floor)); any = true }
            if showTest {
                for v in m.test where v >= 0 && v.isFinite { lo = min(lo, max(v, floor)); hi = max(hi, max(v, floor)); any = true }
            }
            if any { s0 = min(s0, first); s1 = max(s1, last) }
        }
        guard lo.isFinite, hi.isFinite, s0 <= s1 else { return nil }
        return LossAxes(logLoss: Axis.safe(log10(lo)...log10(hi)), steps: Axis.safe(Double(s0)...Double(s1)))
    }

    /// Losses of exactly 0 (a perfect fit) are drawn at this floor instead of vanishing from a log axis.
    static let floor = 1e-15

    static func safeLog(_ v: Double) -> Double { v >= 0 ? log10(max(v, floor)) : .nan }
}

import Foundation
