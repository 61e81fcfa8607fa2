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
        // log10 range over every positive finite loss shown; exact zeros have no place on a log axis and
        // are drawn on its bottom edge instead (they must not stretch the axis down to a made-up floor).
        var lo = Double.infinity, hi = -Double.infinity, zeros = false
        for v in m.train where v >= 0 && v.isFinite { if v > 0 { lo = min(lo, v); hi = max(hi, v) } else { zeros = true } }
        if showTest {
            for v in m.test where v >= 0 && v.isFinite { if v > 0 { lo = min(lo, v); hi = max(hi, v) } else { zeros = true } }
        }
        guard let first = m.steps.first, let last = m.steps.last, (lo.isFinite && hi.isFinite) || zeros else {
            buffer.write("no steps yet", x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        guard let yr = shared?.logLoss ?? (lo.isFinite ? Axis.safe(log10(lo)...log10(hi)) : nil) else {
            // Every loss so far is exactly 0 (hand-set weights that fit perfectly, e.g. the sawtooth).
            buffer.write("loss exactly 0 at every step (a perfect fit): nothing to draw on a log axis",
                         x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        let xr = shared?.steps ?? Axis.safe(Double(first)...Double(last))
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        let xs = m.steps.map(Double.init)
        if showTest && !m.test.isEmpty {
            Axis.polyline(&ctx.braille, xs: xs, ys: m.test.map { logOrBottom($0, yr) }, x: xr, y: yr, color: theme.test)
        }
        Axis.polyline(&ctx.braille, xs: xs, ys: m.train.map { logOrBottom($0, yr) }, x: xr, y: yr, color: theme.train)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.upperBound)), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        if footer > 0 {
            let row = plot.maxY
            let (x0, x1) = shared.map { (Int($0.steps.lowerBound.rounded()), Int($0.steps.upperBound.rounded())) } ?? (first, last)
            let left = "step \(x0)", right = "\(x1)"
            buffer.write(left, x: plot.x, y: row, style: theme.dim, clip: inner)
            Axis.writeRight(&buffer, right, x: plot.x, y: row, width: plot.width + 1, style: theme.dim)
            // The legend goes between the two step labels, and only as much of it as fits with a space
            // on each side: in a narrow pane it used to run into the last step ("─ train69").
            let h = String(Character(theme.glyphs.horizontal))
            let x = plot.x + max(8, left.count + 1, plot.width / 2 - 8)
            let legendEnd = plot.maxX - right.count - 1
            let withTest = showTest && !m.test.isEmpty
            let train = h + " train", test = h + " test"
            if x + train.count <= legendEnd {
                buffer.write(train, x: x, y: row, style: Style(fg: theme.train), clip: inner)
                let tx = x + train.count + 2
                if withTest && tx + test.count <= legendEnd {
                    buffer.write(test, x: tx, y: row, style: Style(fg: theme.test), clip: inner)
                }
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
            for v in m.train where v > 0 && v.isFinite { lo = min(lo, v); hi = max(hi, v); any = true }
            if showTest {
                for v in m.test where v > 0 && v.isFinite { lo = min(lo, v); hi = max(hi, v); any = true }
            }
            if any { s0 = min(s0, first); s1 = max(s1, last) }
        }
        guard lo.isFinite, hi.isFinite, s0 <= s1 else { return nil }
        // One step so far (every session at step 0): the axis runs from it to the next step, not ±0.5
        // around it, which labelled the axis "step -1".
        let steps = s0 < s1 ? Double(s0)...Double(s1) : Double(s0)...Double(s0 + 1)
        return LossAxes(logLoss: Axis.safe(log10(lo)...log10(hi)), steps: steps)
    }

    /// log10 of a loss; a loss of exactly 0 (a perfect fit) goes on the axis' bottom edge, a negative or
    /// non-finite one is skipped.
    static func logOrBottom(_ v: Double, _ axis: ClosedRange<Double>) -> Double {
        guard v.isFinite, v >= 0 else { return .nan }
        return v > 0 ? log10(v) : axis.lowerBound
    }
}

import Foundation
import PaneModels
