import Foundation
import PaneModels
import TerminalUI

/// Where the flat directions live: for each layer, a heatmap with a row per unit and a column per incoming
/// weight (then the bias, and γ, β of a normalised layer) whose brightness is that parameter's share of
/// the ≈0-eigenvalue eigenvectors (Σ w[p]² over them, 0…1); above each, the layer's count of ≈0 eigenvalues.
public enum FlatDirectionsPane {
    public static let minimumSize = Size(width: 12, height: 6)
    static let levels = 8

    public static func title(_ m: FlatDirectionsViewModel?, computing: Bool) -> String {
        var t = "Flat directions"
        if let m { t += " · \(m.nearZeroCount) of P=\(m.parameterCount) eigenvalues ≈0 · step \(m.step)" }
        if computing { t += " · computing…" }
        return t
    }

    /// A level 0…levels−1 for a mass in [0, 1].
    static func level(_ mass: Double) -> Int {
        guard mass.isFinite else { return 0 }
        return max(0, min(levels - 1, Int(mass * Double(levels))))
    }

    public static func render(_ m: FlatDirectionsViewModel?, computing: Bool, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let theme = ctx.theme
        let inner = ctx.frame(&buffer, area, title: LandscapePane.ascii(title(m, computing: computing), theme), focused: focused)
        guard !inner.isEmpty else { return }
        guard let m, !m.layers.isEmpty else {
            let text = computing ? "computing the Hessian eigenvectors…" : "no eigenvectors yet"
            buffer.write(text, x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        ctx.palette.removeAll(keepingCapacity: true)
        ctx.glyphs.removeAll(keepingCapacity: true)
        for l in 0..<levels {
            ctx.palette.append(ramp(l, theme))
            ctx.glyphs.append(l == 0 ? " " : theme.glyphs.bars[min(8, l * 9 / levels)])
        }
        let legendRows = inner.height >= 4 ? 1 : 0
        let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - legendRows)
        // One slot per layer, side by side, widths ∝ columns (at least 3 cells each), a gap of 1.
        let weights = m.layers.map { max(3, $0.columns) }
        let gaps = m.layers.count - 1
        let usable = body.width - gaps
        guard usable >= m.layers.count else { return }
        let total = weights.reduce(0, +)
        var x = body.x
        for (l, layer) in m.layers.enumerated() {
            let remaining = body.maxX - x
            let w = l == m.layers.count - 1 ? remaining : max(1, min(remaining, usable * weights[l] / max(total, 1)))
            let slot = Rect(x: x, y: body.y, width: w, height: body.height)
            renderLayer(layer, into: &buffer, area: slot, context: &ctx)
            x += w + 1
            if x >= body.maxX { break }
        }
        guard legendRows > 0 else { return }
        let row = body.maxY
        var lx = inner.x
        lx += buffer.write("0 ", x: lx, y: row, style: theme.dim, clip: inner)
        let glyphMode = theme.mapUsesGlyphs
        for l in 0..<levels where lx < inner.maxX {
            buffer.set(lx, row, glyphMode ? (l == 0 ? "." : ctx.glyphs[l]) : "█", Style(fg: ctx.palette[l]))
            lx += 1
        }
        let keys = [" 1 share of the ≈0 eigenvectors · rows units · columns inputs, bias", " 1 share of the ≈0 eigenvectors",
                    " 1 share", " 1"]
        buffer.writeFitting(keys.map { LandscapePane.ascii($0, theme) }, x: lx, y: row, style: theme.dim, clip: inner)
    }

    static func renderLayer(_ layer: FlatLayer, into buffer: inout Buffer, area: Rect, context ctx: inout RenderContext) {
        let theme = ctx.theme
        guard !area.isEmpty else { return }
        let name = "L\(layer.name.split(separator: " ").last.map(String.init) ?? "")"
        let label = name + " " + (theme.ascii ? "~0:" : "≈0:") + "\(layer.count)"
        buffer.writeFitting([label, name], x: area.x, y: area.y, style: theme.text, clip: area)
        let map = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        guard !map.isEmpty, layer.rows > 0, layer.columns > 0, layer.mass.count == layer.rows * layer.columns else { return }
        // Whole cells per parameter column and whole pixels per unit row while they fit (at most 4 cells
        // and 4 pixels each, so small layers stay matrix-shaped); a larger matrix is sampled.
        let sx = layer.columns <= map.width ? min(4, map.width / layer.columns) : 0
        let sy = layer.rows <= 2 * map.height ? min(4, 2 * map.height / layer.rows) : 0
        let w = sx > 0 ? layer.columns * sx : map.width
        let ph = sy > 0 ? layer.rows * sy : 2 * map.height
        let cellsHigh = (ph + 1) / 2
        ctx.blocks.reset(width: w, height: cellsHigh)
        for py in 0..<ph {
            let r = sy > 0 ? py / sy : min(layer.rows - 1, py * layer.rows / ph)
            for px in 0..<w {
                let c = sx > 0 ? px / sx : min(layer.columns - 1, px * layer.columns / w)
                ctx.blocks[px, py] = UInt8(level(layer.mass[r * layer.columns + c]))
            }
        }
        let glyphMode = theme.mapUsesGlyphs
        ctx.blocks.render(into: &buffer, at: (map.x, map.y), mode: glyphMode ? .glyphs : .halfBlocks,
                          palette: glyphMode && theme.mode == .monochrome ? [] : ctx.palette, glyphs: ctx.glyphs)
    }

    /// Dark (determined) → bright (free).
    static func ramp(_ i: Int, _ theme: Theme) -> Color {
        switch theme.mode {
        case .color256: return .grey(2 + i * 21 / max(1, levels - 1))
        case .color16: return [Color.black, .brightBlack, .blue, .cyan, .green, .yellow, .brightYellow, .brightWhite][min(7, i)]
        case .color8: return [Color.blue, .blue, .cyan, .cyan, .green, .yellow, .yellow, .white][min(7, i)]
        case .monochrome: return .default
        }
    }
}
