import Foundation
import PaneModels
import TerminalUI

/// The lecture's activation gradient ∂f_ℓ/∂vec(W_ℓ) at one sample as a heatmap: d_ℓ rows, d_ℓ·d_{ℓ−1}
/// columns, a diverging scale (red positive, blue negative, `·` exactly zero), separators between the
/// Kronecker blocks (φ_{ℓ−1,b}·I per block for column stacking, one φᵀ row per block for row stacking), and
/// the live check against autodiff. ↑/↓ pick the layer, `x` the stacking.
public enum JacobianPane {
    /// "₀₁₂": subscript digits for layer numbers.
    static func sub(_ n: Int) -> String {
        String(String(n).unicodeScalars.map { Character(Unicode.Scalar(0x2080 + ($0.value - 0x30)) ?? "?") })
    }

    public static func title(_ m: JacobianViewModel?, layer: Int) -> String { titles(m, layer: layer)[0] }

    /// The title's forms, longest first (the sample goes first, then the derivative's name).
    static func titles(_ m: JacobianViewModel?, layer: Int) -> [String] {
        guard let m, !m.layers.isEmpty else { return ["Jacobian ∂f/∂vec(W)", "Jacobian"] }
        let l = clamp(layer, m)
        let of = "layer \(l + 1) of \(m.layers.count)"
        return ["Jacobian ∂f\(sub(l + 1))/∂vec(W\(sub(l + 1))) · \(of) · sample \(m.sample)",
                "Jacobian ∂f\(sub(l + 1))/∂vec(W\(sub(l + 1))) · \(of)", "Jacobian · \(of)", "Jacobian"]
    }

    /// ASCII stand-ins for the symbols the generic fallback cannot spell (∂ → d, ⊗ → (x)).
    static func plain(_ text: String, _ theme: Theme) -> String {
        theme.ascii ? text.replacingOccurrences(of: "∂", with: "d").replacingOccurrences(of: "⊗", with: "(x)") : text
    }

    static func clamp(_ layer: Int, _ m: JacobianViewModel) -> Int { max(0, min(m.layers.count - 1, layer)) }

    static var jacobianLimitText: String { "\(LectureAdapter.jacobianEntryLimit)" }

    /// The pass mark of the autodiff check: round-off of the products that formed φ_{ℓ−1}.
    static func tolerance(_ v: JacobianLayerView) -> Double { 1e-12 * max(1, v.phi.map(abs).max() ?? 1) }

    /// The check line, e.g. "autodiff check: max diff 0.0e+00 ✓".
    public static func checkLine(_ v: JacobianLayerView, _ s: JacobianStacking, ascii: Bool) -> String {
        guard let d = v.autodiffDiff(s) else { return "autodiff check: not run" }
        let ok = d <= tolerance(v)
        let mark = ok ? (ascii ? "OK" : "✓") : (ascii ? "FAIL" : "✗")
        return "autodiff check: max diff " + String(format: "%.1e", d) + " " + mark
    }

    public static func render(_ m: JacobianViewModel?, layer: Int, stacking: JacobianStacking, into buffer: inout Buffer,
                              area: Rect, focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: plain(Fmt.fitting(titles(m, layer: layer), width: area.width), ctx.theme),
                              focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m, !m.layers.isEmpty else {
            let why = m?.skippedFrom != nil ? "layers too large to draw" : "no Jacobian yet"
            buffer.write(why, x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        if layer >= m.layers.count, let skipped = m.skippedFrom {
            buffer.write("layer \(max(layer, skipped) + 1): d_ℓ·d_ℓd_{ℓ−1} > \(jacobianLimitText) entries, too large to draw",
                         x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        let v = m.layers[clamp(layer, m)]
        let l = v.layer + 1
        let phiName = "φ" + sub(l - 1)
        let kron = stacking == .column ? "\(phiName)ᵀ ⊗ I\(sub(v.outputs))" : "I\(sub(v.outputs)) ⊗ \(phiName)ᵀ"
        let derivative = "∂f\(sub(l))/∂vec(W\(sub(l))) = \(kron)", shape = "\(v.outputs)×\(v.outputs * v.inputs)"
        let heads = ["\(derivative)  (\(stacking.rawValue) stacking) · \(shape)", "\(derivative) · \(shape)", derivative]
        // φ's entries, as many whole ones as fit, "…" for the rest.
        let phiHead = phiName + (l == 1 ? " = x = (" : " = (")
        let entries = v.phi.map(Fmt.num)
        var phiText = phiHead + entries.joined(separator: ", ") + ")"
        var kept = entries.count
        while TextFit.width(phiText) > inner.width && kept > 0 {
            kept -= 1
            phiText = phiHead + (entries.prefix(kept) + ["…"]).joined(separator: ", ") + ")"
        }
        let check = checkLine(v, stacking, ascii: theme.ascii)
        let ok = (v.autodiffDiff(stacking) ?? .infinity) <= tolerance(v)
        // Rows: header, φ, heatmap, legend, check (the text rows go first when space is short).
        var y = inner.y
        buffer.writeFitting(heads.map { plain($0, theme) }, x: inner.x, y: y, style: theme.title, clip: inner)
        y += 1
        if inner.height >= 4 {
            buffer.writeFitting([phiText], x: inner.x, y: y, style: theme.dim, clip: inner)
            y += 1
        }
        let footer = inner.height >= 5 ? 2 : (inner.height >= 3 ? 1 : 0)
        let checkY = inner.maxY - 1
        if footer >= 1 && checkY >= y {
            buffer.writeFitting([check, check.replacingOccurrences(of: "autodiff check: ", with: "")], x: inner.x, y: checkY,
                                style: ok ? Style(fg: theme.fit) : theme.warning, clip: inner)
        }
        let mapRect = Rect(x: inner.x, y: y, width: inner.width, height: max(0, checkY - footer + 1 - y))
        let maxAbs = v.phi.reduce(0.0) { max($0, $1.isFinite ? abs($1) : 0) }
        if footer >= 2 {
            legend(&buffer, x: inner.x, y: checkY - 1, maxAbs: maxAbs, clip: inner, theme: theme)
        }
        heatmap(&buffer, v.matrix(stacking), rows: v.outputs, columns: v.outputs * v.inputs,
                block: stacking == .column ? v.outputs : v.inputs, maxAbs: maxAbs, area: mapRect, theme: theme)
    }

    /// The cell for a value on the diverging scale: level 0 (exactly zero) to 5 (= max |J|).
    static func cell(_ value: Double, maxAbs: Double, theme: Theme) -> (Unicode.Scalar, Style) {
        guard value != 0, value.isFinite, maxAbs > 0 else { return (theme.ascii ? "." : "·", theme.dim) }
        let level = max(1, min(5, Int((abs(value) / maxAbs * 5).rounded(.up))))
        switch theme.mode {
        case .color256:
            let c: Color = value > 0 ? .rgb6(5, 5 - level, 5 - level) : .rgb6(5 - level, 5 - level, 5)
            return (theme.ascii ? (value > 0 ? "#" : "=") : "█", Style(fg: c))
        case .color16, .color8:
            let c: Color = value > 0 ? (level > 2 ? .brightRed : .red) : (level > 2 ? .brightBlue : .blue)
            return (theme.ascii ? (value > 0 ? "#" : "=") : "█", Style(fg: c))
        case .monochrome:
            let strong = level > 2
            return (value > 0 ? (strong ? "#" : "+") : (strong ? "=" : "-"), strong ? theme.text.bold() : theme.text)
        }
    }

    /// Negative levels, zero, positive levels, with the scale's ends.
    static func legend(_ buffer: inout Buffer, x: Int, y: Int, maxAbs: Double, clip: Rect, theme: Theme) {
        var cx = x
        cx += buffer.write(Fmt.num(-maxAbs) + " ", x: cx, y: y, style: theme.dim, clip: clip)
        for level in -5...5 {
            let (ch, st) = cell(Double(level) * maxAbs / 5, maxAbs: maxAbs, theme: theme)
            if clip.contains(x: cx, y: y) { buffer.set(cx, y, ch, st) }
            cx += 1
        }
        cx += buffer.writeFitting([" " + Fmt.num(maxAbs) + "   ↑↓ layer  x stacking", " " + Fmt.num(maxAbs) + "   ↑↓ x",
                                   " " + Fmt.num(maxAbs)], x: cx, y: y, style: theme.dim, clip: clip)
    }

    /// Each entry a block of cw × ch cells, a separator column between Kronecker blocks. What does not fit
    /// is cut off (and said so on the last row).
    static func heatmap(_ buffer: inout Buffer, _ j: [Double], rows R: Int, columns C: Int, block: Int, maxAbs: Double,
                        area: Rect, theme: Theme) {
        guard !area.isEmpty, R > 0, C > 0, j.count >= R * C else { return }
        let blocks = max(1, C / max(1, block))
        var seps = blocks - 1
        if area.width - seps < C { seps = 0 }   // no room: drop the separators first
        let cw = max(1, min(6, (area.width - seps) / C))
        let ch = max(1, min(3, area.height / R))
        let shownRows = min(R, area.height / ch)
        var shownCols = 0
        var x = area.x
        let sep: Unicode.Scalar = theme.ascii ? "|" : "│"
        for c in 0..<C {
            if c > 0 && seps > 0 && c % block == 0 {
                if x + 1 + cw > area.maxX { break }
                for r in 0..<(shownRows * ch) { buffer.set(x, area.y + r, sep, theme.border) }
                x += 1
            }
            if x + cw > area.maxX { break }
            for r in 0..<shownRows {
                let (glyph, style) = cell(j[r * C + c], maxAbs: maxAbs, theme: theme)
                for dy in 0..<ch { for dx in 0..<cw { buffer.set(x + dx, area.y + r * ch + dy, glyph, style) } }
            }
            x += cw
            shownCols += 1
        }
        if (shownCols < C || shownRows < R) && shownRows * ch < area.height {
            buffer.writeFitting(["showing \(shownRows)/\(R) rows, \(shownCols)/\(C) columns (z zooms)",
                                 "showing \(shownRows)/\(R) rows, \(shownCols)/\(C) columns", "\(shownRows)/\(R) × \(shownCols)/\(C) shown"],
                                x: area.x, y: area.y + shownRows * ch, style: theme.dim, clip: area)
        }
    }
}
