import PaneModels
import TerminalUI

/// One session's panel in compare mode: a frame titled with its number and label (highlighted when the
/// keys act on it alone, red with DIVERGED when it diverged), a line of its numbers, its message, then
/// its own panes — the fit (1D) or decision map (2D), the loss curve and λmax — as the room allows.
enum ComparePanel {
    /// Axes shared by all panels of a frame.
    struct Scales {
        var loss: LossAxes?
        var lambda: LambdaPane.Axes?
    }

    /// "running · step 1200 · loss 0.0123 · test 0.0150 · λmax 3.2 · adam lr 0.01 · sine data · tanh ·
    /// 850 steps/s", packed
    /// into at most `rows` lines of `width` (whole items per line, in that order of importance; an item
    /// that no longer fits is left out rather than cut, so the numbers a claim needs come first).
    static func infoLines(_ s: CompareSession, width: Int, rows: Int) -> [String] {
        var lines: [String] = []
        for part in infoParts(s) {
            if let last = lines.last, last.unicodeScalars.count + 3 + part.unicodeScalars.count <= width {
                lines[lines.count - 1] = last + " · " + part
            } else if lines.count < rows {
                lines.append(part)
            }
        }
        return lines
    }

    static func infoParts(_ s: CompareSession) -> [String] {
        let a = s.app
        var parts: [String] = []
        if let at = a.model?.divergedAtStep {
            parts.append("DIVERGED at step \(at), paused")
        } else {
            parts.append(StatusBar.runText(a))
        }
        if let m = a.model { parts.append("step \(m.step)") }
        if let m = a.model { parts.append("loss " + Fmt.num(m.loss)) }
        if a.showTestData, let t = a.model?.lossCurves.test.last(where: \.isFinite) { parts.append("test " + Fmt.num(t)) }
        if let v = s.lambdas.values.last { parts.append("λmax " + Fmt.num(v)) }
        parts.append("\(a.preset.training.optimizer.name.rawValue) lr \(Fmt.rate(a.preset.training.optimizer.lr))")
        // What it trains on and with (after the numbers a claim needs: whole items, dropped first).
        parts.append(a.preset.data.kind.name + " data")
        if let act = a.preset.model.hiddenActivationsText { parts.append(act) }
        if a.running, a.model?.divergedAtStep == nil { parts.append("\(Int(a.stepsPerSecond.rounded())) steps/s") }
        return parts
    }

    static func render(_ state: CompareState, _ i: Int, area: Rect, scales: Scales, into buffer: inout Buffer,
                       context ctx: inout RenderContext) {
        let s = state.sessions[i]
        let theme = ctx.theme
        let focused = state.focused == i
        let diverged = s.app.model?.divergedAtStep != nil
        var title = (focused ? "▶ " : "") + state.title(i)
        if diverged { title += " · DIVERGED" }
        if theme.ascii { title = title.replacingOccurrences(of: "▶", with: ">") }
        buffer.fill(area)
        let inner = buffer.drawBox(area, title: title, glyphs: theme.glyphs,
                                   border: focused ? theme.focusedBorder : theme.border,
                                   titleStyle: diverged ? theme.error : (focused ? theme.focusedTitle : theme.title))
        guard !inner.isEmpty else { return }
        let info = infoLines(s, width: inner.width, rows: infoRows(inner))
        for (k, line) in info.enumerated() {
            buffer.write(line, x: inner.x, y: inner.y + k, style: diverged ? theme.error : theme.text, clip: inner)
        }
        let rest = inner.splitTop(info.count).1
        let lines = messageLines(s, rest)
        for (k, line) in lines.enumerated() {
            buffer.write(line, x: rest.x, y: rest.y + k, style: diverged ? theme.error : theme.warning, clip: rest)
        }
        let a = s.app
        for (pane, cell) in placement(s, inner: inner) {
            switch pane {
            case .loss:
                loss(a, area: cell, scales: scales, into: &buffer, context: &ctx)
            case .spectrum:
                // λmax over training; a diverged session keeps its own axes, over its loss pane's steps.
                let own = diverged ? LambdaPane.sharedAxes([s.lambdas], through: a.model?.lossCurves.steps.last) : scales.lambda
                LambdaPane.render(s.lambdas, computing: a.hessianComputing, axes: own, shared: !diverged,
                                  divergedAt: a.model?.divergedAtStep, into: &buffer, area: cell, context: &ctx)
            default:
                DashboardRenderer.renderPane(pane, a, into: &buffer, area: cell, context: &ctx)
            }
        }
    }

    static func infoRows(_ inner: Rect) -> Int { inner.height >= 6 ? 2 : 1 }

    /// The session's message under its numbers (where there is room).
    static func messageLines(_ s: CompareSession, _ rest: Rect) -> [String] {
        guard let msg = s.app.message, rest.height >= 6 else { return [] }
        return TextFit.wrapped(msg, width: rest.width, rows: rest.height >= 14 ? 2 : 1)
    }

    /// Where session `s`'s panes go inside its frame (`inner`): the main plot, the loss and the third pane
    /// (the one the preset names beside the loss — activations, kinks —, else λmax as `.spectrum`), as the
    /// room allows. Pure: the renderer draws this, and tests read what a panel shows.
    static func placement(_ s: CompareSession, inner: Rect) -> [(PaneID, Rect)] {
        guard !inner.isEmpty else { return [] }
        let info = infoLines(s, width: inner.width, rows: infoRows(inner))
        var rest = inner.splitTop(info.count).1
        rest = rest.splitTop(messageLines(s, rest).count).1
        guard rest.height >= 3, rest.width >= 8 else { return [] }
        let a = s.app
        let main = a.mainPane
        let third = namedSidePane(a) ?? .spectrum
        if rest.height >= 12 {
            // Main plot on top; loss and the third pane under it, side by side (stacked when narrow).
            let rows = Layout.split(rest, .vertical, [.fill(3), .fill(2)])
            let split: Direction = rows[1].width >= 36 || rows[1].height < 8 ? .horizontal : .vertical
            let cells = Layout.split(rows[1], split, [.fill(3), .fill(2)])
            return [(main, rows[0]), (.loss, cells[0]), (third, cells[1])]
        } else if rest.width >= 72 {
            let cols = Layout.split(rest, .horizontal, [.fill(1), .fill(1), .fill(1)])
            return [(main, cols[0]), (.loss, cols[1]), (third, cols[2])]
        } else if rest.width >= 30 {
            // A small panel keeps what the compare claims are about: the loss (train and test) and λmax (or
            // the named pane); the main plot's numbers are in the info line.
            let cols = Layout.split(rest, .horizontal, [.fill(1), .fill(1)])
            return [(.loss, cols[0]), (third, cols[1])]
        }
        return [(.loss, rest)]
    }

    /// The pane a compare preset names in place of λmax (`activations` or `kinks`), if any.
    static func namedSidePane(_ a: AppState) -> PaneID? {
        a.model?.namedPanes.first { $0 == .activations || $0 == .kinks }
    }

    /// A diverged session's loss keeps its own axes (see ``CompareRenderer/sharedScales(_:)``).
    static func loss(_ a: AppState, area: Rect, scales: Scales, into buffer: inout Buffer, context ctx: inout RenderContext) {
        LossPane.render(a.model?.lossCurves, showTest: a.showTestData, into: &buffer, area: area, focused: false,
                        context: &ctx, shared: a.model?.divergedAtStep == nil ? scales.loss : nil)
    }
}
