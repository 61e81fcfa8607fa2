import PaneModels
import TerminalUI

/// Where everything goes for a given state. Pure, so the reducer (mouse hits) and the renderer agree.
public struct DashboardLayout: Sendable, Equatable {
    /// Below this size the dashboard shows only "terminal too small".
    public static let minimumSize = Size(width: 60, height: 18)

    public var tooSmall: Bool
    public var status: Rect
    public var panes: [PaneID: Rect]
    public var caption: Rect
    public var hint: Rect

    public init(state: AppState) {
        let size = state.size
        let full = Rect(size: size)
        tooSmall = size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
        let (statusRow, rest) = full.splitTop(1)
        // The caption (the preset's claim and formula, or the edited set-up's description: the text the status
        // bar draws) gets every row it needs wrapped — a claim cut mid-sentence is worse than a smaller plot —
        // as long as the body keeps ``minimumBodyRows``; `c` hides it. In presentation mode the caption is the
        // pane's explanation, large: a quarter of the screen.
        let captionRows = state.presenting ? max(3, min(10, size.height / 4))
            : (state.showCaption ? Self.captionRows(state.model.map { StatusBar.captionText(state, $0) }, width: size.width,
                                                    limit: Self.captionLimit(height: size.height)) : 0)
        let (body, bottom) = rest.splitBottom(captionRows + 1)
        let (captionRow, hintRow) = bottom.splitTop(captionRows)
        status = statusRow
        caption = captionRow
        hint = hintRow
        panes = [:]
        if tooSmall { return }
        if state.presenting {
            panes[state.focus] = body
            return
        }
        if state.zoomed || state.presetPane?.fillsBody == true {
            panes[state.zoomed ? state.focus : state.mainPane] = body
            return
        }
        let cols = Layout.split(body, .horizontal, [.percentage(58), .fill(1)])
        let left = Layout.split(cols[0], .vertical, [.fill(2), .fill(1)])
        let right = Layout.split(cols[1], .vertical, [.fill(1), .fill(1)])
        // The main pane takes the big slot; the loss (when shown) the wide one under it; the other side panes
        // the right column, in the order the preset names them.
        let visible = state.visiblePanes
        panes[visible[0]] = left[0]
        var side = Array(visible.dropFirst())
        let wide = side.firstIndex(of: .loss) ?? (side.count == 3 ? 2 : nil)
        if let wide { panes[side.remove(at: wide)] = left[1] }
        for (pane, area) in zip(side, [right[0], right[1], left[1]]) { panes[pane] = area }
    }

    /// Rows the body (the panes) keeps whatever the caption needs: at the minimum size 18 rows leave the
    /// caption 4, at 80×24 10 — more than any shipped caption needs at that width.
    public static let minimumBodyRows = 12

    /// The most rows a caption may take on a screen `height` rows high (status and hint rows excluded).
    static func captionLimit(height: Int) -> Int { max(1, height - 2 - minimumBodyRows) }

    /// Rows `text` (the caption as drawn, without its leading space) needs at `width`, wrapped at spaces as
    /// the status bar draws it (at most `limit`; one row when there is no text yet).
    static func captionRows(_ text: String?, width: Int, limit: Int) -> Int {
        guard let text else { return min(limit, 1) }
        return max(1, min(limit, StatusBar.wrap(" " + text, width: width, rows: limit + 1).count))
    }

    /// The pane under a cell, if any.
    public func pane(atX x: Int, y: Int) -> PaneID? {
        for (id, r) in panes where r.contains(x: x, y: y) { return id }
        return nil
    }
}
