import Foundation
import PaneModels
import TerminalUI

/// The double-descent curve as the sweep runs: test (and train) mean squared error against the number of
/// random features p, both axes logarithmic, the interpolation threshold p = n marked. Points appear
/// width by width; the x axis is fixed by the planned widths from the start.
public enum DoubleDescentPane {
    public static func title(_ m: DoubleDescentViewModel?) -> String {
        guard let m else { return "Double descent" }
        var t = "Double descent · error vs width p (log-log) · \(m.widths.count)/\(m.plannedWidths.count) widths"
        // Incomplete: the points are still arriving (at the pace; the status bar says how many are computed).
        if !m.isComplete { t += " so far" }
        return t
    }

    /// The summary line: the threshold, the peak, the classical minimum and the widest p so far.
    public static func summary(_ m: DoubleDescentViewModel) -> String { summaryParts(m).joined(separator: " · ") }

    static func summaryParts(_ m: DoubleDescentViewModel) -> [String] {
        var parts = ["n = \(m.trainCount)"]
        if let c = m.classicalMinimum { parts.append("best p<n: p=\(c.width) " + Fmt.num(c.error)) }
        if let peak = m.peak { parts.append("peak: p=\(peak.width) " + Fmt.num(peak.error)) }
        // The widest p so far, unless it is the peak just named.
        if let p = m.widths.last, let e = m.testErrors.last, p != m.peak?.width { parts.append("p=\(p): " + Fmt.num(e)) }
        return parts
    }

    public static func render(_ m: DoubleDescentViewModel?, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m else {
            buffer.write("starting the sweep…", x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        buffer.write(TextFit.leadingParts(summaryParts(m), separator: " · ", width: inner.width), x: inner.x, y: inner.y,
                     style: theme.text, clip: inner)
        let footer = inner.height >= 5 ? 1 : 0
        let labelW = Axis.labelWidth(inner.width)
        let plot = Rect(x: inner.x + labelW, y: inner.y + 1, width: inner.width - labelW, height: inner.height - 1 - footer)
        guard plot.width >= 2, plot.height >= 1, let pLo = m.plannedWidths.min(), let pHi = m.plannedWidths.max() else { return }
        let xr = Axis.safe(log10(Double(max(1, pLo)))...log10(Double(max(1, pHi))))
        // Error axis: the test errors with a decade below their minimum; train errors below that (≈0 from
        // p = n on, where the fit interpolates) sit on the floor.
        var lo = Double.infinity, hi = -Double.infinity
        for e in m.testErrors where e > 0 && e.isFinite { lo = min(lo, e); hi = max(hi, e) }
        for e in m.trainErrors where e > 0 && e.isFinite { hi = max(hi, e) }
        if lo.isFinite, hi.isFinite { lo = max(min(lo, m.trainErrors.filter { $0 > 0 && $0.isFinite }.min() ?? lo), lo * 0.1) } else { lo = 1e-3; hi = 1 }
        let floor = lo
        let yr = Axis.safe(Foundation.floor(log10(lo))...Foundation.ceil(log10(hi)))   // whole decades: short labels
        ctx.braille.reset(width: plot.width, height: plot.height)
        let xs = m.widths.map { log10(Double(max(1, $0))) }
        let nx = log10(Double(max(1, m.trainCount)))
        if let col = ctx.braille.dotX(nx, xr.lowerBound, xr.upperBound), nx >= xr.lowerBound, nx <= xr.upperBound {
            for y in Swift.stride(from: 0, to: ctx.braille.dotHeight, by: 3) { ctx.braille.set(dotX: col, dotY: y, color: theme.kink) }
        }
        func logs(_ v: [Double]) -> [Double] { v.map { $0.isFinite && $0 >= 0 ? log10(max($0, floor)) : .nan } }
        Axis.polyline(&ctx.braille, xs: xs, ys: logs(m.trainErrors), x: xr, y: yr, color: theme.train)
        Axis.polyline(&ctx.braille, xs: xs, ys: logs(m.testErrors), x: xr, y: yr, color: theme.test)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.upperBound)), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        guard footer > 0 else { return }
        let row = plot.maxY
        buffer.write("p \(pLo)", x: plot.x, y: row, style: theme.dim, clip: inner)
        Axis.writeRight(&buffer, "\(pHi)", x: plot.x, y: row, width: plot.width + 1, style: theme.dim)
        let marker = "p=n=\(m.trainCount)"
        let t = (nx - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
        let mx = plot.x + Int((t * Double(plot.width - 1)).rounded()) - marker.count / 2
        let markerX = max(plot.x + 6, min(plot.maxX - marker.count - 5, mx))
        buffer.write(marker, x: markerX, y: row, style: Style(fg: theme.kink), clip: inner)
        let h = String(Character(theme.glyphs.horizontal))
        let legend = [(h + " test", theme.test), (h + " train", theme.train)]
        var x = max(markerX + marker.count + 2, plot.x + plot.width * 2 / 3 - 6)
        for (text, color) in legend where x + text.count < plot.maxX - 4 {
            x += buffer.write(text, x: x, y: row, style: Style(fg: color), clip: inner) + 1
        }
    }
}
