import TerminalUI

/// The mark a history pane puts where its run blew up: a ✕ on the last finite value and "diverged @N" beside
/// it (right of the mark, or left of it near the right edge; one row lower on the top row). The loss and λmax
/// panes share it so a diverged session reads the same in both.
enum DivergenceMark {
    /// `fx`, `fy`: the last finite value's position as fractions of the plot (0 = left and top, 1 = right and
    /// bottom); nothing is drawn when either is not finite.
    static func draw(at step: Int, fx: Double, fy: Double, plot: Rect, into buffer: inout Buffer, theme: Theme) {
        guard fx.isFinite, fy.isFinite, plot.width > 0, plot.height > 0 else { return }
        let cx = plot.x + min(plot.width - 1, max(0, Int((fx * Double(plot.width - 1)).rounded())))
        let cy = plot.y + min(plot.height - 1, max(0, Int((fy * Double(plot.height - 1)).rounded())))
        buffer.write(theme.ascii ? "x" : "✕", x: cx, y: cy, style: theme.error, clip: plot)
        let text = "diverged @\(step)"
        let tx = cx + 2 + text.count <= plot.maxX ? cx + 2 : max(plot.x, cx - 1 - text.count)
        let ty = cy == plot.y && plot.height > 1 ? cy + 1 : cy
        buffer.write(text, x: tx, y: ty, style: theme.error, clip: plot)
    }
}
