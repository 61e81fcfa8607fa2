import PaneModels
import TerminalUI

/// Draws the whole dashboard for a state: status bar, panes (or the zoomed one), caption, hints,
/// the help overlay, or "terminal too small" below the minimum size. Pure: state in, cells out.
public enum DashboardRenderer {
    public static func render(_ state: AppState, into buffer: inout Buffer, context ctx: inout RenderContext) {
        buffer.resize(width: state.size.width, height: state.size.height)
        buffer.clear()
        let layout = DashboardLayout(state: state)
        let screen = buffer.bounds
        if layout.tooSmall {
            let need = DashboardLayout.minimumSize
            let times = ctx.theme.ascii ? "x" : "×"
            let mid = screen.height / 2
            buffer.writeCentered("terminal too small: need \(need.width)\(times)\(need.height)", in: screen,
                                 y: max(0, mid - 1), style: ctx.theme.warning)
            buffer.writeCentered("(now \(state.size.width)\(times)\(state.size.height))", in: screen, y: mid,
                                 style: ctx.theme.dim)
            if ctx.theme.ascii { buffer.asciify() }
            return
        }
        ctx.stepScale = state.stepScale
        StatusBar.render(state, layout: layout, into: &buffer, theme: ctx.theme)
        for (pane, area) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            renderPane(pane, state, into: &buffer, area: area, context: &ctx)
        }
        if let overlay = state.gradcheck, !state.showHelp {
            GradcheckOverlayView.render(overlay, into: &buffer, screen: screen, theme: ctx.theme)
        }
        if let panel = state.settings, !state.showHelp {
            let layer = panel.activationLayer.flatMap { l in l < state.preset.model.activations.count - 1 ? state.preset.model.activations[l].name : nil }
            SettingsPanelView.render(knobs: state.setup.knobs, panel: panel, message: state.message, layerActivation: layer, into: &buffer,
                                     screen: Rect(x: 0, y: layout.status.maxY, width: screen.width,
                                                  height: max(0, layout.hint.y - layout.status.maxY)), theme: ctx.theme)
        }
        if state.showHelp { HelpOverlay.render(into: &buffer, screen: screen, theme: ctx.theme) }
        if ctx.theme.ascii { buffer.asciify() }
    }

    /// One pane into `area` (used by the dashboard and directly by tests).
    public static func renderPane(_ pane: PaneID, _ s: AppState, into buffer: inout Buffer, area: Rect,
                                  context ctx: inout RenderContext) {
        let focused = s.focus == pane
        switch pane {
        case .fit:
            FitPane.render(s.model?.fit, showKinks: s.showKinks, showTest: s.showTestData, into: &buffer, area: area,
                           focused: focused, context: &ctx)
        case .regions:
            RegionsPane.render(s.model?.regions, showBoundaries: s.showBoundaries, showTest: s.showTestData,
                               layer: s.selectedLayer, selectedUnit: s.selectedUnit, discretize: s.discretize,
                               into: &buffer, area: area,
                               focused: focused, context: &ctx)
        case .activeCount:
            ActiveUnitsPane.render(s.model?.regions, showBoundaries: s.showBoundaries, layer: Int.max, into: &buffer,
                                   area: area, focused: focused, context: &ctx)
        case .loss:
            LossPane.render(s.model?.lossCurves, showTest: s.showTestData, into: &buffer, area: area, focused: focused,
                            context: &ctx)
        case .spectrum:
            SpectrumPane.render(s.spectrum, currentStep: s.model?.step, computing: s.hessianComputing,
                                autoHessian: s.autoHessian, ageSeconds: s.spectrumAge, paused: !s.running,
                                into: &buffer, area: area, focused: focused, context: &ctx)
        case .network:
            NetworkPane.render(s.model?.network, selectedHidden: s.selectedLayer, selectedUnit: s.selectedUnit, into: &buffer, area: area,
                               focused: focused, context: &ctx)
        case .jacobian:
            JacobianPane.render(s.model?.jacobian, layer: s.selectedLayer, stacking: s.jacobianStacking, into: &buffer,
                                area: area, focused: focused, context: &ctx)
        case .autodiffCost:
            AutodiffCostPane.render(counts: s.model?.autodiffCounts, measured: s.lecture.cost, failure: s.lecture.failure,
                                    into: &buffer, area: area, focused: focused, context: &ctx)
        case .ntk:
            NTKPane.render(s.lecture.ntk, failure: s.lecture.failure, into: &buffer, area: area, focused: focused,
                           context: &ctx)
        case .singularValues:
            SingularValuesPane.render(s.singularValues, into: &buffer, area: area, focused: focused, context: &ctx)
        case .activations:
            ActivationsPane.render(s.model?.activations, into: &buffer, area: area, focused: focused, context: &ctx)
        case .kinks:
            KinksPane.render(s.model?.fit, into: &buffer, area: area, focused: focused, context: &ctx)
        case .doubleDescent:
            DoubleDescentPane.render(s.doubleDescent, into: &buffer, area: area, focused: focused, context: &ctx)
        case .landscape:
            LandscapePane.render(s.landscape.landscape, computing: s.landscape.landscapeComputing, into: &buffer, area: area,
                                 focused: focused, context: &ctx)
        case .sharpness:
            var m = s.landscape.sharpness
            m?.logSteps = s.landscape.logSteps
            SharpnessPane.render(m, computing: s.landscape.sharpnessComputing, into: &buffer, area: area, focused: focused,
                                 context: &ctx)
        case .flatDirections:
            FlatDirectionsPane.render(s.landscape.flat, computing: s.landscape.flatComputing, into: &buffer, area: area,
                                      focused: focused, context: &ctx)
        }
    }
}
