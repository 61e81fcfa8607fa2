import TerminalUI

/// Training and test loss against step on a log axis, with accuracy and the learning rate.
public enum LossPane {
    public static func title(_ m: LossViewModel?) -> String {
        guard let m else { return "Loss" }
        var t = "Loss (log)"
        if let last = m.train.last { t += " · train " + Fmt.num(last) }
        if let last = m.test.last { t += " · test " + Fmt.num(last) }
        if let a = m.accuracy { t += " · acc " + Fmt.percent(a) }
        if let a = m.testAccuracy { t += " (test " + Fmt.percent(a) + ")" }
        t += " · lr " + Fmt.rate(m.learningRate)
        return t
    }

    public static func render(_ m: LossViewModel?, showTest: Bool, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m), focused: focused)
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
        let yr = Axis.safe(log10(lo)...log10(hi))
        let xr = Axis.safe(Double(first)...Double(last))
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
            buffer.write("step \(first)", x: plot.x, y: row, style: theme.dim, clip: inner)
            Axis.writeRight(&buffer, "\(last)", x: plot.x, y: row, width: plot.width + 1, style: theme.dim)
            let h = String(Character(theme.glyphs.horizontal))
            let legend = h + " train" + (showTest && !m.test.isEmpty ? "  " : "")
            let x = plot.x + max(8, plot.width / 2 - 8)
            let n = buffer.write(legend, x: x, y: row, style: Style(fg: theme.train), clip: inner)
            if showTest && !m.test.isEmpty {
                buffer.write(h + " test", x: x + n, y: row, style: Style(fg: theme.test), clip: inner)
            }
        }
    }

    /// Losses of exactly 0 (a perfect fit) are drawn at this floor instead of vanishing from a log axis.
    static let floor = 1e-15

    static func safeLog(_ v: Double) -> Double { v >= 0 ? log10(max(v, floor)) : .nan }
}

import Foundation
