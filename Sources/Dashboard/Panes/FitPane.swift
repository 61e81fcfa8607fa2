import PaneModels
import TerminalUI

/// The 1D fit: training and test data, the target, the network function (braille), a marker under
/// every kink and the kink count beside its bound.
public enum FitPane {
    public static func title(_ m: FitViewModel?) -> String {
        guard let m else { return "Fit" }
        if !m.featureNote.isEmpty { return "Fit · " + m.featureNote }
        if isSmooth(m) { return "Fit · smooth: no kinks" }
        if let n = m.kinksLowerBound {
            // Over the exact work limit: the grid scan's lower bound, worded as the regions' estimate.
            return "Fit · ≥ \(n) kinks (estimate)" + (m.pieceBound.map { " · pieces ≤ \(bound($0))" } ?? "")
        }
        var t = "Fit · kinks \(m.kinks.count)"
        if let b = m.pieceBound {
            t += " · \(Plural.pieces(m.kinks.count + 1)) ≤ \(bound(b))"
            if !m.kinkBoundNote.isEmpty { t += " (\(m.kinkBoundNote))" }
        }
        return t
    }

    /// Up to this many training points are drawn as whole-cell markers over the curve.
    static let bigPointLimit = 12

    /// A smooth network (some activation not piecewise linear): it has no kinks to count or mark.
    static func isSmooth(_ m: FitViewModel) -> Bool { m.pieceBound == nil && m.kinkBoundNote == "smooth" }

    /// A piece bound as read aloud: exact up to 10⁶, then as a power of ten ("1.4e12") — a 13-digit count
    /// says nothing more and crowds out the numbers that matter.
    static func bound(_ b: Int) -> String {
        guard b >= 1_000_000 else { return "\(b)" }
        return Fmt.compactExponent(String(format: "%.1e", Double(b)))
    }

    /// The longest form of the title that fits a pane `width` columns wide (the frame shows
    /// `width − 4` characters of it): the bound's note loses its leading parts first ("Π(width+1), target
    /// 2^L=32" → "target 2^L=32"), then the note, then the pieces, so a number is never cut (a clipped
    /// "2^L=32" read "2^L=3").
    public static func title(_ m: FitViewModel?, width: Int) -> String {
        let room = width - 4
        let full = title(m)
        guard let m, full.count > room, m.featureNote.isEmpty, !isSmooth(m) else { return full }
        if let n = m.kinksLowerBound { return "Fit · ≥ \(n) kinks (estimate)" }
        let base = "Fit · kinks \(m.kinks.count)"
        guard let b = m.pieceBound else { return base }
        let pieces = base + " · \(Plural.pieces(m.kinks.count + 1)) ≤ \(bound(b))"
        var parts = m.kinkBoundNote.components(separatedBy: ", ")
        while parts.count > 1 {
            parts.removeFirst()
            let t = pieces + " (" + parts.joined(separator: ", ") + ")"
            if t.count <= room { return t }
        }
        return pieces.count <= room ? pieces : base
    }

    /// The plot area inside a pane's area (right of the y labels, above the kink markers and the x labels).
    public static func plotRect(area: Rect) -> Rect {
        let inner = area.inset(by: 1)
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 5 ? 2 : 0
        return Rect(x: inner.x + labelW, y: inner.y, width: max(0, inner.width - labelW), height: max(0, inner.height - footer))
    }

    /// The (x, y) point of the plot under cell (x, y) (its centre), or nil outside the plot: where a click
    /// adds a regression point.
    public static func dataPoint(atX x: Int, y: Int, area: Rect, model m: FitViewModel) -> (x: Double, y: Double)? {
        let plot = plotRect(area: area)
        guard plot.contains(x: x, y: y) else { return nil }
        let xr = Axis.safe(m.xRange), yr = Axis.safe(m.yRange)
        let tx = (Double(x - plot.x) + 0.5) / Double(plot.width)
        let ty = (Double(y - plot.y) + 0.5) / Double(plot.height)
        return (xr.lowerBound + tx * (xr.upperBound - xr.lowerBound), yr.upperBound - ty * (yr.upperBound - yr.lowerBound))
    }

    public static func render(_ m: FitViewModel?, showKinks: Bool, showTest: Bool, into buffer: inout Buffer,
                              area: Rect, focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m, width: area.width), focused: focused)
        guard let m, !inner.isEmpty else { return }
        let theme = ctx.theme
        let labelW = Axis.labelWidth(inner.width)
        let footer = inner.height >= 5 ? 2 : 0
        let plot = Rect(x: inner.x + labelW, y: inner.y, width: inner.width - labelW, height: inner.height - footer)
        guard !plot.isEmpty else { return }
        let xr = Axis.safe(m.xRange), yr = Axis.safe(m.yRange)

        ctx.braille.reset(width: plot.width, height: plot.height)
        Axis.polyline(&ctx.braille, xs: m.targetX, ys: m.targetY, x: xr, y: yr, color: theme.target)
        Axis.scatter(&ctx.braille, xs: m.trainX, ys: m.trainY, x: xr, y: yr, color: theme.train)
        if showTest { Axis.scatter(&ctx.braille, xs: m.testX, ys: m.testY, x: xr, y: yr, color: theme.test) }
        Axis.polyline(&ctx.braille, xs: m.curveX, ys: m.curveY, x: xr, y: yr, color: theme.fit)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        // A few training points (an interpolation demo's 6) would vanish under the curve as single dots: draw
        // them as whole-cell markers on top.
        if m.trainX.count <= bigPointLimit {
            for (x, y) in zip(m.trainX, m.trainY) {
                guard let dx = ctx.braille.dotX(x, xr.lowerBound, xr.upperBound),
                      let dy = ctx.braille.dotY(y, yr.lowerBound, yr.upperBound) else { continue }
                buffer.set(plot.x + dx / 2, plot.y + dy / 4, theme.ascii ? "o" : "●", Style(fg: theme.train, attributes: .bold))
            }
        }

        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(yr.upperBound), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(yr.lowerBound), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        guard footer > 0 else { return }
        let markerRow = plot.maxY, labelRow = plot.maxY + 1
        let showKinks = showKinks && !isSmooth(m)
        if showKinks {
            for k in m.kinks {
                guard let dx = ctx.braille.dotX(k, xr.lowerBound, xr.upperBound) else { continue }
                buffer.set(plot.x + dx / 2, markerRow, theme.glyphs.marker, Style(fg: theme.kink, attributes: .bold))
            }
        }
        let lo = Fmt.num(xr.lowerBound), hi = Fmt.num(xr.upperBound)
        buffer.write(lo, x: plot.x, y: labelRow, style: theme.dim, clip: inner)
        Axis.writeRight(&buffer, hi, x: plot.x, y: labelRow, width: plot.width + 1, style: theme.dim)
        let p = String(Character(theme.glyphs.point)), h = String(Character(theme.glyphs.horizontal))
        var legend: [(String, Color)] = [(p + " train", theme.train)]
        if showTest && !m.testX.isEmpty { legend.append((p + " test", theme.test)) }
        if !m.targetX.isEmpty { legend.append((h + " target", theme.target)) }
        legend.append((h + " network", theme.fit))
        if showKinks { legend.append((String(Character(theme.glyphs.marker)) + " kink", theme.kink)) }
        var x = plot.x + lo.unicodeScalars.count + 2
        let limit = plot.maxX - hi.unicodeScalars.count - 1
        for (text, color) in legend {
            let n = text.unicodeScalars.count
            if x + n > limit { break }
            buffer.write(text, x: x, y: labelRow, style: Style(fg: color), clip: inner)
            x += n + 2
        }
    }
}
