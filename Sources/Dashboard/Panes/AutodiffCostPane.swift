import Foundation
import NNAnalysis
import PaneModels
import TerminalUI

/// Forward- vs reverse-mode cost of the current network (the lecture's "Automatic differentiation"
/// slides): the input-Jacobian counts d₀·Σ d[k]d[k−1] vs d[L]·Σ d[k]d[k+1], then for the gradient ∇_θ at one point
/// the multiplies (and × a forward pass), the activation memory, and measured times of one VJP vs P JVPs
/// over a batch; and what checkpointing trades. Counts are exact (closed form = instrumented count); times
/// arrive from a background job and are redone when the shape changes (`[` `]` `{` `}`).
public enum AutodiffCostPane {
    public static func title(_ c: GradientCostModel?) -> String { titles(c)[0] }

    /// Longest first: the shape goes before the parameter count.
    static func titles(_ c: GradientCostModel?) -> [String] {
        guard let c else { return ["Autodiff cost"] }
        let p = " · P=\(Fmt.count(c.parameterCount))"
        return ["Autodiff cost · " + c.sizes.map(String.init).joined(separator: "-") + p, "Autodiff cost" + p, "Autodiff cost"]
    }

    static func pad(_ s: String, _ n: Int) -> String {
        let c = s.unicodeScalars.count
        return c >= n ? s + " " : s + String(repeating: " ", count: n - c)
    }

    static func lpad(_ s: String, _ n: Int) -> String {
        let c = s.unicodeScalars.count
        return c >= n ? s : String(repeating: " ", count: n - c) + s
    }

    static func ms(_ s: Double?) -> String {
        guard let s, s.isFinite else { return "" }
        return s >= 0.1 ? String(format: "%.2f s", s) : String(format: "%.3f ms", s * 1e3)
    }

    /// The pane's text lines (the table's header is line 2, its reverse-mode row line 4).
    public static func lines(counts c: GradientCostModel, measured: GradientCostModel?) -> [String] {
        let timed = measured.flatMap { $0.sizes == c.sizes ? $0 : nil }
        let F = Double(max(1, c.forwardPass.multiplies))
        var out: [String] = []
        let ij = c.inputJacobian
        // Numbers before formulas, so a narrow pane cuts a formula, never a count.
        out.append("input Jacobian ∂f/∂x (\(ij.cheaper) wins), the lecture's counts:")
        out.append("  forward \(ij.forwardMultiplies) · reverse \(ij.reverseMultiplies)  (d₀·Σ d[k]d[k−1] vs d[L]·Σ d[k]d[k+1])")
        let n = timed?.measuredPoints.map { "time (\($0) pts)" } ?? "time"
        out.append(pad("∇θ, one point", 19) + lpad("mults", 7) + lpad("×F", 7) + lpad("memory", 7) + "  " + n)
        func row(_ name: String, _ t: AutodiffTally, _ time: String) {
            out.append(pad(name, 19) + lpad(Fmt.count(t.multiplies), 7) + lpad(Fmt.num(Double(t.multiplies) / F), 7)
                       + lpad("\(t.peakValues)", 7) + "  " + time)
        }
        row("forward pass F", c.forwardPass, "")
        row("reverse (1 VJP)", c.reverse, timed.map { ms($0.reverseSeconds) } ?? "measuring…")
        let est = timed.flatMap { t in t.jvpsTimed.map { $0 < t.parameterCount ? " est." : "" } } ?? ""
        row("forward (\(Fmt.count(c.parameterCount)) JVPs)", c.forwardMode, timed.map { ms($0.forwardSeconds) + est } ?? "measuring…")
        row("checkpoint (k=\(c.checkpointEvery))", c.checkpointed, "")
        let ratio = Double(c.forwardMode.multiplies) / Double(max(1, c.reverse.multiplies))
        let mem = Double(c.reverse.peakValues) / Double(max(1, c.forwardMode.peakValues))
        out.append("reverse: \(Fmt.num(ratio))× fewer multiplies, \(Fmt.num(mem))× the memory")
        let saved = 1 - Double(c.checkpointed.peakValues) / Double(max(1, c.reverse.peakValues))
        out.append("checkpointing: memory \(c.reverse.peakValues) → \(c.checkpointed.peakValues) (−\(Fmt.percent(saved))), "
                   + "+\(Fmt.percent(F / Double(max(1, c.reverse.multiplies)))) multiplies")
        out.append("reverse caches every φ and φ′; forward: primal + tangent;")
        out.append("checkpointing keeps every k-th φ, recomputes the rest")
        return out
    }

    public static func render(counts: GradientCostModel?, measured: GradientCostModel?, failure: String?,
                              into buffer: inout Buffer, area: Rect, focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: Fmt.fitting(titles(counts), width: area.width), focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        guard let counts else {
            buffer.write("no network yet", x: inner.x, y: inner.y, style: theme.dim, clip: inner)
            return
        }
        var all = lines(counts: counts, measured: measured)
        if let failure { all.append("timing failed: " + failure) }
        all.append("memory: activation values held at once · [ ] { } reshape")
        for (i, line) in all.enumerated() where i < inner.height {
            let style: Style = i == 2 ? theme.title : (i == 4 ? Style(fg: theme.fit) : (i >= 9 || i == 1 ? theme.dim : theme.text))
            buffer.write(fitted(line, table: (2...6).contains(i), width: inner.width), x: inner.x, y: inner.y + i,
                         style: style, clip: inner)
        }
    }

    /// A line shortened to `width` without cutting a token: a table row loses whole columns from the right
    /// (the times first), a sentence its formula in parentheses (or its last " · " part), then whole words
    /// before "…".
    static func fitted(_ line: String, table: Bool, width: Int) -> String {
        guard TextFit.width(line) > width else { return line }
        if table {
            var cols = String(String.UnicodeScalarView(line.unicodeScalars.prefix(40)))
            while cols.last == " " { cols.removeLast() }
            while TextFit.width(cols) > width, let space = cols.lastIndex(of: " ") {
                cols = String(cols[..<space])
                while cols.last == " " { cols.removeLast() }
            }
            return TextFit.width(cols) <= width ? cols : ""
        }
        if let paren = line.range(of: "  (") {
            let head = String(line[..<paren.lowerBound])
            if TextFit.width(head) <= width { return head }
        } else if let dot = line.range(of: " · ", options: .backwards) {
            let head = String(line[..<dot.lowerBound])
            if TextFit.width(head) <= width { return head }
        }
        return TextFit.ellipsized(line, width: width)
    }
}
