import PaneModels
import TerminalUI

/// Where compare mode puts things: a status row, one panel per session (2 side by side, 3–4 as a 2×2
/// grid; with 3 the fourth cell holds a summary table), an optional caption row and the hint row. The
/// zoomed session gets the whole body. Pure, so clicks (reducer) and drawing (renderer) agree.
public struct CompareLayout: Sendable, Equatable {
    /// Below this size compare mode shows only "terminal too small" (the single dashboard's minimum).
    public static let minimumSize = DashboardLayout.minimumSize

    public var tooSmall: Bool
    public var status: Rect
    public var caption: Rect
    public var hint: Rect
    /// One rectangle per session (empty for a session hidden by the zoom).
    public var panels: [Rect]
    /// The table of all sessions' numbers (three sessions only), or an empty rectangle.
    public var summary: Rect

    public init(state: CompareState) {
        let size = state.size
        let full = Rect(size: size)
        let n = state.sessions.count
        tooSmall = size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
        let (statusRow, rest) = full.splitTop(1)
        // Presentation mode: the caption is the session's label, the preset's claim and its numbers, large.
        // Otherwise the caption as drawn (the preset's claim, or the edited set-up), wrapped, in every row it
        // needs while the panels keep ``DashboardLayout/minimumBodyRows``.
        let captionRows = state.presenting ? max(3, min(10, size.height / 4))
            : DashboardLayout.captionRows(CompareRenderer.captionText(state), width: size.width,
                                          limit: DashboardLayout.captionLimit(height: size.height))
        let (body, bottom) = rest.splitBottom(captionRows + 1)
        let (captionRow, hintRow) = bottom.splitTop(captionRows)
        status = statusRow
        caption = captionRow
        hint = hintRow
        let none = Rect(x: 0, y: 0, width: 0, height: 0)
        panels = Array(repeating: none, count: n)
        summary = none
        if tooSmall || n == 0 { return }
        if state.presenting {
            if panels.indices.contains(state.shown) { panels[state.shown] = body }
            return
        }
        if state.zoomed, let f = state.focused, panels.indices.contains(f) {
            panels[f] = body
            return
        }
        if n <= 2 {
            let cols = Layout.split(body, .horizontal, Array(repeating: .fill(1), count: n))
            for i in 0..<n { panels[i] = cols[i] }
            return
        }
        let rows = Layout.split(body, .vertical, [.fill(1), .fill(1)])
        var cells: [Rect] = []
        for r in rows { cells += Layout.split(r, .horizontal, [.fill(1), .fill(1)]) }
        for i in 0..<min(n, 4) { panels[i] = cells[i] }
        if n == 3 { summary = cells[3] }
    }

    /// The panes session `i`'s panel shows and where (λmax as `.spectrum`): what a compare preset names must
    /// be here (the preset parser refuses names compare mode does not show).
    public func panes(of state: CompareState, session i: Int) -> [PaneID: Rect] {
        guard panels.indices.contains(i), state.sessions.indices.contains(i), panels[i].width >= 2, panels[i].height >= 2
        else { return [:] }
        return Dictionary(ComparePanel.placement(state.sessions[i], inner: panels[i].inset(by: 1)), uniquingKeysWith: { a, _ in a })
    }

    /// The session whose panel holds a cell, if any.
    public func session(atX x: Int, y: Int) -> Int? {
        panels.firstIndex { $0.contains(x: x, y: y) }
    }
}
