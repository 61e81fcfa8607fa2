import NNCore
import NNSession
import PaneModels
import TerminalUI

/// The pure update function: applies an event to the state and returns the effects the runtime must
/// perform. No I/O, no clocks, no randomness: the same events always give the same state. Time arrives as
/// `.tick(now:)` events, so every timing rule (steps this frame, when a spectrum is due, how fast a sweep
/// is revealed, which results are stale) is decided here and tested like the rest.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .key(let key):
            if let effects = SettingsReducer.key(key, &state) { return effects }
            guard let action = Keymap.action(for: key) else { return [] }
            return apply(action, to: &state)
        case .mouse(let m):
            return mouse(m, &state)
        case .resize(let size):
            state.size = size
            return []
        case .tick(let now):
            var effects = tick(&state, now: now)
            let n = state.paceClock.steps(at: now, pace: state.pace, running: state.running && trains(state))
            if n > 0 { effects.append(.trainSteps(n)) }
            return effects
        case .snapshot(let model):
            return snapshot(model, &state)
        case .spectrum(let s, let build):
            guard build == state.build else { return [] }   // a spectrum of the session before a rebuild
            if let s, s != state.spectrum { state.spectrumAt = state.now }
            state.spectrum = s ?? state.spectrum
            state.hessianComputing = false
            return []
        case .status(let text):
            state.message = text
            return []
        case .gradcheck(let result):
            // A result for an overlay closed meanwhile is dropped.
            if state.gradcheck != nil { state.gradcheck = result }
            return []
        case .lecture(let update, let key):
            guard key == state.lectureKey else { return [] }   // work for an older shape or seed
            LectureReducer.apply(update, to: &state)
            return []
        case .doubleDescent(let sweep):
            guard sweep.seed == state.preset.experiment?.doubleDescent.seed else { return [] }
            state.sweep.computed = sweep
            state.doubleDescent = state.sweep.visible
            return []
        case .landscape(let update, let build):
            return LandscapeReducer.apply(update, build: build, to: &state)
        }
    }

    /// The time-driven part of a tick that every session has, in single and compare mode: rates and the
    /// sweep's reveal (the pace's steps are granted by the caller: per session here, once for all in compare).
    static func tick(_ state: inout AppState, now: Double) -> [Effect] {
        let dt = state.now.map { min(max(0, now - $0), PaceClock.maxGap) } ?? 0
        state.now = now
        state.ticks &+= 1
        if let (fps, sps) = state.rates.tick(now: now, step: state.model?.step ?? 0) {
            state.fps = fps
            state.stepsPerSecond = state.running ? sps : 0
        }
        if let computed = state.sweep.computed, Int(state.sweep.shown) < computed.widths.count {
            state.sweep.shown += SweepReveal.pointsPerSecond * dt
            if state.sweep.shown < 1 { state.sweep.shown = 1 }
            state.doubleDescent = state.sweep.visible
        }
        return []
    }

    /// Whether the session trains a network (a sweep does not).
    static func trains(_ state: AppState) -> Bool { state.presetPane?.fillsBody != true }

    static func snapshot(_ model: DashboardModel, _ state: inout AppState) -> [Effect] {
        guard model.build == state.build else { return [] }   // a snapshot of the session before a rebuild
        let wasDiverged = state.model?.divergedAtStep != nil
        let wasStopped = state.model?.stoppedEarly == true
        let first = state.model == nil
        state.model = model
        if first { state.focus = state.mainPane }   // `z` zooms the main plot, not the loss
        if let point = model.singularValues {
            var history = state.singularValues ?? SingularValuesViewModel()
            history.append(point)
            state.singularValues = history
        }
        if !state.visiblePanes.contains(state.focus) { state.focus = state.mainPane }
        var effects: [Effect] = []
        if let at = model.divergedAtStep, !wasDiverged {
            state.running = false
            state.message = "diverged at step \(at): lower the learning rate with - and reset with r"
            effects.append(.setRunning(false))
        } else if model.stoppedEarly, !wasStopped, state.running {
            state.running = false
            state.message = "stopped early at step \(model.step): the test loss stopped improving (best weights restored)"
            effects.append(.setRunning(false))
        }
        if state.autoHessian, state.spectrumOnScreen, !state.hessianComputing, model.divergedAtStep == nil, trains(state),
           state.spectrumPolicy.isDue(step: model.step, now: state.now) {
            effects.append(startSpectrum(&state, step: model.step))
        }
        if let key = model.lectureJobKey, key != state.lectureKey {
            state.lectureKey = key
            effects.append(.startJob(.lecture))
        }
        return effects + LandscapeReducer.due(&state)
    }

    static func startSpectrum(_ state: inout AppState, step: Int) -> Effect {
        state.hessianComputing = true
        state.spectrumPolicy.lastStep = step
        state.spectrumPolicy.lastTime = state.now
        return .startJob(state.spectrumPolicy.job)
    }

    /// What an action does. Every action leaves a one-line message saying what happened (or why not).
    public static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        state.message = nil
        if state.presetPane?.fillsBody == true, sweepIgnores.contains(action) {
            state.message = "a sweep trains no network: r new draw (next seed), R recompute, q quit"
            return []
        }
        switch action {
        case .togglePause:
            state.running.toggle()
            state.message = state.running ? "running at \(state.pace)" : "paused"
            return [.setRunning(state.running)]
        case .singleStep:
            state.running = false
            state.message = "one step (paused)"
            return [.setRunning(false), .step(1)]
        case .trainThousand:
            state.message = "training 1,000 steps at once"
            return [.advance(1000)]
        case .faster, .slower:
            let next = action == .faster ? state.pace.faster : state.pace.slower
            guard next != state.pace else {
                state.message = action == .faster ? "\(state.pace) is the fastest" : "\(state.pace) is the slowest"
                return []
            }
            guard let edited = edit(.setPace(next), &state) else { return [] }
            state.preset = edited
            state.message = next.description
            return [.setPace(next)]
        case .resetNewSeed:
            return rebuild(.setTrainingSeed(state.preset.training.seed &+ 1), &state) { "new seed \($0.training.seed): re-initialised" }
        case .resetSameSeed:
            return rebuild(nil, &state) { "re-initialised with seed \($0.training.seed)" }
        case .learningRateUp, .learningRateDown:
            let lr = state.preset.training.optimizer.lr * (action == .learningRateUp ? 2 : 0.5)
            guard let edited = edit(.setLearningRate(lr), &state) else { return [] }
            state.preset = edited
            // The caption's numbers (2/η, "η = 2 blows up") belong to the preset's rate: another rate edits it.
            if lr != state.openedPreset.training.optimizer.lr, !state.preset.caption.isEmpty { state.captionEdited = true }
            state.message = "learning rate \(Fmt.rate(lr))"
            return [.setLearningRate(lr)]
        case .nextOptimizer:
            let next = cycle(state.preset.training.optimizer.name, in: PresetEdit.optimizerChoices)
            return rebuild(.setOptimizer(next), &state) { "optimiser \($0.training.optimizer.name.rawValue)" }
        case .nextActivation:
            let current = state.preset.model.hiddenActivation?.kind.rawValue ?? ""
            let next = cycle(current, in: PresetEdit.activationChoices)
            return rebuild(.setHiddenActivations(name: next), &state) { "activation \($0.model.hiddenActivation?.name ?? next)" }
        case .selectLayerUp, .selectLayerDown:
            // The Jacobian pane can also show the output layer's ∂f_L/∂vec(W_L) (one past the hidden layers);
            // the editing keys clamp to the last hidden layer.
            let last = state.hiddenWidths.count - (state.presetPane == .jacobian ? 0 : 1)
            let step = action == .selectLayerUp ? -1 : 1
            state.selectedLayer = max(0, min(last, state.selectedLayer + step))
            state.message = state.selectedLayer < state.hiddenWidths.count
                ? "h\(state.selectedLayer + 1) selected (width \(state.hiddenWidths[state.selectedLayer]))" : "output layer selected"
            return []
        case .narrower, .wider:
            let i = clampedLayer(state)
            let w = state.hiddenWidths.indices.contains(i) ? state.hiddenWidths[i] : 0
            return rebuild(.setHiddenWidth(hidden: i, width: action == .wider ? w + 1 : w - 1), &state) {
                "h\(i + 1) width \($0.model.hiddenWidths[i]): \(shape($0))"
            }
        case .removeLayer:
            let i = clampedLayer(state)
            let effects = rebuild(.removeHiddenLayer(hidden: i), &state) { "removed h\(i + 1): \(shape($0))" }
            state.selectedLayer = min(state.selectedLayer, max(0, state.hiddenWidths.count - 1))
            return effects
        case .addLayer:
            let i = clampedLayer(state)
            let before = state.hiddenWidths.count
            let effects = rebuild(.duplicateHiddenLayer(hidden: i), &state) { "added a copy of h\(i + 1): \(shape($0))" }
            if state.hiddenWidths.count > before { state.selectedLayer = min(i + 1, state.hiddenWidths.count - 1) }
            return effects
        case .nextDataset:
            let choices = PresetEdit.datasetChoices(for: state.preset)
            guard !choices.isEmpty else {
                state.message = "the data of this preset does not change (a CSV file or an experiment)"
                return []
            }
            return rebuild(.setDataset(cycle(state.preset.data.kind, in: choices)), &state) { "data \($0.data.kind.name)" }
        case .newNoise:
            return rebuild(.setDataSeed(state.preset.data.seed &+ 1), &state) { "new noise (data seed \($0.data.seed))" }
        case .saveSession:
            state.message = "saving…"
            return [.saveSession]
        case .hessianNow:
            guard !state.hessianComputing else {
                state.message = "the Hessian is being computed"
                return []
            }
            state.message = state.spectrumPolicy.job == .lambdaMax ? "computing λmax…" : "computing the Hessian spectrum…"
            return [startSpectrum(&state, step: state.model?.step ?? 0)]
        case .toggleAutoHessian:
            state.autoHessian.toggle()
            state.message = "automatic Hessian " + (state.autoHessian ? "on" : "off")
            return []
        case .toggleBoundaries:
            state.showBoundaries.toggle()
            state.message = "region boundaries " + (state.showBoundaries ? "on" : "off")
            return []
        case .selectUnitPrev, .selectUnitNext, .toggleActiveMap:
            PictureReducer.apply(action, to: &state)
            return []
        case .toggleKinks:
            state.showKinks.toggle()
            state.message = "kink markers " + (state.showKinks ? "on" : "off")
            return []
        case .toggleTestData:
            state.showTestData.toggle()
            state.message = "test data " + (state.showTestData ? "shown" : "hidden")
            return []
        case .toggleStepAxis:
            // One step axis for every history plot, the sharpness pane's included (log unless forced linear).
            state.stepScale = state.stepScale.next
            state.landscape.logSteps = state.stepScale != .linear
            state.message = "step axis: \(state.stepScale.rawValue)" + (state.stepScale == .auto ? " (log once the steps span > 2 decades)" : "")
            return []
        case .toggleCaption, .gradcheck, .toggleStacking:
            return LectureReducer.apply(action, to: &state)
        case .landscapePane, .cycleLandscapeDirections, .sharpnessPane, .flatDirectionsPane:
            return LandscapeReducer.apply(action, to: &state)
        case .focusSession, .focusAll:
            state.message = "sessions exist in compare mode only: nnviz --compare A,B"
            return []
        case .focusNext:
            let panes = state.visiblePanes
            let i = panes.firstIndex(of: state.focus) ?? -1
            state.focus = panes[(i + 1) % panes.count]
            state.message = "focus: \(PresentationBars.name(state.focus))"
            return []
        case .toggleZoom:
            if state.presenting { state.message = "presentation mode shows one pane: ← → to change it"; return [] }
            state.zoomed.toggle()
            state.message = state.zoomed ? "zoomed: \(PresentationBars.name(state.focus)) (z or Esc to return)" : "all panes"
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
        case .settings:
            SettingsReducer.toggle(&state)
            return []
        case .writeSetup:
            return SettingsReducer.write(&state)
        case .erasePoints:
            return SettingsReducer.erase(&state)
        case .toggleDiscretize:
            // Only a classification map has classes to harden: a 1D fit or a regression's value map has none.
            guard let m = state.model, m.inputDimension == 2, state.preset.data.task != .regression else {
                state.message = state.model?.inputDimension == 2 ? "no class map: a regression's map shows values (D hardens classes)"
                    : "no class map: the input is not 2D (D hardens a 2D classification map)"
                return []
            }
            state.discretize.toggle()
            state.message = state.discretize ? "map: hard classes (D: confidence shades)" : "map: confidence shades (D: hard classes)"
            return []
        }
    }

    /// A click focuses the pane under it; on the 2D map it also adds a data point
    /// (left: class 0; right or shift-left: class 1).
    static func mouse(_ m: MouseEvent, _ state: inout AppState) -> [Effect] {
        let layout = DashboardLayout(state: state)
        guard !layout.tooSmall, !state.showHelp, state.gradcheck == nil, let pane = layout.pane(atX: m.x, y: m.y) else { return [] }
        state.focus = pane
        if pane == .fit, let area = layout.panes[.fit], let fit = state.model?.fit, state.model?.inputDimension == 1,
           state.preset.data.task == .regression,
           let point = FitPane.dataPoint(atX: m.x, y: m.y, area: area, model: fit) {
            return SettingsReducer.click([point.x, point.y], &state)
        }
        guard pane == .regions, let area = layout.panes[.regions], let map = state.model?.regions,
              let point = RegionsPane.dataPoint(atX: m.x, y: m.y, area: area, model: map) else { return [] }
        let label = m.button == .right || m.shift ? 1 : 0
        return SettingsReducer.click([point.x, point.y, Double(label)], &state)
    }

    /// What a sweep (an experiment preset: no network, nothing to train or edit) does not do.
    static let sweepIgnores: Set<Action> = [
        .togglePause, .singleStep, .trainThousand, .faster, .slower, .learningRateUp, .learningRateDown, .nextOptimizer,
        .nextActivation, .selectLayerUp, .selectLayerDown, .selectUnitPrev, .selectUnitNext, .toggleActiveMap,
        .narrower, .wider, .removeLayer, .addLayer,
        .nextDataset, .newNoise, .hessianNow, .toggleAutoHessian, .saveSession, .gradcheck,
        .landscapePane, .cycleLandscapeDirections, .sharpnessPane, .flatDirectionsPane, .toggleStepAxis,
        .writeSetup, .erasePoints,
    ]

    /// `edit` applied to the state's preset, or nil with the reason on the hint line.
    static func edit(_ edit: PresetEdit, _ state: inout AppState) -> Preset? {
        do {
            return try PresetEdit.apply(edit, to: state.preset)
        } catch {
            state.message = error.message
            return nil
        }
    }

    /// Applies `edit` (nil: none, a plain reset) and rebuilds the session from the edited preset; the message
    /// says what changed. A refused edit changes nothing and says why.
    static func rebuild(_ change: PresetEdit?, _ state: inout AppState, message: (Preset) -> String) -> [Effect] {
        if let change {
            guard let edited = edit(change, &state) else { return [] }
            state.preset = edited
            if change.invalidatesCaption, !state.preset.caption.isEmpty { state.captionEdited = true }
        }
        state.message = message(state.preset)
        state.build += 1
        state.spectrum = nil
        state.singularValues = nil
        state.doubleDescent = nil
        state.sweep = SweepReveal()
        state.hessianComputing = false
        state.spectrumPolicy.lastStep = nil
        state.spectrumPolicy.lastTime = nil
        state.landscape.reset()
        var effects: [Effect] = [.rebuild(state.preset, build: state.build)]
        if state.preset.experiment != nil { effects.append(.startJob(.sweep)) }
        return effects
    }

    /// "[1, 16, 8, 1]".
    static func shape(_ p: Preset) -> String { "[" + p.model.layers.map(String.init).joined(separator: ", ") + "]" }

    static func clampedLayer(_ state: AppState) -> Int {
        max(0, min(state.hiddenWidths.count - 1, state.selectedLayer))
    }

    static func cycle<T: Equatable>(_ current: T, in list: [T]) -> T {
        guard !list.isEmpty else { return current }
        let i = list.firstIndex(of: current) ?? -1
        return list[(i + 1) % list.count]
    }
}
