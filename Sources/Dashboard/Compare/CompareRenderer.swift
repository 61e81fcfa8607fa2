import PaneModels
import TerminalUI

/// Draws compare mode: status bar (who the keys act on), one panel per session, the summary table (with
/// three sessions), the caption, the hint line and the help overlay (with `--present`: one session and
/// ``ComparePresentation``'s bars). Pure: state in, cells out.
public enum CompareRenderer {
    public static func render(_ state: CompareState, into buffer: inout Buffer, context ctx: inout RenderContext) {
        buffer.resize(width: state.size.width, height: state.size.height)
        buffer.clear()
        let layout = CompareLayout(state: state)
        let screen = buffer.bounds
        let theme = ctx.theme
        if layout.tooSmall {
            let need = CompareLayout.minimumSize
            let times = theme.ascii ? "x" : "×"
            let mid = screen.height / 2
            buffer.writeCentered("terminal too small: need \(need.width)\(times)\(need.height)", in: screen,
                                 y: max(0, mid - 1), style: theme.warning)
            buffer.writeCentered("(now \(state.size.width)\(times)\(state.size.height))", in: screen, y: mid, style: theme.dim)
            if theme.ascii { buffer.asciify() }
            return
        }
        if state.presenting {
            ComparePresentation.render(state, layout: layout, into: &buffer, theme: theme)
        } else {
            status(state, layout: layout, into: &buffer, theme: theme)
        }
        ctx.stepScale = state.sessions.first?.app.stepScale ?? .auto
        let scales = sharedScales(state)
        for (i, area) in layout.panels.enumerated() where !area.isEmpty {
            ComparePanel.render(state, i, area: area, scales: scales, into: &buffer, context: &ctx)
        }
        if !layout.summary.isEmpty { summary(state, area: layout.summary, into: &buffer, context: &ctx) }
        if state.showHelp {
            HelpOverlay.render(into: &buffer, screen: screen, theme: theme,
                               footer: "compare: keys act on the focused session, or on all after 0; d N t act on all")
        }
        if theme.ascii { buffer.asciify() }
    }

    /// Axes shared by the panels. A diverged session is left out (its panes keep their own axes): the huge
    /// losses just before a blow-up would flatten every other curve.
    static func sharedScales(_ state: CompareState) -> ComparePanel.Scales {
        let live = state.sessions.filter { $0.app.model?.divergedAtStep == nil }
        return ComparePanel.Scales(
            loss: LossPane.sharedAxes(live.map { ($0.app.model?.lossCurves, showTest: $0.app.showTestData) }),
            lambda: LambdaPane.sharedAxes(live.map(\.lambdas), through: live.compactMap { $0.app.model?.lossCurves.steps.last }.max()))
    }

    /// "all sessions (0)" or "2 · Adam lr 0.01".
    static func target(_ s: CompareState) -> String {
        guard let f = s.focused, s.sessions.indices.contains(f) else { return "keys → all \(s.sessions.count) sessions" }
        return "keys → " + s.title(f) + (s.zoomed ? " (zoomed)" : "")
    }

    /// The status line's segments; as in the single dashboard the pace is never dropped, the rest goes in
    /// this order when the line is too long: fps, the shared-axes note, the run count, who the keys act on,
    /// the step.
    public static func statusSegments(_ s: CompareState) -> [StatusBar.Segment] {
        var parts = [StatusBar.Segment("nnviz compare", dropRank: 9), StatusBar.Segment(target(s), dropRank: 4)]
        // The step of the live sessions (a diverged one stays where it stopped; its panel says so).
        let live = s.sessions.filter { $0.app.model?.divergedAtStep == nil }
        let steps = (live.isEmpty ? s.sessions : live).compactMap { $0.app.model?.step }
        if let lo = steps.min(), let hi = steps.max() {
            parts.append(StatusBar.Segment(lo == hi ? "step \(lo)" : "steps \(lo)–\(hi)", dropRank: 5))
        }
        let running = s.sessions.filter(\.app.running).count
        let diverged = s.sessions.filter { $0.app.model?.divergedAtStep != nil }.count
        var run = "\(running) running"
        if diverged > 0 { run += ", \(diverged) diverged" }
        parts.append(StatusBar.Segment(run, dropRank: 3))
        // The data every session trains on (shared: `d` and `N` act on all).
        if let data = s.sessions.first?.app.preset.data.kind.name { parts.append(StatusBar.Segment(data + " data", dropRank: 2)) }
        parts.append(StatusBar.Segment(StatusBar.paceText(s.pace, measured: s.stepsPerSecond), dropRank: nil))
        parts.append(StatusBar.Segment("loss & λmax on shared axes", dropRank: 1))
        parts.append(StatusBar.Segment("\(Int(s.fps.rounded())) fps", dropRank: 0))
        return parts
    }

    public static func statusText(_ s: CompareState) -> String { StatusBar.joined(statusSegments(s)) }

    /// The caption row: the preset's title and claim while every session still trains what it describes;
    /// once an edit in any session changed its model, data, optimiser or learning rate, the title marked
    /// "(edited)" and a plain description of every session's set-up instead (the claim no longer holds).
    /// Nil before the first snapshot.
    public static func captionText(_ s: CompareState) -> String? {
        guard let m = s.sessions.first?.app.model else { return nil }
        let title = m.title.isEmpty ? m.presetName : m.title
        if s.sessions.contains(where: \.app.captionEdited) { return title + " (edited) — " + setupCaption(s) }
        var caption = title
        if !m.caption.isEmpty { caption += " — " + m.caption }
        if !m.formula.isEmpty { caption += "   " + m.formula }
        return caption
    }

    /// "now on spirals data (300 points): 1 · [2, 16, 1] relu sgd lr 0.01; 2 · …; the preset's caption was
    /// about its own set-up."
    public static func setupCaption(_ s: CompareState) -> String {
        guard let first = s.sessions.first?.app.preset else { return "" }
        let points = first.data.kind == .csv ? "" : " (\(first.data.count) points)"
        let each = s.sessions.indices.map { i -> String in
            let p = s.sessions[i].app.preset
            let act = p.model.hiddenActivationsText.map { " " + $0 } ?? ""
            return "\(i + 1) · [\(p.model.layers.map(String.init).joined(separator: ", "))]\(act) "
                + "\(p.training.optimizer.name.rawValue) lr \(Fmt.rate(p.training.optimizer.lr))"
        }
        return "now on \(first.data.kind.name) data\(points): " + each.joined(separator: "; ")
            + "; the preset's caption was about its own set-up."
    }

    static func status(_ s: CompareState, layout: CompareLayout, into buffer: inout Buffer, theme: Theme) {
        buffer.fill(layout.status, " ", style: theme.status)
        var text = " " + StatusBar.fitted(statusSegments(s), width: layout.status.width - 1)
        if theme.ascii {
            text = text.replacingOccurrences(of: "│", with: "|").replacingOccurrences(of: "→", with: "->")
                .replacingOccurrences(of: "–", with: "-")
        }
        buffer.write(text, x: layout.status.x, y: layout.status.y, style: theme.status.bold(), clip: layout.status)
        let cap = layout.caption
        if !cap.isEmpty, let text = captionText(s) {
            var caption = " " + text
            if theme.ascii { caption = caption.asciiMath }
            var lines = StatusBar.wrap(caption, width: cap.width, rows: cap.height)
            if let last = lines.last { lines[lines.count - 1] = StatusBar.ellipsized(last, width: cap.width) }
            for (i, line) in lines.enumerated() {
                buffer.write(line, x: cap.x, y: cap.y + i, style: theme.text, clip: cap)
            }
        }
        let hint = layout.hint
        let n = s.sessions.count
        if let msg = s.message {
            buffer.write(TextFit.ellipsized(" " + msg, width: hint.width), x: hint.x, y: hint.y, style: theme.warning,
                         clip: hint)
        } else {
            // Whole items only, the least used dropped first when the line is too narrow ("q quit" always).
            var items = ["? help", "1–\(n) focus", "0 all", "space run/pause", "q quit", "n step", "+/- lr", "f/F pace",
                         "h λmax", "z zoom", "Tab next", "r reset", "L log/lin"]
            func line() -> String { " " + items.joined(separator: "  ") }
            while line().count > hint.width, items.count > 5 { items.removeLast() }
            buffer.write(line(), x: hint.x, y: hint.y, style: theme.dim, clip: hint)
        }
    }

    /// The fourth cell with three sessions: every session's numbers in one table.
    static func summary(_ s: CompareState, area: Rect, into buffer: inout Buffer, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: "All sessions", focused: false)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        // Whole columns from the left, as many as fit every row (a cut "running" or loss is worse than none).
        let widths = [2, 18, 8, 9, 9, 0]
        var rows = [["#", "label", "step", "loss", "λmax", "state"]]
        for session in s.sessions {
            let a = session.app
            let state = a.model?.divergedAtStep != nil ? "diverged" : (a.running ? "running" : "paused")
            rows.append(["\(rows.count)", TextFit.ellipsized(s.label(rows.count - 1), width: widths[1] - 1),
                         a.model.map { "\($0.step)" } ?? "–", a.model.map { Fmt.num($0.loss) } ?? "–",
                         session.lambdas.values.last.map(Fmt.num) ?? "–", state])
        }
        func line(_ row: [String], columns: Int) -> String {
            (0..<columns).map { c in c == columns - 1 ? row[c] : pad(row[c], widths[c]) }.joined()
        }
        var columns = widths.count
        while columns > 1, rows.contains(where: { TextFit.width(line($0, columns: columns)) > inner.width }) { columns -= 1 }
        for (i, row) in rows.enumerated() {
            let y = inner.y + i
            guard y < inner.maxY else { break }
            let style = i == 0 ? theme.title : (s.focused == i - 1 ? theme.focusedTitle : theme.text)
            buffer.write(line(row, columns: columns), x: inner.x, y: y, style: style, clip: inner)
        }
    }

    /// `text` cut or padded to `width` scalars, with one space after it.
    static func pad(_ text: String, _ width: Int) -> String {
        let scalars = Array(text.unicodeScalars.prefix(width - 1))
        var out = String(String.UnicodeScalarView(scalars))
        out += String(repeating: " ", count: max(0, width - scalars.count))
        return out
    }
}
