import PaneModels
import TerminalUI

/// The pure update function: applies an event to the state and returns the effects the runtime must
/// perform. No I/O, no clocks, no randomness: the same events always give the same state.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .key(let key):
            guard let action = Keymap.action(for: key) else { return [] }
            return apply(action, to: &state)
        case .mouse(let m):
            return mouse(m, &state)
        case .resize(let size):
            state.size = size
            return []
        case .tick(let fps, let sps):
            state.ticks &+= 1
            state.fps = fps.isFinite ? max(0, fps) : 0
            state.stepsPerSecond = sps.isFinite ? max(0, sps) : 0
            return []
        case .snapshot(let model):
            let wasDiverged = state.model?.divergedAtStep != nil
            let first = state.model == nil
            if first { state.showCaption = model.captionAtStart }
            state.model = model
            if first { state.focus = state.mainPane }   // `z` zooms the main plot, not the loss
            if let point = model.singularValues {
                var history = state.singularValues ?? SingularValuesViewModel()
                history.append(point)
                state.singularValues = history
            }
            if !state.visiblePanes.contains(state.focus) { state.focus = state.mainPane }
            if let at = model.divergedAtStep, !wasDiverged {
                state.running = false
                state.message = "diverged at step \(at): lower the learning rate with - and reset with r"
                return [.setRunning(false)]
            }
            return []
        case .hessianStarted:
            state.hessianComputing = true
            return []
        case .spectrum(let s):
            if s != state.spectrum { state.spectrumTick = state.ticks }
            state.spectrum = s
            state.hessianComputing = false
            return []
        case .status(let text):
            state.message = text
            return []
        case .gradcheck(let result):
            // A result for an overlay closed meanwhile is dropped.
            if state.gradcheck != nil { state.gradcheck = result }
            return []
        case .lecture(let update):
            LectureReducer.apply(update, to: &state)
            return []
        case .doubleDescent(let sweep):
            state.doubleDescent = sweep
            return []
        }
    }

    /// What an action does.
    public static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        state.message = nil
        if state.presetPane?.fillsBody == true, sweepIgnores.contains(action) {
            state.message = "a sweep trains no network: r new draw (next seed), R recompute, q quit"
            return []
        }
        switch action {
        case .togglePause:
            state.running.toggle()
            return [.setRunning(state.running)]
        case .singleStep:
            state.running = false
            return [.setRunning(false), .step(1)]
        case .faster:
            state.stepsPerFrame = min(AppState.maxStepsPerFrame, state.stepsPerFrame * 2)
            return [.setStepsPerFrame(state.stepsPerFrame)]
        case .slower:
            state.stepsPerFrame = max(1, state.stepsPerFrame / 2)
            return [.setStepsPerFrame(state.stepsPerFrame)]
        case .resetNewSeed:
            state.config.seed &+= 1
            return rebuild(&state)
        case .resetSameSeed:
            return rebuild(&state)
        case .learningRateUp, .learningRateDown:
            let factor = action == .learningRateUp ? 2.0 : 0.5
            let range = ModelConfig.learningRateRange
            let lr = state.config.learningRate * factor
            state.config.learningRate = lr.isFinite ? min(range.upperBound, max(range.lowerBound, lr)) : range.lowerBound
            return [.setLearningRate(state.config.learningRate)]
        case .nextOptimizer:
            state.config.optimizer = next(state.config.optimizer, in: state.choices.optimizers)
            return rebuild(&state)
        case .nextActivation:
            state.config.activation = next(state.config.activation, in: state.choices.activations)
            return rebuild(&state)
        case .selectLayerUp:
            state.selectedLayer = max(0, state.selectedLayer - 1)
            return []
        case .selectLayerDown:
            // The Jacobian pane can also show the output layer's ∂f_L/∂vec(W_L) (one past the hidden layers);
            // the editing keys clamp to the last hidden layer.
            let last = state.config.hiddenWidths.count - (state.presetPane == .jacobian ? 0 : 1)
            state.selectedLayer = max(0, min(last, state.selectedLayer + 1))
            return []
        case .narrower, .wider:
            guard !state.config.hiddenWidths.isEmpty else { state.message = "no hidden layer"; return [] }
            let i = clampedLayer(state)
            let w = state.config.hiddenWidths[i]
            let nw = action == .wider ? min(ModelConfig.maxWidth, w + 1) : max(1, w - 1)
            if nw == w {
                state.message = action == .wider ? "width \(w) is the maximum" : "width 1 is the minimum"
                return []
            }
            state.config.hiddenWidths[i] = nw
            return rebuild(&state)
        case .removeLayer:
            guard state.config.hiddenWidths.count > 1 else {
                state.message = "at least one hidden layer"
                return []
            }
            state.config.hiddenWidths.remove(at: clampedLayer(state))
            state.selectedLayer = min(state.selectedLayer, state.config.hiddenWidths.count - 1)
            return rebuild(&state)
        case .addLayer:
            guard state.config.hiddenWidths.count < ModelConfig.maxDepth else {
                state.message = "\(ModelConfig.maxDepth) hidden layers is the maximum"
                return []
            }
            guard !state.config.hiddenWidths.isEmpty else {
                state.config.hiddenWidths = [8]
                state.selectedLayer = 0
                return rebuild(&state)
            }
            let i = clampedLayer(state)
            state.config.hiddenWidths.insert(state.config.hiddenWidths[i], at: i + 1)
            state.selectedLayer = i + 1
            return rebuild(&state)
        case .nextDataset:
            state.config.dataset = next(state.config.dataset, in: state.choices.datasets)
            return rebuild(&state)
        case .newNoise:
            state.config.noiseSeed &+= 1
            return rebuild(&state)
        case .saveSession:
            state.message = "saving…"
            return [.saveSession]
        case .hessianNow:
            return [.computeHessian]
        case .toggleAutoHessian:
            state.autoHessian.toggle()
            return [.setAutoHessian(state.autoHessian)]
        case .toggleBoundaries:
            state.showBoundaries.toggle()
            return []
        case .toggleKinks:
            state.showKinks.toggle()
            return []
        case .toggleTestData:
            state.showTestData.toggle()
            return []
        case .toggleStepAxis:
            state.stepScale = state.stepScale.next
            state.message = "step axis: \(state.stepScale.rawValue)" + (state.stepScale == .auto ? " (log once the steps span > 2 decades)" : "")
            return []
        case .toggleCaption, .gradcheck, .toggleStacking:
            return LectureReducer.apply(action, to: &state)
        case .focusSession, .focusAll:
            state.message = "sessions exist in compare mode only: nnviz --compare A,B"
            return []
        case .focusNext:
            let panes = state.visiblePanes
            let i = panes.firstIndex(of: state.focus) ?? -1
            state.focus = panes[(i + 1) % panes.count]
            return []
        case .toggleZoom:
            if state.presenting { state.message = "presentation mode shows one pane: ← → to change it"; return [] }
            state.zoomed.toggle()
            return []
        case .previousPane, .nextPane:
            guard state.presenting else {
                state.message = "← → change the pane in presentation mode (nnviz --present)"
                return []
            }
            let panes = state.visiblePanes
            let i = panes.firstIndex(of: state.focus) ?? 0
            let step = action == .nextPane ? 1 : panes.count - 1
            state.focus = panes[(i + step) % panes.count]
            return []
        case .toggleHelp:
            state.showHelp.toggle()
            return []
        case .closeOverlay:
            if state.showHelp {
                state.showHelp = false
            } else if state.gradcheck != nil {
                state.gradcheck = nil
            } else {
                state.zoomed = false
            }
            return []
        case .quit:
            state.quitRequested = true
            return [.quit]
        }
    }

    /// A click focuses the pane under it; on the 2D map it also adds a data point
    /// (left: class 0; right or shift-left: class 1).
    static func mouse(_ m: MouseEvent, _ state: inout AppState) -> [Effect] {
        let layout = DashboardLayout(state: state)
        guard !layout.tooSmall, !state.showHelp, state.gradcheck == nil, let pane = layout.pane(atX: m.x, y: m.y) else { return [] }
        state.focus = pane
        guard pane == .regions, let area = layout.panes[.regions], let map = state.model?.regions,
              let point = RegionsPane.dataPoint(atX: m.x, y: m.y, area: area, model: map) else { return [] }
        let label = m.button == .right || m.shift ? 1 : 0
        return [.addPoint(x: point.x, y: point.y, label: label)]
    }

    /// What a sweep (an experiment preset: no network, nothing to train or edit) does not do.
    static let sweepIgnores: Set<Action> = [
        .togglePause, .singleStep, .faster, .slower, .learningRateUp, .learningRateDown, .nextOptimizer,
        .nextActivation, .selectLayerUp, .selectLayerDown, .narrower, .wider, .removeLayer, .addLayer,
        .nextDataset, .newNoise, .hessianNow, .toggleAutoHessian, .saveSession, .gradcheck,
    ]

    static func rebuild(_ state: inout AppState) -> [Effect] {
        state.spectrum = nil
        state.singularValues = nil
        state.doubleDescent = nil
        state.hessianComputing = false
        return [.rebuild(state.config)]
    }

    static func clampedLayer(_ state: AppState) -> Int {
        max(0, min(state.config.hiddenWidths.count - 1, state.selectedLayer))
    }

    static func next(_ current: String, in list: [String]) -> String {
        guard !list.isEmpty else { return current }
        let i = list.firstIndex(of: current) ?? -1
        return list[(i + 1) % list.count]
    }
}
