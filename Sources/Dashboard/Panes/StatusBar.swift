import Foundation
import NNSession
import PaneModels
import TerminalUI

/// The top status line, the caption line (the preset's explanation and formula) and the hint line.
public enum StatusBar {
    /// One segment of the status line and how readily it goes when the line is too long.
    public struct Segment: Sendable, Equatable {
        public var text: String
        /// Segments are dropped in ascending order of this rank (nil: never dropped).
        public var dropRank: Int?
        /// A segment that may be cut with "…" to the columns the others leave, down to this many characters
        /// (the Δ list of changed knobs: as much of it as fits); nil: whole or not at all.
        public var minimumWidth: Int?
        public init(_ text: String, dropRank: Int?, minimumWidth: Int? = nil) {
            self.text = text
            self.dropRank = dropRank
            self.minimumWidth = minimumWidth
        }
    }

    /// The fewest characters the Δ segment is cut to ("Δ noise 0.2 · b…") before other segments are dropped
    /// to make room: shorter, it would name no knob whole.
    public static let minimumDeltaWidth = 16

    /// The order in which segments are dropped from a line too long for the terminal: frames per second
    /// first, then the epoch, the preset's name, "nnviz", the loss, the set-up (data · activation ·
    /// optimiser), the step and the run state. The pace with the measured steps per second is never dropped.
    public enum DropRank {
        public static let fps = 0, epoch = 1, preset = 2, name = 3, loss = 4, setup = 5, step = 6, state = 7
    }

    /// "pace 50/s · 49 steps/s" (or "pace max · 38214 steps/s"): the target next to what is measured.
    public static func paceText(_ pace: Pace, measured: Double) -> String {
        "\(pace) · \(Int(measured.rounded())) steps/s"
    }

    /// "moons · relu · adam lr 0.01": what is trained, from the preset as edited (mixed hidden activations
    /// all named: "sine · sigmoid,tanh · adam lr 0.01"). `currentRate` is the rate the schedule gives at this
    /// step: when it differs from the preset's base rate the segment says both ("lr 0.01→1e-14"), so the bar
    /// never contradicts the loss pane's title.
    public static func setupText(_ p: Preset, currentRate: Double? = nil) -> String {
        var parts: [String] = [p.data.kind.name]
        if let a = p.model.hiddenActivationsText { parts.append(a) }
        let base = p.training.optimizer.lr
        var rate = Fmt.rate(base)
        if let now = currentRate, now.isFinite, Swift.abs(now - base) > 1e-9 * Swift.abs(base) {
            rate += "→" + Fmt.rate(now)
        }
        parts.append("\(p.training.optimizer.name.rawValue) lr \(rate)")
        return parts.joined(separator: " · ")
    }

    /// The key hints of the single dashboard, whole items only: as many as fit in `width` columns, in this
    /// order (help first, quit always kept when anything fits).
    static let keyHints = ["? help", "space run/pause", "n step", "[ ] width", "{ } layers", "a act", "o opt",
                           "+/- lr", "r reset", "Tab focus", "z zoom"]

    /// " ? help  space run/pause  …  q quit" cut at whole items so that it fits `width`.
    public static func fittedHints(_ items: [String], width: Int, last: String = "q quit") -> String {
        var line = ""
        for item in items {
            let candidate = line + "  " + item
            if (candidate + "  " + last).count - 1 > width { break }
            line = candidate
        }
        return " " + String((line + "  " + last).dropFirst(2))
    }

    /// The run state: "running", "paused", "DIVERGED" or "stopped early".
    public static func runText(_ s: AppState) -> String {
        if s.model?.divergedAtStep != nil { return "DIVERGED" }
        if s.model?.stoppedEarly == true && !s.running { return "stopped early" }
        return s.running ? "running" : "paused"
    }

    public static func segments(_ s: AppState) -> [Segment] {
        var parts = [Segment("nnviz", dropRank: DropRank.name)]
        let name = s.model?.presetName ?? s.preset.name
        parts.append(Segment(s.captionEdited ? name + " (edited)" : name, dropRank: DropRank.preset))
        if s.presetPane?.fillsBody == true {
            // A sweep trains nothing: its progress instead of steps, optimiser and loss.
            if let d = s.doubleDescent {
                let computed = s.sweep.computed?.widths.count ?? d.widths.count
                parts.append(Segment(d.widths.count >= d.plannedWidths.count ? "sweep done"
                                     : "sweep \(d.widths.count)/\(d.plannedWidths.count) widths"
                                        + (computed > d.widths.count ? " (\(computed) computed)" : ""),
                                     dropRank: nil))
                parts.append(Segment("seed \(d.seed) (r: next)", dropRank: DropRank.setup))
            } else {
                parts.append(Segment("sweep starting", dropRank: nil))
            }
            parts.append(Segment("\(Int(s.fps.rounded())) fps", dropRank: DropRank.fps))
            return parts
        }
        parts.append(Segment(runText(s), dropRank: DropRank.state))
        parts.append(Segment(paceText(s.pace, measured: s.stepsPerSecond), dropRank: nil))
        if let m = s.model {
            parts.append(Segment("step \(m.step)", dropRank: DropRank.step))
            parts.append(Segment("ep \(m.epoch)", dropRank: DropRank.epoch))
        }
        parts.append(Segment("\(Int(s.fps.rounded())) fps", dropRank: DropRank.fps))
        parts.append(Segment(setupText(s.preset, currentRate: s.model?.learningRate), dropRank: DropRank.setup))
        // What the set-up changed from the preset the dashboard opened (settings panel, editing keys, clicked
        // points); it goes with the set-up, after it, whole here and cut by `fitted` to the room left.
        let changed = s.setup.differences()
        if !changed.isEmpty { parts.append(Segment("Δ " + changed, dropRank: DropRank.setup, minimumWidth: minimumDeltaWidth)) }
        if let m = s.model { parts.append(Segment("loss " + Fmt.num(m.loss), dropRank: DropRank.loss)) }
        return parts
    }

    public static func statusText(_ s: AppState) -> String { joined(segments(s)) }

    public static func joined(_ parts: [Segment]) -> String {
        var out = ""
        for (i, p) in parts.enumerated() {
            // The epoch rides on the step ("step 500 ep 12"), everything else is a segment of its own.
            out += i == 0 ? p.text : (p.text.hasPrefix("ep ") ? " " : " │ ") + p.text
        }
        return out
    }

    /// The segments shortened to `width`: a cuttable segment (the Δ list, ``Segment/minimumWidth``) takes the
    /// columns the others leave, cut with "…"; when even its minimum does not fit, whole segments go, never
    /// mid-number, in the order of ``DropRank`` (the pace segment stays), and the cut is tried again.
    public static func fitted(_ segments: [Segment], width: Int) -> String {
        var parts = segments
        while joined(parts).count > width {
            let over = joined(parts).count - width
            if let i = parts.firstIndex(where: { $0.minimumWidth != nil }), let least = parts[i].minimumWidth,
               parts[i].text.count - over >= max(least, 2) {
                parts[i].text = String(parts[i].text.prefix(parts[i].text.count - over - 1)) + "…"
                break
            }
            let ranked = parts.indices.compactMap { i in parts[i].dropRank.map { (i, $0) } }
            guard let drop = ranked.min(by: { $0.1 < $1.1 }) else { break }
            parts.remove(at: drop.0)
        }
        return joined(parts)
    }

    /// The caption line: the preset's title and caption, or, once an edit has changed what the caption
    /// describes, "(edited)" and a plain description of the current set-up instead.
    public static func captionText(_ s: AppState, _ m: DashboardModel) -> String {
        var title = m.title.isEmpty ? m.presetName : m.title
        guard !s.captionEdited else {
            title += " (edited)"
            return title + " — " + setupCaption(s.preset)
        }
        var caption = title
        if !m.caption.isEmpty { caption += " — " + m.caption }
        if !m.formula.isEmpty { caption += "   " + m.formula }
        return caption
    }

    /// "now a [1, 16, 8, 1] tanh net trained by adam at lr 0.01 on sine data (200 points): the preset's
    /// caption was about its own set-up." Mixed hidden activations are all named ("a [1, 32, 32, 1] net with
    /// activations sigmoid,tanh trained by …").
    public static func setupCaption(_ p: Preset) -> String {
        let mixed = p.model.hasMixedHiddenActivations
        let act = mixed ? "" : p.model.hiddenActivationsText.map { $0 + " " } ?? ""
        let with = mixed ? " with activations " + (p.model.hiddenActivationsText ?? "") : ""
        let points = p.data.kind == .csv ? "" : " (\(p.data.count) points)"
        return "now a [\(p.model.layers.map(String.init).joined(separator: ", "))] \(act)net\(with) trained by "
            + "\(p.training.optimizer.name.rawValue) at lr \(Fmt.rate(p.training.optimizer.lr)) on \(p.data.kind.name) data\(points); "
            + "the preset's caption was about its own set-up."
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
        var text = " " + fitted(segments(s), width: status.width - 1)
        if theme.ascii { text = text.replacingOccurrences(of: "│", with: "|").replacingOccurrences(of: "×", with: "x") }
        buffer.write(text, x: status.x, y: status.y, style: theme.status.bold(), clip: status)

        let cap = layout.caption
        buffer.fill(cap)
        if let m = s.model {
            var caption = captionText(s, m)
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
            buffer.writeFitting([" diverged at step \(at): lower the learning rate with - and reset with r ",
                                 " diverged at step \(at): - lowers the learning rate, r resets ", " diverged at step \(at) "],
                                x: hint.x, y: hint.y, style: theme.error, clip: hint)
        } else if let msg = s.message {
            buffer.write(TextFit.ellipsized(" " + msg, width: hint.width), x: hint.x, y: hint.y, style: theme.warning,
                         clip: hint)
        } else if s.presetPane?.fillsBody == true {
            buffer.write(" ? help  r new draw (next seed)  R recompute  z zoom  q quit", x: hint.x, y: hint.y,
                         style: theme.dim, clip: hint)
        } else {
            let hints = fittedHints(keyHints, width: hint.width)
            buffer.write(hints, x: hint.x, y: hint.y, style: theme.dim, clip: hint)
        }
    }
}
