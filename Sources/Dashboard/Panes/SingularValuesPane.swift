import Foundation
import PaneModels
import TerminalUI

/// The singular values of a deep linear net's end-to-end matrix W_L⋯W₁ over training: one line per
/// singular value against step on a log axis (decades), the effective rank exp(H(σ/Σσ)) at the start and now.
/// Gradient descent on a low-rank target drives the small ones towards 0: the rank falls.
public enum SingularValuesPane {
    static let subscripts: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]

    /// W₄W₃W₂W₁ for L ≤ 9 factors, W_L⋯W₁ beyond.
    public static func product(layers: Int) -> String {
        guard layers >= 1 else { return "W" }
        guard layers <= 9 else { return "W_\(layers)⋯W₁" }
        return (1...layers).reversed().map { "W" + String(subscripts[$0]) }.joined()
    }

    public static func title(_ m: SingularValuesViewModel?) -> String { titles(m)[0] }

    /// Longest first: the effective rank (the claim) outlives the product's name.
    static func titles(_ m: SingularValuesViewModel?) -> [String] {
        guard let m, let first = m.points.first, let last = m.points.last else { return ["Singular values"] }
        var rank = Fmt.num(first.effectiveRank)
        if m.points.count > 1 { rank += " → " + Fmt.num(last.effectiveRank) }
        return ["Singular values of \(product(layers: last.layers)) · eff. rank " + rank, "Singular values · eff. rank " + rank,
                "eff. rank " + rank, "Singular values"]
    }

    public static func render(_ m: SingularValuesViewModel?, into buffer: inout Buffer, area: Rect, focused: Bool,
                              context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: Fmt.fitting(titles(m), width: area.width), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let m, let first = m.points.first, let last = m.points.last else {
            buffer.writeWrapped("no singular values yet (a network with every activation linear)", in: inner, y: inner.y,
                                style: theme.dim)
            return
        }
        // As many whole values as fit (largest first), "…" for the rest.
        let values = last.values.map(Fmt.num)
        var kept = values.count
        func now() -> String {
            "σ at step \(last.step): " + values.prefix(kept).joined(separator: "  ") + (kept < values.count ? "  …" : "")
        }
        while kept > 0, TextFit.width(now()) > inner.width { kept -= 1 }
        buffer.writeFitting([now()], x: inner.x, y: inner.y, style: theme.text, clip: inner)
        let footer = inner.height >= 5 ? 1 : 0
        let labelW = Axis.labelWidth(inner.width)
        let plot = Rect(x: inner.x + labelW, y: inner.y + 1, width: inner.width - labelW, height: inner.height - 1 - footer)
        guard plot.width >= 2, plot.height >= 1 else { return }
        // Log axis over every positive value, at most 8 decades below the largest (σ → 0 sits on the floor).
        var lo = Double.infinity, hi = -Double.infinity
        for p in m.points { for v in p.values where v > 0 && v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        if !(lo.isFinite && hi.isFinite) { lo = 1e-3; hi = 1 }
        lo = max(lo, hi * 1e-8)
        let floor = lo
        let yr = Axis.safe(Foundation.floor(log10(lo))...Foundation.ceil(log10(hi)))   // whole decades: short labels
        let stepAxis = StepAxis(first: Double(first.step), last: Double(last.step), scale: ctx.stepScale)
        let xr = stepAxis.range
        ctx.braille.reset(width: plot.width, height: plot.height)
        let xs = stepAxis.xs(m.points.map(\.step))
        let count = m.points.map(\.values.count).max() ?? 0
        for i in 0..<count {
            let ys = m.points.map { i < $0.values.count && $0.values[i].isFinite ? log10(max($0.values[i], floor)) : .nan }
            if xs.count == 1 {
                Axis.scatter(&ctx.braille, xs: xs, ys: ys, x: xr, y: yr, color: theme.classColor(i))
            } else {
                Axis.polyline(&ctx.braille, xs: xs, ys: ys, x: xr, y: yr, color: theme.classColor(i))
            }
        }
        ctx.braille.render(into: &buffer, at: (plot.x, plot.y), ascii: theme.ascii)
        if labelW > 0 {
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.upperBound)), x: inner.x, y: plot.y, width: labelW, style: theme.dim)
            Axis.writeRight(&buffer, Fmt.num(pow(10, yr.lowerBound)), x: inner.x, y: plot.maxY - 1, width: labelW, style: theme.dim)
        }
        guard footer > 0 else { return }
        let row = plot.maxY
        let gaps = stepAxis.writeFooter(into: &buffer, plot: plot, row: row, clip: inner, style: theme.dim)
        let note = "rank(σ>0.1σ₁) \(last.values.filter { $0 > 0.1 * (last.values.first ?? 0) }.count) of \(last.values.count)"
        if let gap = gaps.max(by: { $0.count < $1.count }), gap.count >= note.count + 2 {
            buffer.write(note, x: gap.lowerBound + (gap.count - note.count) / 2, y: row, style: theme.dim, clip: inner)
        }
    }
}
