import Foundation
import PaneModels
import TerminalUI

/// The top status line, the caption line (the preset's explanation and formula) and the hint line.
public enum StatusBar {
    public static func statusText(_ s: AppState) -> String {
        let sep = " │ "
        var parts = ["nnviz"]
        if let m = s.model {
            parts.append(m.presetName)
        }
        if s.presetPane?.fillsBody == true {
            // A sweep trains nothing: its progress instead of steps, optimiser and loss.
            if let d = s.doubleDescent {
                parts.append(d.isComplete ? "sweep done" : "sweep \(d.widths.count)/\(d.plannedWidths.count) widths")
                parts.append("seed \(d.seed) (r: next)")
            } else {
                parts.append("sweep starting")
            }
            parts.append("\(Int(s.fps.rounded())) fps")
            return parts.joined(separator: sep)
        }
        if s.model?.divergedAtStep != nil {
            parts.append("DIVERGED")
        } else {
            parts.append(s.running ? "running ×\(s.stepsPerFrame)" : "paused")
        }
        if let m = s.model {
            parts.append("step \(m.step) ep \(m.epoch)")
        }
        parts.append("\(Int(s.stepsPerSecond.rounded())) steps/s")
        parts.append("\(Int(s.fps.rounded())) fps")
        parts.append("\(s.config.optimizer) lr \(Fmt.rate(s.config.learningRate))")
        if let m = s.model { parts.append("loss " + Fmt.num(m.loss)) }
        return parts.joined(separator: sep)
    }

    /// The status text shortened to `width` a whole segment at a time, never mid-number (at 100 columns
    /// "loss 0.0224" was clipped to "loss 0."): frames per second go first, then steps per second, then the
    /// epoch; after that segments are dropped from the end.
    static func fitted(_ text: String, width: Int) -> String {
        let sep = " │ "
        var parts = text.components(separatedBy: sep)
        func joined() -> String { parts.joined(separator: sep) }
        guard joined().count > width else { return text }
        for suffix in [" fps", " steps/s"] where joined().count > width {
            let first = parts.first
            parts.removeAll { $0.hasSuffix(suffix) && $0 != first }
        }
        if joined().count > width, let i = parts.firstIndex(where: { $0.hasPrefix("step ") && $0.contains(" ep ") }),
           let cut = parts[i].range(of: " ep ") {
            parts[i] = String(parts[i][..<cut.lowerBound])
        }
        while joined().count > width && parts.count > 1 { parts.removeLast() }
        return joined()
    }

    /// `line` if it fits `width`, else cut at a word break before `width − 1` with "…" after it: a caption
    /// cut by a small terminal says so instead of stopping mid-formula.
    static func ellipsized(_ line: String, width: Int) -> String {
        let scalars = line.unicodeScalars
        guard scalars.count > width, width > 1 else { return line }
        let limit = scalars.index(scalars.startIndex, offsetBy: width - 1)
        var cut = limit
        if let space = scalars[scalars.startIndex..<limit].lastIndex(of: " "), space > scalars.startIndex { cut = space }
        return String(line[line.startIndex..<cut]) + "…"
    }

    /// Splits text into at most `rows` lines of `width` scalars, breaking at spaces where possible.
    static func wrap(_ text: String, width: Int, rows: Int) -> [String] {
        guard width > 0, rows > 0 else { return [] }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty && lines.count < rows {
            let scalars = rest.unicodeScalars
            if scalars.count <= width || lines.count == rows - 1 {
                lines.append(String(rest))
                break
            }
            let limit = scalars.index(scalars.startIndex, offsetBy: width)
            var cut = limit
            if scalars[limit] == " " {
                cut = limit
            } else if let space = scalars[scalars.startIndex..<limit].lastIndex(of: " "), space > scalars.startIndex {
                cut = space
            }
            lines.append(String(rest[rest.startIndex..<cut]))
            rest = rest[cut...].drop { $0 == " " }
            if !rest.isEmpty { rest = " " + rest }
        }
        return lines
    }

    public static func render(_ s: AppState, layout: DashboardLayout, into buffer: inout Buffer, theme: Theme) {
        if s.presenting { return PresentationBars.render(s, layout: layout, into: &buffer, theme: theme) }
        let status = layout.status
        buffer.fill(status, " ", style: theme.status)
        var text = " " + fitted(statusText(s), width: status.width - 1)
        if theme.ascii { text = text.replacingOccurrences(of: "│", with: "|").replacingOccurrences(of: "×", with: "x") }
        buffer.write(text, x: status.x, y: status.y, style: theme.status.bold(), clip: status)

        let cap = layout.caption
        buffer.fill(cap)
        if let m = s.model {
            var caption = m.title.isEmpty ? m.presetName : m.title
            if !m.caption.isEmpty { caption += " — " + m.caption }
            if !m.formula.isEmpty { caption += "   " + m.formula }
            if theme.ascii { caption = caption.asciiMath }
            var lines = wrap(" " + caption, width: cap.width, rows: cap.height)
            if let last = lines.last { lines[lines.count - 1] = ellipsized(last, width: cap.width) }
            for (i, line) in lines.enumerated() {
                buffer.write(line, x: cap.x, y: cap.y + i, style: theme.text, clip: cap)
            }
        }
        let hint = layout.hint
        buffer.fill(hint)
        if let at = s.model?.divergedAtStep {
            buffer.write(" diverged at step \(at): lower the learning rate with - and reset with r ", x: hint.x,
                         y: hint.y, style: theme.error, clip: hint)
        } else if let msg = s.message {
            buffer.write(" " + msg, x: hint.x, y: hint.y, style: theme.warning, clip: hint)
        } else if s.presetPane?.fillsBody == true {
            buffer.write(" ? help  r new draw (next seed)  R recompute  z zoom  q quit", x: hint.x, y: hint.y,
                         style: theme.dim, clip: hint)
        } else {
            let hints = " ? help  space run/pause  n step  [ ] width  { } layers  a act  o opt  +/- lr  r reset  Tab focus  z zoom  q quit"
            buffer.write(hints, x: hint.x, y: hint.y, style: theme.dim, clip: hint)
        }
    }
}
