import NNSession
import PaneModels

extension AppState {
    /// The lecture pane a preset's view asks for (the first of its panes that has one), and the start
    /// state that goes with it: an experiment preset (double descent) trains nothing, so it starts paused
    /// with the automatic Hessian off.
    /// The panes a preset's view can put in the big slot.
    public static var presetPanes: [PaneID] { PaneID.presetPanes }

    public mutating func apply(presetView preset: Preset) {
        let panes = preset.view.panes.compactMap(PaneID.init(rawValue:))
        presetPane = panes.first { Self.presetPanes.contains($0) }
        if preset.experiment != nil {
            presetPane = .doubleDescent
            running = false
            autoHessian = false
        }
        // A geometry pane the view names takes the big slot (its key gives the slot back).
        landscape.pane = preset.experiment == nil ? panes.first { LandscapeState.panes.contains($0) } : nil
        if let p = landscape.pane ?? presetPane { focus = p }
        applyPictureView(preset.view.panes)
    }
}
