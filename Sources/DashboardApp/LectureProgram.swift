import Dashboard
import NNSession
import PaneModels
import TerminalUI

/// One step of `nnviz lecture` as a dashboard program: the step's own dashboard (single or compare, `Inner`)
/// with the deck around it. Keys go to the deck first (``DeckReducer``: PgDn/PgUp and `.`/`,` move between
/// steps, `T` the notes, `?` the list of steps); every other key is the dashboard's. The clock drives autoplay.
/// Moving to another step is an effect (``CompareEffect/lecture(_:)``): the runtime's owner tears this step
/// down and opens the next one in its start state.
public struct LectureProgram<Inner: DashboardProgram>: DashboardProgram {
    public var inner: Inner
    public var player: DeckPlayer
    /// The whole screen (the inner dashboard gets ``innerSize``).
    public var screen: Size
    /// The keys the step applies at entry, waiting for the step's first snapshot (so that `g`, which needs
    /// one, works like a key pressed by hand).
    public var pendingKeys: [Key]

    /// `inner` must have been made at ``DeckOverlay/innerSize(_:screen:)``; `keys` are applied to it when its
    /// first snapshot arrives.
    public init(inner: Inner, player: DeckPlayer, screen: Size, keys: [Key] = []) {
        self.inner = inner
        self.player = player
        self.screen = screen
        pendingKeys = keys
    }

    /// The size the step's dashboard draws in.
    public var innerSize: Size { DeckOverlay.innerSize(player, screen: screen) }

    public var sessionCount: Int { inner.sessionCount }
    public func session(_ i: Int) -> AppState { inner.session(i) }
    public var quitRequested: Bool { inner.quitRequested }
    public var startEffects: [CompareEffect] { inner.startEffects }

    public mutating func update(_ event: ProgramEvent) -> [CompareEffect] {
        switch event {
        case .key(let key):
            let before = innerSize
            let (handled, effects) = DeckReducer.reduce(&player, .key(key))
            var out = effects.map(CompareEffect.lecture)
            if innerSize != before { out += inner.update(.resize(innerSize)) }
            return handled ? out : out + inner.update(.key(key))
        case .tick(let now):
            let (_, effects) = DeckReducer.reduce(&player, .tick(now: now))
            return effects.map(CompareEffect.lecture) + inner.update(.tick(now: now))
        case .resize(let size):
            screen = size
            return inner.update(.resize(innerSize))
        case .session(_, let e):
            var out = inner.update(event)
            if case .snapshot = e, !pendingKeys.isEmpty {
                for key in pendingKeys { out += inner.update(.key(key)) }
                pendingKeys = []
            }
            return out
        case .mouse:
            return inner.update(event)
        }
    }

    public func render(into buffer: inout Buffer, context: inout RenderContext) {
        var frame = Buffer(size: innerSize)
        if buffer.clipLog != nil { frame.clipLog = [] }   // a test's record of cut text covers the dashboard too
        inner.render(into: &frame, context: &context)
        DeckOverlay.compose(player, inner: frame, into: &buffer, size: screen, theme: context.theme)
        if let log = frame.clipLog { buffer.clipLog?.append(contentsOf: log) }
    }

    public var tickFingerprint: [Double] { inner.tickFingerprint + [Double(player.index)] }
}

/// How a lecture step opens: its preset with the step's start state and pace, and the dashboard state
/// (focus, zoom, presentation layout) it starts in.
public enum LectureStepSetup {
    /// The step's preset with its `start` and `pace` written into the view (so the dashboard opens in them).
    public static func preset(_ step: LectureStep) -> Preset {
        var p = step.preset
        if let start = step.start { p.view.start = start }
        if let pace = step.pace { p.view.pace = pace }
        return p
    }

    /// The keys applied at entry.
    public static func keys(_ step: LectureStep) -> [Key] {
        step.keys.compactMap { $0.unicodeScalars.first.map(Key.char) }
    }

    /// A single dashboard's state for the step, at `size`.
    public static func single(_ step: LectureStep, size: Size) -> AppState {
        var state = AppState(size: size, preset: preset(step))
        if step.present {
            state.presenting = true
            state.focus = state.mainPane
        }
        if let name = step.focus, let pane = PaneID(rawValue: name) { state.focus = pane }
        if let name = step.zoom, let pane = PaneID(rawValue: name) {
            state.focus = pane
            state.zoomed = true
        }
        return state
    }

    /// Compare mode's state for a compare step, at `size` (`focus` and `zoom` name panes of one session and
    /// do not apply here).
    public static func compare(_ entries: [CompareEntry], step: LectureStep, size: Size) -> CompareState {
        var state = CompareSetup.initialState(entries, size: size, seed: nil)
        state.presenting = step.present
        return state
    }
}
