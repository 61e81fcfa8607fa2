import Foundation
import NNSession
import PaneModels
import TerminalUI

/// Presentation mode's text around the one pane: a minimal status line, the pane's caption in large
/// (many rows, bold, wrapped) and a one-line key hint. Each pane has its own caption, with live numbers.
public enum PresentationBars {
    /// " nnviz · sawtooth · step 500 · paused · pace 20/s · 0 steps/s        ◀ 1/4 Fit ▶ ". The left part is cut
    /// to `width` a whole segment at a time ("nnviz", the preset, the step, the run state); the pace stays.
    public static func statusText(_ s: AppState, width: Int = .max) -> (left: String, right: String) {
        var left = [StatusBar.Segment("nnviz", dropRank: 0)]
        if let m = s.model {
            left.append(StatusBar.Segment(m.presetName, dropRank: 1))
            left.append(StatusBar.Segment("step \(m.step)", dropRank: 2))
        }
        left.append(StatusBar.Segment(StatusBar.runText(s), dropRank: 3))
        if s.presetPane?.fillsBody != true {
            left.append(StatusBar.Segment(StatusBar.paceText(s.pace, measured: s.stepsPerSecond), dropRank: nil))
        }
        let panes = s.visiblePanes
        let i = (panes.firstIndex(of: s.focus) ?? 0) + 1
        return (" " + fitted(left, width: width - 1), "◀ \(i)/\(panes.count) \(name(s.focus)) ▶ ")
    }

    /// The segments joined with " · ", dropped lowest rank first until they fit `width`.
    static func fitted(_ segments: [StatusBar.Segment], width: Int) -> String {
        var parts = segments
        func joined() -> String { parts.map(\.text).joined(separator: " · ") }
        while joined().count > width {
            let ranked = parts.indices.compactMap { i in parts[i].dropRank.map { (i, $0) } }
            guard let drop = ranked.min(by: { $0.1 < $1.1 }) else { break }
            parts.remove(at: drop.0)
        }
        return joined()
    }

    /// Names for the status line; a pane not listed (e.g. one added later) shows its id capitalised.
    static let names: [PaneID: String] = [.fit: "Fit", .regions: "Regions", .loss: "Loss", .spectrum: "Hessian spectrum",
                                          .network: "Network"]

    public static func name(_ pane: PaneID) -> String { names[pane] ?? pane.rawValue.capitalized }

    /// The heading and the explanation of a pane, with the current numbers. Panes without their own text
    /// (the data plots, and any pane added later) show the preset's title and caption.
    public static func caption(_ pane: PaneID, _ s: AppState) -> (heading: String, body: String) {
        let m = s.model
        var preset = m.map { $0.title.isEmpty ? $0.presetName : $0.title } ?? "nnviz"
        if s.captionEdited { preset += " (edited)" }
        if pane == .loss { return ("Loss", lossText(m?.lossCurves)) }
        if pane == .spectrum { return ("Hessian spectrum", spectrumText(s.spectrum)) }
        if pane == .network, let n = m?.network { return ("Network", networkText(n)) }
        var body = s.captionEdited ? StatusBar.setupCaption(s.preset) : m?.caption ?? ""
        if pane == .fit, let f = m?.fit, !f.featureNote.isEmpty {
            body = sentence(body) + "Input " + f.featureNote + " (no kinks to count)."
        } else if pane == .fit, let f = m?.fit {
            body = sentence(body) + "Now \(f.kinks.count) kinks: \(Plural.linearPieces(f.kinks.count + 1))"
            if let b = f.pieceBound { body += " (at most \(b))" }
            body += "."
        }
        if pane == .regions, let n = m?.regions?.regionCount {
            body = sentence(body) + (n == 1 ? "The network is affine on its one linear region in this box." : "The network is affine on each of its \(n) linear regions in this box.")
        }
        return (preset, body)
    }

    static func lossText(_ l: LossViewModel?) -> String {
        var body = "Training objective (loss + ½λ‖θ‖² + λ₁‖θ‖₁) and test loss against step, on a log scale."
        guard let l else { return body }
        if let t = l.train.last { body += " Train " + Fmt.num(t) }
        if let t = l.test.last { body += ", test " + Fmt.num(t) + ": the gap is what the network did not learn from the data" }
        return body + "."
    }

    static func spectrumText(_ sp: SpectrumViewModel?) -> String {
        guard let sp else { return "Eigenvalues of the Hessian of the training objective: press h to compute them." }
        var body = "Eigenvalues of the Hessian of the training objective at step \(sp.step): λmax = \(Fmt.num(sp.lambdaMax))"
        body += " (gradient descent is stable only for learning rates below 2/λmax = \(Fmt.num(2 / sp.lambdaMax)))"
        body += ", λmin = \(Fmt.num(sp.lambdaMin))"
        if let n = sp.negativeCount, let z = sp.nearZeroCount {
            body += "; \(n) negative and \(z) ≈ 0 of P = \(sp.parameterCount)"
        }
        return body + "."
    }

    static func networkText(_ n: NetworkViewModel) -> String {
        let widths = ([n.inputSize] + n.layers.map(\.width)).map(String.init).joined(separator: "–")
        let acts = Set(n.layers.dropLast().map(\.activation)).sorted().joined(separator: ", ")
        return "Widths \(widths), \(n.parameterCount) parameters" + (acts.isEmpty ? "" : ", \(acts) hidden units")
            + "; ‖W‖ is each layer's weight norm."
    }

    public static func render(_ s: AppState, layout: DashboardLayout, into buffer: inout Buffer, theme: Theme) {
        let status = layout.status
        buffer.fill(status, " ", style: theme.status)
        let rightWidth = statusText(s).right.unicodeScalars.count
        var (left, right) = statusText(s, width: status.width - rightWidth - 2)
        if theme.ascii { left = left.replacingOccurrences(of: "·", with: "|"); right = asciiArrows(right) }
        buffer.write(left, x: status.x, y: status.y, style: theme.status.bold(), clip: status)
        let rn = right.unicodeScalars.count
        if status.width > left.unicodeScalars.count + rn + 2 {
            buffer.write(right, x: status.maxX - rn, y: status.y, style: theme.status.bold(), clip: status)
        }

        let cap = layout.caption
        buffer.fill(cap)
        let (heading, body) = caption(s.focus, s)
        let inner = Rect(x: cap.x + 2, y: cap.y, width: max(0, cap.width - 4), height: cap.height)
        var row = inner.y
        if !heading.isEmpty, row < inner.maxY {
            buffer.write(TextFit.ellipsized(heading, width: inner.width), x: inner.x, y: row, style: theme.focusedTitle,
                         clip: inner)
            row += 1
        }
        let text = theme.ascii ? asciiText(body) : body
        // Wrapped at spaces; a body longer than the rows ends with "…" after a whole word.
        row += buffer.writeWrapped(text, in: inner, y: row, style: theme.text.bold())

        let hint = layout.hint
        buffer.fill(hint)
        if let at = s.model?.divergedAtStep {
            buffer.writeFitting([" diverged at step \(at): lower the learning rate with - and reset with r ",
                                 " diverged at step \(at): - lowers the learning rate, r resets ", " diverged at step \(at) "],
                                x: hint.x, y: hint.y, style: theme.error, clip: hint)
        } else if let msg = s.message {
            buffer.write(TextFit.ellipsized(" " + msg, width: hint.width), x: hint.x, y: hint.y, style: theme.warning,
                         clip: hint)
        } else {
            let keys = " ← → pane   space run/pause   n step   ? help   q quit"
            buffer.write(theme.ascii ? asciiArrows(keys) : keys, x: hint.x, y: hint.y, style: theme.dim, clip: hint)
        }
    }

    /// `text` ended as a sentence, ready for the next one ("" stays "").
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return "" }
        return text + (".!?:".contains(last) ? " " : ". ")
    }

    static func asciiArrows(_ s: String) -> String {
        s.replacingOccurrences(of: "◀", with: "<").replacingOccurrences(of: "▶", with: ">")
            .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    }

    static func asciiText(_ s: String) -> String {
        var t = s
        for (a, b) in [("λ", "l"), ("≈", "~"), ("½", "1/2"), ("‖", "|"), ("θ", "theta"), ("²", "^2"), ("–", "-"), ("·", "*")] {
            t = t.replacingOccurrences(of: a, with: b)
        }
        return t
    }
}
