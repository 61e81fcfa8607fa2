import PaneModels

/// The picture keys: `<` `>` select a unit of the selected layer (the network pane shows it large, the map
/// highlights its line), `v` shows the active-unit map in place of the spectrum (2D input).
enum PictureReducer {
    static func apply(_ action: Action, to state: inout AppState) {
        switch action {
        case .selectUnitPrev, .selectUnitNext:
            let width = layerWidth(state)
            let step = action == .selectUnitNext ? 1 : -1
            state.selectedUnit = max(0, min(width - 1, min(width - 1, state.selectedUnit) + step))
            let layer = max(0, min(state.hiddenWidths.count - 1, state.selectedLayer))
            state.message = "unit h\(layer + 1)·\(state.selectedUnit + 1) of \(width) selected"
        case .toggleActiveMap:
            guard state.model?.inputDimension == 2 else {
                state.message = "the active-unit map needs a 2D input"
                return
            }
            guard state.presetPane == nil else {
                state.message = "this preset's own pane is on screen: no room for the active-unit map"
                return
            }
            state.showActiveMap.toggle()
            state.message = "active-unit map " + (state.showActiveMap ? "on" : "off")
            if !state.visiblePanes.contains(state.focus) { state.focus = state.mainPane }
        default:
            break
        }
    }

    /// Units of the selected hidden layer (1 when there is none).
    static func layerWidth(_ state: AppState) -> Int {
        let widths = state.hiddenWidths
        guard !widths.isEmpty else { return 1 }
        return max(1, widths[max(0, min(widths.count - 1, state.selectedLayer))])
    }
}

extension AppState {
    /// A preset whose view names `active_count` is about linear regions: it opens with the active-unit map and
    /// the exact region boundaries on.
    mutating func applyPictureView(_ panes: [String]) {
        if panes.contains(PaneID.activeCount.rawValue) {
            showActiveMap = true
            showBoundaries = true
        }
    }
}
