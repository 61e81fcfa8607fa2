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
        titles(m, sharedAxes: sharedAxes)[0]
    }

    /// The title for a pane `width` wide: the words go before the numbers ("(log, shared axes)", then "lr",
    /// then "Loss"), so the test loss a claim is about is never cut.
    public static func title(_ m: LossViewModel?, sharedAxes: Bool = false, width: Int) -> String {
        Fmt.fitting(titles(m, sharedAxes: sharedAxes), width: width)
    }

    /// Longest first.
    static func titles(_ m: LossViewModel?, sharedAxes: Bool) -> [String] {
        guard let m else { return ["Loss"] }
        var numbers = ""
        if let last = m.train.last(where: \.isFinite) ?? m.train.last { numbers += " · train " + Fmt.num(last) }
        if let last = m.test.last(where: \.isFinite) ?? m.test.last { numbers += " · test " + Fmt.num(last) }
        var acc = ""
        if let a = m.accuracy { acc += " · acc " + Fmt.percent(a) }
        if let a = m.testAccuracy { acc += " (test " + Fmt.percent(a) + ")" }
        let lr = " · lr " + Fmt.rate(m.learningRate) + (m.learningRate == 0 ? " (frozen)" : "")
        let head = sharedAxes ? "Loss (log, shared axes)" : "Loss (log)"
        let short = String(numbers.dropFirst(3))
        let mid = sharedAxes ? "Loss (shared)" : "Loss"
        let terse = short.replacingOccurrences(of: "train ", with: "").replacingOccurrences(of: "test ", with: "te ")
        // Narrower still: the train loss alone, then the name (never a number cut by the border).
        let trainOnly = (m.train.last(where: \.isFinite) ?? m.train.last).map { ["Loss " + Fmt.num($0), Fmt.num($0)] } ?? []
        return [head + numbers + acc + lr, mid + numbers + acc + lr, mid + numbers + acc, mid + numbers, "Loss" + numbers,
                short, terse] + trainOnly + ["Loss"]
    }

    /// `shared`: axes common to several loss panes (compare mode), so their curves compare honestly; the
    /// title says so. Nil: the pane's own range.
    public static func render(_ m: LossViewModel?, showTest: Bool, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext, shared: LossAxes? = nil) {
        let inner = ctx.frame(&buffer, area, title: title(m, sharedAxes: shared != nil, width: area.width), focused: focused)
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
            buffer.writeWrapped("loss exactly 0 at every step (a perfect fit): nothing to draw on a log axis",
                                in: inner, y: inner.y, style: theme.dim)
            return
        }
        let steps = StepAxis(shared?.steps ?? Double(first)...Double(last), scale: ctx.stepScale)
        let xr = steps.range
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 4 ? 1 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        ctx.braille.reset(width: plot.width, height: plot.height)
        let xs = steps.xs(m.steps)
        if showTest && !m.test.isEmpty {
            Axis.polyline(&ctx.braille, xs: xs, ys: m.test.map { logOrBottom($0, yr) }, x: xr, y: yr, color: theme.test)
        }
        Axis.polyline(&ctx.braille, xs: xs, ys: m.train.map { logOrBottom($0, yr) }, x: xr, y: yr, color: theme.train)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if let at = m.divergedAtStep { markDivergence(m, at: at, steps: steps, yr: yr, plot: plot, into: &buffer, theme: theme) }
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.upperBound)), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        if footer > 0 {
            let row = plot.maxY
            let gaps = steps.writeFooter(into: &buffer, plot: plot, row: row, clip: inner, style: theme.dim)
            // The legend goes in the widest gap between the step labels, with a space on each side, and only
            // as much of it as fits (in a narrow pane it used to run into the last step: "─ train69").
            let h = String(Character(theme.glyphs.horizontal))
            let withTest = showTest && !m.test.isEmpty
            let train = h + " train", test = h + " test"
            guard let gap = gaps.max(by: { $0.count < $1.count }) else { return }
            let both = train.count + 2 + test.count
            if withTest && gap.count >= both + 2 {
                let x = gap.lowerBound + (gap.count - both) / 2
                buffer.write(train, x: x, y: row, style: Style(fg: theme.train), clip: inner)
                buffer.write(test, x: x + train.count + 2, y: row, style: Style(fg: theme.test), clip: inner)
            } else if gap.count >= train.count + 2 {
                buffer.write(train, x: gap.lowerBound + (gap.count - train.count) / 2, y: row, style: Style(fg: theme.train),
                             clip: inner)
            }
        }
    }

    /// A diverged run: the curve ends at its last finite value; a ✕ marks it and "diverged @N" says where the
    /// next step blew up (inside the plot, top right, or left of the mark when it is near the right edge).
    static func markDivergence(_ m: LossViewModel, at: Int, steps: StepAxis, yr: ClosedRange<Double>, plot: Rect,
                               into buffer: inout Buffer, theme: Theme) {
        guard let i = m.train.lastIndex(where: { $0.isFinite && $0 >= 0 }), i < m.steps.count else { return }
        let xr = steps.range
        let fx = (steps.x(Double(m.steps[i])) - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
        let fy = (yr.upperBound - logOrBottom(m.train[i], yr)) / (yr.upperBound - yr.lowerBound)
        DivergenceMark.draw(at: at, fx: fx, fy: fy, plot: plot, into: &buffer, theme: theme)
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
