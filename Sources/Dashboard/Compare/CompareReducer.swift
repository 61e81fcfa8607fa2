import PaneModels
import TerminalUI

/// Compare mode's pure update: `1`–`4` focus a session, `0` (or Tab past the last) sends the keys to all
/// of them again; every other key is the single dashboard's action (same keymap, same ``Reducer/apply(_:to:)``)
/// applied to the focused session, or to each session when none is focused. Data keys (`d`, `N`, `t`)
/// always act on all sessions, so they keep training on the same data. In presentation mode ← → change
/// the session shown.
public enum CompareReducer {
    public static func reduce(_ state: inout CompareState, _ event: CompareEvent) -> [CompareEffect] {
        switch event {
        case .key(let key):
            guard let action = Keymap.action(for: key) else { return [] }
            return apply(action, key: key, to: &state)
        case .mouse(let m):
            // A click focuses the session under it (points are added in the single dashboard only).
            let layout = CompareLayout(state: state)
            guard !layout.tooSmall, !state.showHelp, let i = layout.session(atX: m.x, y: m.y) else { return [] }
            state.focused = i
            return []
        case .resize(let size):
            state.size = size
            return []
        case .tick(let now):
            state.ticks &+= 1
            for i in state.sessions.indices { _ = Reducer.tick(&state.sessions[i].app, now: now) }
            let live = state.sessions.filter { $0.app.running }
            state.fps = state.sessions.first?.app.fps ?? 0
            state.stepsPerSecond = live.map(\.app.stepsPerSecond).max() ?? 0
            // One pace for all: every running session gets the same steps (lockstep).
            let n = state.paceClock.steps(at: now, pace: state.pace, running: !live.isEmpty)
            guard n > 0 else { return [] }
            let running = state.sessions.indices.filter { state.sessions[$0].app.running }
            return running.map { i -> CompareEffect in .session(i, .trainSteps(n)) }
        case .session(let i, let e):
            guard state.sessions.indices.contains(i) else { return [] }
            let effects = Reducer.reduce(&state.sessions[i].app, e)
            if case .spectrum(let s?, let build) = e, build == state.sessions[i].app.build {
                state.sessions[i].lambdas.record(step: s.step, value: s.lambdaMax)
            }
            return wrap(i, effects, &state)
        }
    }

    /// Actions that always act on every session (the sessions must keep sharing their data).
    static let dataActions: Set<Action> = [.nextDataset, .newNoise, .toggleTestData]

    static func apply(_ action: Action, key: Key, to state: inout CompareState) -> [CompareEffect] {
        state.message = nil
        let n = state.sessions.count
        switch action {
        case .focusSession:
            guard case .char(let c) = key, let d = Int(String(c)), d >= 1 else { return [] }
            guard d <= n else {
                state.message = "no session \(d): \(n) sessions (1–\(n)), 0 for all"
                return []
            }
            state.focused = d - 1
            if state.presenting { state.shown = d - 1 }
            return []
        case .focusAll:
            state.focused = nil
            state.zoomed = false
            return []
        case .focusNext:
            // Tab: all → 1 → 2 → … → all.
            let next = (state.focused ?? -1) + 1
            state.focused = next < n ? next : nil
            if state.focused == nil { state.zoomed = false }
            if state.presenting, let f = state.focused { state.shown = f }
            return []
        case .toggleZoom:
            if state.presenting {
                state.message = "presentation mode shows one session: ← → to change it"
                return []
            }
            guard state.focused != nil else {
                state.message = "z zooms the focused session: press 1–\(n) first"
                return []
            }
            state.zoomed.toggle()
            return []
        case .toggleHelp:
            state.showHelp.toggle()
            return []
        case .closeOverlay:
            if state.showHelp { state.showHelp = false } else { state.zoomed = false }
            return []
        case .quit:
            state.quitRequested = true
            return [.quit]
        case .previousPane, .nextPane:
            // --present: ← → show the previous / next session (a focus follows what is shown).
            guard state.presenting, n > 0 else {
                state.message = "← → change the session in presentation mode (nnviz --compare A,B --present)"
                return []
            }
            state.shown = (state.shown + (action == .nextPane ? 1 : n - 1)) % n
            if state.focused != nil { state.focused = state.shown }
            return []
        case .faster, .slower:
            // The pace is shared: it changes for every session, focused or not.
            let next = action == .faster ? state.pace.faster : state.pace.slower
            guard next != state.pace else {
                state.message = action == .faster ? "\(state.pace) is the fastest" : "\(state.pace) is the slowest"
                return []
            }
            state.pace = next
            state.message = "\(next) for all \(n) sessions"
            return (0..<n).map { i -> CompareEffect in .session(i, .setPace(next)) }
        case .gradcheck, .toggleStacking, .toggleCaption, .landscapePane, .cycleLandscapeDirections, .sharpnessPane,
             .flatDirectionsPane, .settings, .writeSetup, .erasePoints, .toggleDiscretize:
            // Single-session views (the gradcheck overlay, the Jacobian pane, the caption row, the geometry
            // panes — compare mode has its own λmax panel —, the settings panel and the set-up it writes, the
            // map's points and shading): compare panels have none of them.
            state.message = "\(Keymap.binding(for: action)?.keyLabel ?? "this key") works in the single dashboard, not in compare mode"
            return []
        case .toggleStepAxis:
            // One step axis for every panel (their loss and λmax axes are shared); the feedback is compare-wide.
            for i in 0..<n {
                _ = Reducer.apply(action, to: &state.sessions[i].app)
                state.message = state.sessions[i].app.message
                state.sessions[i].app.message = nil
            }
            return []
        case .togglePause where state.focused == nil:
            // Broadcast: one key must not flip some sessions on and others off. Any running → pause all;
            // all paused → run all.
            let run = !state.sessions.contains { $0.app.running }
            var out: [CompareEffect] = []
            for i in 0..<n {
                state.sessions[i].app.message = nil
                state.sessions[i].app.running = run
                out.append(.session(i, .setRunning(run)))
            }
            return out
        default:
            let targets = dataActions.contains(action) ? Array(0..<n) : state.targets
            var out: [CompareEffect] = []
            for i in targets {
                out += wrap(i, Reducer.apply(action, to: &state.sessions[i].app), &state)
            }
            return out
        }
    }

    /// Tags a session's effects with its index; a rebuild starts its λmax history afresh.
    static func wrap(_ i: Int, _ effects: [Effect], _ state: inout CompareState) -> [CompareEffect] {
        effects.map { e in
            if case .rebuild = e { state.sessions[i].lambdas = LambdaHistory() }
            return e == .quit ? .quit : .session(i, e)
        }
    }
}
