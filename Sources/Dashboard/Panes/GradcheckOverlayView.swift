import Foundation
import PaneModels
import TerminalUI

/// The `g` overlay: the lecture's "test your backprop" table, per layer (weights, bias) and overall, the
/// largest relative difference between backprop and central differences and where it is, like
/// `nnviz gradcheck`. Esc (or `g` again) closes it.
public enum GradcheckOverlayView {
    static func sci(_ v: Double) -> String { v.isFinite ? String(format: "%.2e", v) : Fmt.num(v) }

    static func pad(_ s: String, _ n: Int) -> String {
        let c = s.unicodeScalars.count
        return c >= n ? s + " " : s + String(repeating: " ", count: n - c)
    }

    /// The overlay's text lines (header first).
    public static func lines(_ overlay: GradcheckOverlay, ascii: Bool) -> [String] {
        switch overlay {
        case .computing:
            return ["checking every parameter: 2 objective evaluations each…"]
        case .failed(let why):
            return ["no gradient check: " + why]
        case .done(let m):
            var out = ["step \(m.step) · P = \(m.parameters) · \(m.points) points · h = \(sci(m.h))",
                       pad("group", 6) + pad("max rel diff", 14) + pad("where (layer,row,col)", 23) + pad("backprop", 13) + "central"]
            for r in m.rows + [m.overall] {
                guard let layer = r.layer else {
                    out.append(pad(r.name, 6) + "all components skipped near kinks")
                    continue
                }
                out.append(pad(r.name, 6) + pad(sci(r.maxRelativeDifference), 14) + pad("(\(layer),\(r.row),\(r.column))", 23)
                           + pad(String(format: "%+.5e", r.analytic), 13) + String(format: "%+.5e", r.numeric))
            }
            if m.skippedNearKinks > 0 {
                out.append("skipped near kinks: \(m.skippedNearKinks) (θ ± h moves a pre-activation across 0)")
            }
            let mark = m.passes ? (ascii ? "PASS" : "✓ pass") : (ascii ? "FAIL" : "✗ fail")
            out.append("largest \(sci(m.overall.maxRelativeDifference)) vs threshold \(sci(m.threshold)): \(mark)")
            return out
        }
    }

    public static func render(_ overlay: GradcheckOverlay, into buffer: inout Buffer, screen: Rect, theme: Theme) {
        let text = lines(overlay, ascii: theme.ascii)
        let width = min(screen.width, max(40, (text.map { $0.unicodeScalars.count }.max() ?? 0) + 4))
        let box = screen.centered(width: width, height: min(screen.height, text.count + 2))
        buffer.fill(box)
        let title = TextFit.first(["gradient check: backprop vs central differences (Esc closes)",
                                   "gradient check: backprop vs central differences", "gradient check (Esc closes)",
                                   "gradient check"], width: box.width - 4) ?? ""
        let inner = buffer.drawBox(box, title: title,
                                   glyphs: theme.glyphs, border: theme.focusedBorder, titleStyle: theme.focusedTitle)
        guard !inner.isEmpty else { return }
        for (i, line) in text.enumerated() where i < inner.height {
            let last = i == text.count - 1
            var style = i == 1 ? theme.title : theme.text
            if case .done(let m) = overlay, last { style = m.passes ? Style(fg: theme.fit).bold() : theme.warning }
            if case .computing = overlay { style = theme.dim }
            buffer.write(TextFit.ellipsized(line, width: inner.width - 1), x: inner.x + 1, y: inner.y + i, style: style,
                         maxWidth: inner.width - 1, clip: inner)
        }
    }
}
