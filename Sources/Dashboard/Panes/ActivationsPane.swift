import Foundation
import PaneModels
import TerminalUI

/// The scale of each hidden layer's activations h = φ(f) over the training inputs: E[h²] per layer on a log
/// bar (the initialisation claim is about E[h²] through the layers: He keeps it, Xavier halves it each layer,
/// He × 0.1 divides it by 100 each layer), with the mean and standard deviation, and in the title the average
/// factor from one layer to the next.
public enum ActivationsPane {
    /// "Activations E[h²] per layer · ×0.98 per layer" (``ActivationsViewModel/factorPerLayer``).
    public static func title(_ m: ActivationsViewModel?, width: Int = .max) -> String {
        guard let m, !m.layers.isEmpty else { return "Activations" }
        var variants = ["Activations E[h²] per layer", "Activations"]
        if let r = m.factorPerLayer {   // the view model's figure (ActivationFactors.swift)
            let f = " · ×" + Fmt.num(r) + " per layer"
            variants = ["Activations E[h²] per layer" + f, "Activations" + f, "E[h²]" + f, "×" + Fmt.num(r) + " per layer",
                        "×" + Fmt.num(r) + "/layer", "Activations"]
        }
        return width == .max ? variants[0] : Fmt.fitting(variants, width: width)
    }

    public static func render(_ m: ActivationsViewModel?, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m, width: area.width), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m, !m.layers.isEmpty else {
            buffer.write(m == nil ? "no activations yet" : "no hidden layer", x: inner.x, y: inner.y, style: theme.dim,
                         clip: inner)
            return
        }
        // Bars on a log axis of E[h²] shared by the layers: from the smallest positive value (or 1e-12) to the largest.
        let positive = m.layers.map(\.meanSquare).filter { $0 > 0 && $0.isFinite }
        let hi = positive.max() ?? 1, lo = min(positive.min() ?? 1e-12, hi / 10)
        let span = max(1e-12, log10(hi) - log10(lo))
        // Wide: layer, E[h²], mean, std, bar. Narrow (a compare panel): layer, E[h²], bar.
        let wide = inner.width >= 48
        let header = wide ? "layer      E[h²]    mean     std" : "layer   E[h²]"
        var y = inner.y
        if inner.height > m.layers.count + 1 {
            buffer.write(header, x: inner.x, y: y, style: theme.dim, clip: inner)
            y += 1
        }
        let textW = header.count + 1
        let barW = max(0, inner.width - textW)
        // With more layers than rows, the first and last layers are kept and the middle ones dropped.
        let rows = max(0, inner.maxY - y)
        var shown = Array(m.layers.indices)
        if shown.count > rows, rows >= 2 { shown = Array(shown.prefix(rows - 1)) + [shown[shown.count - 1]] }
        for i in shown where y < inner.maxY {
            let l = m.layers[i]
            let text = wide
                ? pad("\(l.layer + 1) (\(l.width))", 8) + lpad(Fmt.num(l.meanSquare), 9) + lpad(Fmt.num(l.mean), 8)
                    + lpad(Fmt.num(l.std), 8)
                : pad("\(l.layer + 1)", 5) + lpad(Fmt.num(l.meanSquare), 8)
            buffer.write(text, x: inner.x, y: y, style: theme.text, clip: inner)
            if barW >= 4, l.meanSquare > 0, l.meanSquare.isFinite {
                let t = max(0, min(1, (log10(l.meanSquare) - log10(lo)) / span))
                let eighths = max(1, Int((t * Double(barW * 8)).rounded()))
                var x = inner.x + textW
                var left = eighths
                while left > 0 && x < inner.maxX {
                    buffer.set(x, y, horizontalBar(min(8, left), ascii: theme.ascii), Style(fg: theme.fit))
                    left -= 8
                    x += 1
                }
            } else if barW >= 4 {
                buffer.write(l.meanSquare == 0 ? "0: dead" : "–", x: inner.x + textW, y: y, style: theme.warning, clip: inner)
            }
            y += 1
        }
        if y < inner.maxY, barW >= 12 {
            let range = Fmt.num(lo) + " … " + Fmt.num(hi)
            buffer.writeFitting(["log scale " + range, "log " + range, range], x: inner.x + textW, y: y, style: theme.dim,
                                clip: inner)
        }
    }

    /// ▏▎▍▌▋▊▉█ for 1…8 eighths.
    static func horizontalBar(_ eighths: Int, ascii: Bool) -> Unicode.Scalar {
        if ascii { return "#" }
        let glyphs: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
        return glyphs[max(1, min(8, eighths)) - 1]
    }

    static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    static func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

/// Where the network's kinks are (1D input): their count against the architecture's bound, a strip with a
/// marker at each kink over the data range, and their positions. A smooth network has none.
public enum KinksPane {
    public static func title(_ m: FitViewModel?, width: Int = .max) -> String {
        guard let m else { return "Kinks" }
        if FitPane.isSmooth(m) { return "Kinks · smooth: no kinks" }
        if let n = m.kinksLowerBound {
            let t = "Kinks ≥ \(n) (estimate)"
            let pieces = m.pieceBound.map { t + " · pieces ≤ " + FitPane.bound($0) }
            return width == .max ? (pieces ?? t) : Fmt.fitting([pieces, t].compactMap { $0 }, width: width)
        }
        var variants = ["Kinks \(m.kinks.count)"]
        if let b = m.pieceBound {
            let pieces = "Kinks \(m.kinks.count) · \(Plural.pieces(m.kinks.count + 1)) ≤ \(FitPane.bound(b))"
            variants = [pieces + (m.kinkBoundNote.isEmpty ? "" : " (\(m.kinkBoundNote))"), pieces] + variants
        }
        return width == .max ? variants[0] : Fmt.fitting(variants, width: width)
    }

    public static func render(_ m: FitViewModel?, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m, width: area.width), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m else {
            buffer.write("kinks are counted for 1D input", x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        if FitPane.isSmooth(m) {
            buffer.writeWrapped("smooth: no kinks (a smooth activation bends everywhere)", in: inner, y: inner.y,
                                style: theme.dim)
            return
        }
        var y = inner.y
        if let n = m.kinksLowerBound {
            // No positions: the exact analysis is over its work limit; a grid scan found at least n.
            buffer.writeWrapped("≥ \(n) kinks (estimate: a grid scan; the exact count is over its work limit)",
                                in: inner, y: y, style: theme.text)
            return
        }
        // The count against the bound, in the longest form that fits (the bound is never cut).
        let kinks = Plural.count(m.kinks.count, "kink", "kinks"), pieces = Plural.linearPieces(m.kinks.count + 1)
        let counts = m.pieceBound.map { b in
            let bound = FitPane.bound(b)
            return ["\(kinks) = \(pieces) of at most \(bound)", "\(kinks) = \(Plural.pieces(m.kinks.count + 1)) ≤ \(bound)",
                    "\(kinks), \(Plural.pieces(m.kinks.count + 1)) ≤ \(bound)", "\(Plural.pieces(m.kinks.count + 1)) ≤ \(bound)"]
        } ?? ["\(kinks) = \(pieces)", "\(kinks)"]
        buffer.writeFitting(counts, x: inner.x, y: y, style: theme.text, clip: inner)
        y += 1
        // The strip: the data range, a marker under each kink.
        if y + 1 < inner.maxY, inner.width >= 8 {
            let xr = Axis.safe(m.xRange)
            let h = theme.glyphs.horizontal
            for x in inner.x..<inner.maxX { buffer.set(x, y, h, theme.dim) }
            for k in m.kinks {
                let t = (k - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
                guard t.isFinite, t >= 0, t <= 1 else { continue }
                let col = inner.x + min(inner.width - 1, Int((t * Double(inner.width - 1)).rounded()))
                buffer.set(col, y, theme.glyphs.marker, Style(fg: theme.kink, attributes: .bold))
            }
            y += 1
            let lo = Fmt.num(xr.lowerBound), hi = Fmt.num(xr.upperBound)
            buffer.write(lo, x: inner.x, y: y, style: theme.dim, clip: inner)
            Axis.writeRight(&buffer, hi, x: inner.x, y: y, width: inner.width + 1, style: theme.dim)
            y += 1
        }
        // Positions, as many lines as fit.
        var line = "at x ="
        for k in m.kinks {
            let item = " " + Fmt.num(k)
            if line.count + item.count > inner.width {
                guard y < inner.maxY else { break }
                buffer.write(line, x: inner.x, y: y, style: theme.dim, clip: inner)
                y += 1
                line = "     "
            }
            line += item
        }
        if y < inner.maxY, !m.kinks.isEmpty { buffer.write(line, x: inner.x, y: y, style: theme.dim, clip: inner) }
    }
}
