import NNAnalysis
import PaneModels

/// The landscape, sharpness and flat-directions keys and results: part of the pure reducer. Which pane holds
/// the big slot, when a job is due (the pane is shown, none of its kind is out, training has moved and
/// enough time has passed), and which results are stale (an older build, other directions).
enum LandscapeReducer {
    /// `l`, `p`, `y` show their pane in the big slot (the same key again gives the slot back to the
    /// preset's main pane); `j` cycles the landscape's directions; `L` toggles the step axis.
    static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        switch action {
        case .landscapePane: return toggle(.landscape, &state)
        case .sharpnessPane: return toggle(.sharpness, &state)
        case .flatDirectionsPane: return toggle(.flatDirections, &state)
        case .cycleLandscapeDirections:
            state.landscape.directions = LandscapeJob.next(state.landscape.directions)
            state.landscape.landscape = nil
            state.landscape.failure = nil
            let name = state.landscape.directions.rawValue
            guard state.landscape.pane == .landscape else {
                state.message = "landscape directions: \(name) (l shows the landscape)"
                return []
            }
            state.message = "landscape directions: \(name)"
            // A job on the old directions is cancelled; the new one starts at once.
            return startLandscape(&state)
        case .toggleStepAxis:
            state.landscape.logSteps.toggle()
            state.message = "sharpness step axis: " + (state.landscape.logSteps ? "log" : "linear")
            return []
        default:
            return []
        }
    }

    static func toggle(_ pane: PaneID, _ state: inout AppState) -> [Effect] {
        if state.landscape.pane == pane {
            state.landscape.pane = nil
            state.focus = state.mainPane
            state.message = "\(title(pane)) hidden"
            return []
        }
        state.landscape.pane = pane
        state.landscape.failure = nil
        state.focus = pane
        state.zoomed = false
        state.message = "\(title(pane)) (\(Keymap.binding(for: action(pane))?.keyLabel ?? "") again hides it)"
        return due(&state, force: true)
    }

    static func action(_ pane: PaneID) -> Action {
        switch pane {
        case .sharpness: .sharpnessPane
        case .flatDirections: .flatDirectionsPane
        default: .landscapePane
        }
    }

    static func title(_ pane: PaneID) -> String {
        switch pane {
        case .sharpness: "sharpness pane"
        case .flatDirections: "flat directions pane"
        default: "landscape pane"
        }
    }

    /// The jobs due for the shown pane at the current snapshot (`force`: just shown, start now if idle).
    static func due(_ state: inout AppState, force: Bool = false) -> [Effect] {
        guard let pane = state.landscape.pane, let model = state.model, model.build == state.build, model.divergedAtStep == nil,
              Reducer.trains(state) else { return [] }
        let step = model.step
        switch pane {
        case .landscape:
            guard !state.landscape.landscapeComputing else { return [] }
            if !force {
                guard state.landscape.landscapeStep != step else { return [] }
                if let t = state.landscape.landscapeTime, let now = state.now, now - t < LandscapeState.landscapeInterval { return [] }
            }
            return startLandscape(&state)
        case .sharpness:
            guard !state.landscape.sharpnessComputing else { return [] }
            if let last = state.landscape.sharpness?.steps.last, step <= last { return [] }
            state.landscape.sharpnessComputing = true
            return [.startJob(.sharpness)]
        case .flatDirections:
            guard !state.landscape.flatComputing else { return [] }
            if !force {
                guard state.landscape.flatStep != step else { return [] }
                if let t = state.landscape.flatTime, let now = state.now, now - t < LandscapeState.flatInterval { return [] }
            }
            state.landscape.flatComputing = true
            state.landscape.flatStep = step
            state.landscape.flatTime = state.now
            return [.startJob(.flatDirections)]
        default:
            return []
        }
    }

    static func startLandscape(_ state: inout AppState) -> [Effect] {
        guard let model = state.model else { return [] }
        state.landscape.landscapeComputing = true
        state.landscape.landscapeStep = model.step
        state.landscape.landscapeTime = state.now
        return [.startJob(.landscape)]
    }

    /// A job's result: kept unless stale; then the next job if one is due.
    static func apply(_ update: LandscapeUpdate, build: Int, to state: inout AppState) -> [Effect] {
        guard build == state.build else { return [] }   // the weights before a rebuild
        switch update {
        case .landscape(let m, let failure, let directions):
            guard directions == state.landscape.directions else { return [] }   // `j` pressed meanwhile
            state.landscape.landscapeComputing = false
            if let m { state.landscape.landscape = m }
            report(failure, in: .landscape, &state)
        case .sharpness(let step, let top, let bottom, let limit, let label):
            state.landscape.sharpnessComputing = false
            var history = state.landscape.sharpness ?? SharpnessViewModel(limit: limit, limitLabel: label)
            history.limit = limit
            history.limitLabel = label
            history.append(step: step, lambdaMax: top, lambdaMin: bottom)
            state.landscape.sharpness = history
            report(nil, in: .sharpness, &state)
        case .sharpnessFailed:
            state.landscape.sharpnessComputing = false
            report("λmax needs finite weights and a finite objective", in: .sharpness, &state)
        case .flat(let m, let failure):
            state.landscape.flatComputing = false
            if let m { state.landscape.flat = m }
            report(failure, in: .flatDirections, &state)
        }
        return due(&state)
    }

    /// A failure of the shown pane's job goes to the hint line (and stays in the state until the next result).
    static func report(_ failure: String?, in pane: PaneID, _ state: inout AppState) {
        guard state.landscape.pane == pane else { return }
        if let failure, state.landscape.failure != failure { state.message = "\(title(pane)): \(failure)" }
        state.landscape.failure = failure
    }
}
