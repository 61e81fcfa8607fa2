import Foundation
import PaneModels
import TerminalUI

/// Compare mode with `--present`: the text around the one session on screen — a minimal status line
/// (`◀ 2/4 Adam ▶`), a large caption (the session's label, the preset's claim, the session's own numbers)
/// and a one-line key hint. The panel itself is the ordinary compare panel, on axes still shared with the
/// sessions not shown, so flipping with ← → compares heights honestly.
public enum ComparePresentation {
    /// " nnviz · optimizers · step 500 · running · keys → all" and "◀ 2/4 Adam ▶ ".
    public static func statusText(_ s: CompareState, width: Int = .max) -> (left: String, right: String) {
        guard s.sessions.indices.contains(s.shown) else { return (" nnviz", "") }
        let a = s.sessions[s.shown].app
        var left = [StatusBar.Segment("nnviz", dropRank: 0)]
        if let m = a.model {
            left.append(StatusBar.Segment(m.presetName, dropRank: 1))
            left.append(StatusBar.Segment("step \(m.step)", dropRank: 3))
        }
        left.append(StatusBar.Segment(StatusBar.runText(a), dropRank: 4))
        left.append(StatusBar.Segment(StatusBar.paceText(s.pace, measured: s.stepsPerSecond), dropRank: nil))
        left.append(StatusBar.Segment(s.focused.map { "keys → \($0 + 1)" } ?? "keys → all", dropRank: 2))
        return (" " + PresentationBars.fitted(left, width: width - 1),
                "◀ \(s.shown + 1)/\(s.sessions.count) \(s.label(s.shown)) ▶ ")
    }

    /// The heading (number and label) and the explanation: the preset's caption, then this session's
    /// optimiser, step, losses and λmax (with 2/λmax, the largest stable step of gradient descent).
    public static func caption(_ s: CompareState) -> (heading: String, body: String) {
        guard s.sessions.indices.contains(s.shown) else { return ("", "") }
        let session = s.sessions[s.shown]
        let a = session.app
        var heading = s.title(s.shown)
        // An edited comparison no longer makes the preset's claim: its set-up is described instead.
        let edited = s.sessions.contains(where: \.app.captionEdited)
        var body = PresentationBars.sentence(edited ? CompareRenderer.setupCaption(s) : a.model?.caption ?? "")
        body += "\(s.label(s.shown)): \(a.preset.training.optimizer.name.rawValue), lr \(Fmt.rate(a.preset.training.optimizer.lr))"
        if let m = a.model {
            if let at = m.divergedAtStep {
                heading += " · DIVERGED"
                body += ", diverged at step \(at) (the loss stopped being finite)"
            } else {
                body += ", step \(m.step), train loss \(Fmt.num(m.loss))"
                if a.showTestData, let t = m.lossCurves.test.last { body += ", test loss \(Fmt.num(t))" }
            }
        }
        if let v = session.lambdas.values.last, let at = session.lambdas.steps.last {
            body += "; λmax \(Fmt.num(v)) at step \(at)"
            if v > 0 { body += " (2/λmax = \(Fmt.num(2 / v)))" }
        }
        return (heading, body + ".")
    }

    public static func render(_ s: CompareState, layout: CompareLayout, into buffer: inout Buffer, theme: Theme) {
        let status = layout.status
        buffer.fill(status, " ", style: theme.status)
        let rightWidth = statusText(s).right.unicodeScalars.count
        var (left, right) = statusText(s, width: status.width - rightWidth - 1)
        if theme.ascii {
            left = left.replacingOccurrences(of: "·", with: "|").replacingOccurrences(of: "→", with: "->")
            right = PresentationBars.asciiArrows(right)
        }
        // Which session is on screen matters more than the rest: on a narrow screen the left part is cut.
        let rn = right.unicodeScalars.count
        let leftClip = Rect(x: status.x, y: status.y, width: max(0, status.width - rn - 1), height: status.height)
        buffer.write(left, x: status.x, y: status.y, style: theme.status.bold(), clip: leftClip)
        if status.width >= rn + 1 {
            buffer.write(right, x: status.maxX - rn, y: status.y, style: theme.status.bold(), clip: status)
        }

        let cap = layout.caption
        buffer.fill(cap)
        let (heading, body) = caption(s)
        let inner = Rect(x: cap.x + 2, y: cap.y, width: max(0, cap.width - 4), height: cap.height)
        var row = inner.y
        if !heading.isEmpty, row < inner.maxY {
            buffer.write(TextFit.ellipsized(heading, width: inner.width), x: inner.x, y: row, style: theme.focusedTitle,
                         clip: inner)
            row += 1
        }
        let text = theme.ascii ? PresentationBars.asciiText(body) : body
        // Wrapped at spaces; a body longer than the rows ends with "…" after a whole word.
        row += buffer.writeWrapped(text, in: inner, y: row, style: theme.text.bold())

        let hint = layout.hint
        buffer.fill(hint)
        let n = s.sessions.count
        if let msg = s.message {
            buffer.write(TextFit.ellipsized(" " + msg, width: hint.width), x: hint.x, y: hint.y, style: theme.warning,
                         clip: hint)
        } else {
            let keys = " ← → session   1–\(n) focus  0 all   space run/pause   n step   ? help   q quit"
            buffer.write(theme.ascii ? PresentationBars.asciiArrows(keys) : keys, x: hint.x, y: hint.y, style: theme.dim,
                         clip: hint)
        }
    }
}
