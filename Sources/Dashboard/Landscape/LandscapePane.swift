import Foundation
import PaneModels
import TerminalUI

/// The loss landscape around θ: a half-block heatmap of J over the (u, v) plane in contour bands (α to the
/// right, β up), the projected training path and the current point on it; beside it, when there is room,
/// the slices along u and along the λmin eigenvector with their quadratic models J₀ + gα + ½λα² dotted.
public enum LandscapePane {
    /// Bands of the heatmap (each a colour; a band edge reads as a contour line).
    static let bands = 8
    /// Smallest area that shows a map (frame + 2×2 map + legend).
    public static let minimumSize = Size(width: 12, height: 6)

    public static func title(_ m: LandscapeViewModel?, computing: Bool) -> String { titles(m, computing: computing)[0] }

    /// Longest first: "computing" shortens to "…", then the directions' name, the step, the eigenvalues go.
    static func titles(_ m: LandscapeViewModel?, computing: Bool) -> [String] {
        let busy = computing ? " · computing…" : "", dots = computing ? " …" : ""
        guard let m else { return ["Landscape" + busy, "Landscape" + dots, "Landscape"] }
        var lambdas = ""
        if let e = m.eigenvalues, e.count == 2 { lambdas = " λ₁ " + Fmt.num(e[0]) + " λ₂ " + Fmt.num(e[1]) }
        let full = "Landscape · " + m.directions.rawValue + lambdas + " · step \(m.step)"
        var out = [full + busy, full + dots, "Landscape ·" + lambdas + " · step \(m.step)" + dots]
        if !lambdas.isEmpty { out.append("Landscape ·" + lambdas + dots) }
        return out + ["Landscape · step \(m.step)" + dots, "Landscape" + dots, "Landscape"]
    }

    public static func render(_ m: LandscapeViewModel?, computing: Bool, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let theme = ctx.theme
        let inner = ctx.frame(&buffer, area, title: ascii(Fmt.fitting(titles(m, computing: computing), width: area.width), theme),
                              focused: focused)
        guard !inner.isEmpty else { return }
        guard let m, let range = m.valueRange else {
            let text = computing ? "computing the landscape…" : "no landscape yet (j: directions)"
            buffer.writeWrapped(ascii(text, theme), in: inner, y: inner.y, style: theme.dim)
            return
        }
        var mapArea = inner
        if inner.width >= 48 && inner.height >= 6 {
            let parts = Layout.split(inner, .horizontal, [.percentage(58), .length(1), .fill(1)])
            mapArea = parts[0]
            let slices = Layout.split(parts[2], .vertical, m.sliceMin == nil ? [.fill(1)] : [.fill(1), .fill(1)])
            renderSlice(m.sliceU, into: &buffer, area: slices[0], context: &ctx)
            if let s = m.sliceMin, slices.count > 1 { renderSlice(s, into: &buffer, area: slices[1], context: &ctx) }
        }
        renderMap(m, range: range, into: &buffer, area: mapArea, context: &ctx)
    }

    /// Plain-ASCII stand-ins for the panes' symbols (longest first: "λ₁" before "λ").
    static let asciiTable: [(String, String)] = [
        ("λ₁", "l1"), ("λ₂", "l2"), ("λ", "l"), ("·", "|"), ("…", "..."), ("½", "1/2"), ("²", "^2"), ("₀", "0"),
        ("●", "o"), ("∈", "in"), ("α", "a"), ("β", "b"), ("→", ">"), ("↑", "^"), ("±", "+-"), ("η", "lr"),
        ("≈", "~"), ("—", "-"), ("┄", ".."), ("ᵀ", "'"),
    ]

    static func ascii(_ s: String, _ theme: Theme) -> String {
        guard theme.ascii else { return s }
        var out = s
        for (symbol, plain) in asciiTable { out = out.replacingOccurrences(of: symbol, with: plain) }
        return out
    }

    /// Band of a value: 0 (lowest) … bands−1, on a log scale above the minimum so the valley keeps detail.
    static func band(_ x: Double, _ range: ClosedRange<Double>) -> Int {
        let spread = range.upperBound - range.lowerBound
        guard x.isFinite, spread > 0 else { return x.isFinite ? 0 : bands - 1 }
        let s = spread / 100
        let t = log1p((x - range.lowerBound) / s) / log1p(spread / s)
        return max(0, min(bands - 1, Int(t * Double(bands))))
    }

    static func renderMap(_ m: LandscapeViewModel, range: ClosedRange<Double>, into buffer: inout Buffer, area: Rect,
                          context ctx: inout RenderContext) {
        let theme = ctx.theme
        let legend = area.height >= 3 ? 1 : 0
        let map = Rect(x: area.x, y: area.y, width: area.width, height: area.height - legend)
        let G = m.alphas.count, H = m.betas.count
        guard !map.isEmpty, G > 0, H > 0, m.grid.count == G, m.grid.allSatisfy({ $0.count == H }) else { return }
        // Palette: [0, bands) value bands, bands = path, bands + 1 = current point.
        ctx.palette.removeAll(keepingCapacity: true)
        ctx.glyphs.removeAll(keepingCapacity: true)
        for b in 0..<bands {
            ctx.palette.append(RegionsPane.ramp(b, bands, theme))
            ctx.glyphs.append(theme.glyphs.bars[min(8, b * 9 / bands)])
        }
        ctx.palette.append(theme.target)
        ctx.palette.append(theme.kink)
        ctx.glyphs.append(theme.ascii ? "*" : "•")
        ctx.glyphs.append(theme.ascii ? "O" : "●")
        let w = map.width, ph = map.height * 2
        ctx.blocks.reset(width: w, height: map.height)
        for py in 0..<ph {
            let j = min(H - 1, (ph - 1 - py) * H / ph)
            for px in 0..<w {
                let i = min(G - 1, px * G / w)
                ctx.blocks[px, py] = UInt8(band(m.grid[i][j], range))
            }
        }
        let a0 = m.alphas[0], a1 = m.alphas[G - 1], b0 = m.betas[0], b1 = m.betas[H - 1]
        func pixel(_ p: LandscapePoint) -> (Int, Int)? {
            guard p.alpha.isFinite, p.beta.isFinite, a1 > a0, b1 > b0 else { return nil }
            let tx = (p.alpha - a0) / (a1 - a0), ty = (b1 - p.beta) / (b1 - b0)
            guard tx >= 0, tx <= 1, ty >= 0, ty <= 1 else { return nil }
            return (min(w - 1, Int(tx * Double(w))), min(ph - 1, Int(ty * Double(ph))))
        }
        var previous: (Int, Int)?
        for p in m.path {
            guard let q = pixel(p) else { previous = nil; continue }
            if let r = previous { line(&ctx.blocks, from: r, to: q, value: UInt8(bands)) } else { ctx.blocks[q.0, q.1] = UInt8(bands) }
            previous = q
        }
        if let c = m.current, let q = pixel(c) { ctx.blocks[q.0, q.1] = UInt8(bands + 1) }
        let glyphMode = theme.mapUsesGlyphs
        ctx.blocks.render(into: &buffer, at: (map.x, map.y), mode: glyphMode ? .glyphs : .halfBlocks,
                          palette: glyphMode && theme.mode == .monochrome ? [] : ctx.palette, glyphs: ctx.glyphs)
        guard legend > 0 else { return }
        let row = map.maxY
        // The value scale (whole, or only the bands), then as much of the key as fits, item by item.
        let lo = Fmt.num(range.lowerBound) + " ", hi = " " + Fmt.num(range.upperBound)
        let numbers = TextFit.width(lo) + bands + TextFit.width(hi) <= area.width
        var x = area.x
        if numbers { x += buffer.write(lo, x: x, y: row, style: theme.dim, clip: area) }
        for b in 0..<bands where x < area.maxX {
            buffer.set(x, row, glyphMode ? ctx.glyphs[b] : "█", Style(fg: ctx.palette[b]))
            x += 1
        }
        guard numbers else { return }
        x += buffer.write(hi, x: x, y: row, style: theme.dim, clip: area)
        let span = " · α→ β↑ ∈ ±" + Fmt.num(max(Swift.abs(a0), Swift.abs(a1)))
        // The plane's extent before the path's key: without it the map has no scale (a trajectory plane's span is
        // the path's own, not the ±1 of the other directions).
        buffer.writeFitting([" · ● now · path" + span, " · ● now" + span, " · ● now · path", " · ● now"].map { ascii($0, theme) }, x: x, y: row,
                            style: theme.dim, clip: area)
    }

    /// A straight pixel line (Bresenham).
    static func line(_ c: inout HalfBlockCanvas, from a: (Int, Int), to b: (Int, Int), value: UInt8) {
        var (x, y) = a
        let dx = Swift.abs(b.0 - x), dy = -Swift.abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        while true {
            c[x, y] = value
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// A slice's caption: the whole line, shorter captions (longest first, whole tokens) and the quadratic model's
    /// legend variants. Along a unit eigenvector dᵀHd is its eigenvalue, "λ"; along any other direction (random,
    /// trajectory) it is only the curvature along d, "uᵀHu" (not an eigenvalue: d is not a unit eigenvector).
    static func captions(_ s: LandscapeSlice) -> (full: String, short: [String], model: [String]) {
        let curv = (s.isEigenvector ? "λ " : "uᵀHu ") + Fmt.num(s.curvature)
        let model = s.isEigenvector ? "·· J₀+gα+½λα²" : "·· J₀+gα+½cα², c = uᵀHu"
        let short = s.label.hasPrefix("along ") ? String(s.label.dropFirst(6)) : s.label
        return (s.label + " · " + curv + " · " + model,
                [s.label + " · " + curv, short + " · " + curv, curv],
                s.isEigenvector ? [model, "·· quadratic"] : [model, "·· J₀+gα+½cα²", "·· quadratic"])
    }

    /// One slice: J along d (solid) and its quadratic model (dotted), with its curvature in the caption.
    static func renderSlice(_ s: LandscapeSlice, into buffer: inout Buffer, area: Rect, context ctx: inout RenderContext) {
        let theme = ctx.theme
        guard !area.isEmpty else { return }
        let c = captions(s)
        // The caption and the model on one row when they fit; else the model on the slice's last row (when there is
        // height for it) and the caption with its label shortened, each whole.
        let oneRow = TextFit.width(ascii(c.full, theme)) <= area.width
        let modelRow = !oneRow && area.height >= 6
        buffer.writeFitting((oneRow ? [c.full] : c.short).map { ascii($0, theme) }, x: area.x, y: area.y, style: theme.dim, clip: area)
        if modelRow {
            buffer.writeFitting(c.model.map { ascii($0, theme) }, x: area.x, y: area.maxY - 1, style: Style(fg: theme.secondary),
                                clip: area)
        }
        let plot = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1 - (modelRow ? 1 : 0))
        guard !plot.isEmpty, s.alphas.count >= 2 else { return }
        var lo = Double.infinity, hi = -Double.infinity
        for v in s.values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        guard lo <= hi else { return }
        let y = Axis.safe(lo...hi)
        let x = Axis.safe(s.alphas[0]...s.alphas[s.alphas.count - 1])
        ctx.braille.reset(width: plot.width, height: plot.height)
        // Every other dot of the quadratic, so it reads as dotted next to the solid curve.
        let dots = ctx.braille.dotWidth
        if dots > 1 {
            for d in stride(from: 0, to: dots, by: 2) {
                let a = x.lowerBound + (x.upperBound - x.lowerBound) * Double(d) / Double(dots - 1)
                if let py = ctx.braille.dotY(s.quadratic(a), y.lowerBound, y.upperBound), py >= 0, py < ctx.braille.dotHeight {
                    ctx.braille.set(dotX: d, dotY: py, color: theme.secondary)
                }
            }
        }
        Axis.polyline(&ctx.braille, xs: s.alphas, ys: s.values, x: x, y: y, color: theme.fit)
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
    }
}
