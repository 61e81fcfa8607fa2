import PaneModels
import TerminalUI

/// What a pane needs besides its model: the theme and scratch canvases reused from frame to frame,
/// so rendering does not allocate per cell (canvases are resized only when a pane changes size).
public struct RenderContext: Sendable {
    public var theme: Theme
    /// How history plots lay out steps (the renderer copies it from the state: `L`).
    public var stepScale: StepScale = .auto
    var braille = BrailleCanvas(width: 0, height: 0)
    var blocks = HalfBlockCanvas(width: 0, height: 0)
    var palette: [Color] = []
    var glyphs: [Unicode.Scalar] = []
    /// Region boundaries at braille resolution (the 2D map).
    var dots = DotRaster()

    public init(theme: Theme) { self.theme = theme }

    /// Draws a pane's frame and title (focused panes get the accent colour) and returns the inner area. A
    /// title too long for the frame loses whole words at its end, marked "…" (panes pass the variant that
    /// fits, from ``Fmt/fitting(_:width:)``; this is the last resort, so the border never cuts a number).
    mutating func frame(_ buffer: inout Buffer, _ area: Rect, title: String, focused: Bool) -> Rect {
        buffer.fill(area)
        var shown = title
        if TextFit.width(title) > area.width - 3 {
            // Whole words before "…"; in a tiny frame at least the pane's name when it fits.
            shown = TextFit.ellipsized(title, width: area.width - 4)
            if shown.isEmpty, let name = title.split(separator: " ").first, TextFit.width(String(name)) <= area.width - 3 {
                shown = String(name)
            }
        }
        let title = shown
        return buffer.drawBox(area, title: title, glyphs: theme.glyphs,
                              border: focused ? theme.focusedBorder : theme.border,
                              titleStyle: focused ? theme.focusedTitle : theme.title)
    }
}

/// Axis helpers shared by the plotting panes.
enum Axis {
    /// Width of the y-label column for an inner width (none when the pane is narrow).
    static func labelWidth(_ innerWidth: Int) -> Int { innerWidth >= 24 ? 7 : 0 }

    /// Writes `text` right-aligned so that it ends just before column `x + width - 1`. A number too long
    /// for the space is shortened by `Fmt.fit` (never cut into a different number).
    static func writeRight(_ buffer: inout Buffer, _ text: String, x: Int, y: Int, width: Int, style: Style) {
        guard width > 1 else { return }
        let text = Fmt.fit(text, width: width - 1)
        let n = min(text.unicodeScalars.count, width - 1)
        buffer.write(text, x: x + width - 1 - n, y: y, style: style, maxWidth: n)
    }

    /// Lines through consecutive samples (skipping non-finite ones) on a braille canvas.
    static func polyline(_ c: inout BrailleCanvas, xs: [Double], ys: [Double],
                         x: ClosedRange<Double>, y: ClosedRange<Double>, color: Color) {
        var prev: (Int, Int)?
        for i in 0..<min(xs.count, ys.count) {
            guard let px = c.dotX(xs[i], x.lowerBound, x.upperBound),
                  let py = c.dotY(ys[i], y.lowerBound, y.upperBound) else { prev = nil; continue }
            if let (qx, qy) = prev { c.line(qx, qy, px, py, color: color) } else { c.set(dotX: px, dotY: py, color: color) }
            prev = (px, py)
        }
    }

    /// Single dots at each sample.
    static func scatter(_ c: inout BrailleCanvas, xs: [Double], ys: [Double],
                        x: ClosedRange<Double>, y: ClosedRange<Double>, color: Color) {
        for i in 0..<min(xs.count, ys.count) {
            guard let px = c.dotX(xs[i], x.lowerBound, x.upperBound),
                  let py = c.dotY(ys[i], y.lowerBound, y.upperBound) else { continue }
            c.set(dotX: px, dotY: py, color: color)
        }
    }

    /// A range that is never empty or non-finite.
    static func safe(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
        var lo = r.lowerBound, hi = r.upperBound
        if !lo.isFinite || !hi.isFinite { lo = -1; hi = 1 }
        if hi - lo < 1e-12 * max(1, abs(lo)) || !(hi - lo).isFinite { lo -= 0.5; hi += 0.5 }
        return lo...hi
    }
}
