import Dashboard
import NNSession
import PaneModels
import TerminalUI

/// What happens to a dashboard: input, time, or a result for one of its sessions.
public enum ProgramEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// A frame at `now` (seconds on the runtime's clock).
    case tick(now: Double)
    case session(Int, AppEvent)
}

/// The state and pure update of a dashboard as the runtime sees it: the single dashboard (``AppState``,
/// one session) and compare mode (``CompareState``, two to four) are both programs, so one runtime (one
/// frame loop, one training queue, one set of job workers) runs either.
public protocol DashboardProgram: Sendable, Equatable {
    /// Number of sessions (fixed).
    var sessionCount: Int { get }
    /// Session `i`'s state (its preset, build, featured pane, …).
    func session(_ i: Int) -> AppState
    var quitRequested: Bool { get }
    /// The effects to perform when the dashboard opens.
    var startEffects: [CompareEffect] { get }
    /// The pure update (the reducer).
    mutating func update(_ event: ProgramEvent) -> [CompareEffect]
    /// Draws the whole screen.
    func render(into buffer: inout Buffer, context: inout RenderContext)
    /// The numbers a tick may change on screen (rates, sweep progress): a frame is redrawn after a tick only
    /// when they change, so an idle dashboard draws nothing.
    var tickFingerprint: [Double] { get }
}

extension AppState: DashboardProgram {
    public var sessionCount: Int { 1 }
    public func session(_ i: Int) -> AppState { self }
    public var startEffects: [CompareEffect] { initialEffects.map { .session(0, $0) } }

    public mutating func update(_ event: ProgramEvent) -> [CompareEffect] {
        let effects: [Effect]
        switch event {
        case .key(let k): effects = Reducer.reduce(&self, .key(k))
        case .mouse(let m): effects = Reducer.reduce(&self, .mouse(m))
        case .resize(let s): effects = Reducer.reduce(&self, .resize(s))
        case .tick(let now): effects = Reducer.reduce(&self, .tick(now: now))
        case .session(_, let e): effects = Reducer.reduce(&self, e)
        }
        return effects.map { $0 == .quit ? .quit : .session(0, $0) }
    }

    public func render(into buffer: inout Buffer, context: inout RenderContext) {
        DashboardRenderer.render(self, into: &buffer, context: &context)
    }

    public var tickFingerprint: [Double] {
        // The spectrum's age in seconds is on screen: a new second redraws it, paused or not.
        [fps.rounded(), stepsPerSecond.rounded(), Double(doubleDescent?.widths.count ?? -1), Double(spectrumAge ?? -1)]
    }
}

extension CompareState: DashboardProgram {
    public var sessionCount: Int { sessions.count }
    public func session(_ i: Int) -> AppState { sessions[i].app }
    public var startEffects: [CompareEffect] { initialEffects }

    public mutating func update(_ event: ProgramEvent) -> [CompareEffect] {
        switch event {
        case .key(let k): return CompareReducer.reduce(&self, .key(k))
        case .mouse(let m): return CompareReducer.reduce(&self, .mouse(m))
        case .resize(let s): return CompareReducer.reduce(&self, .resize(s))
        case .tick(let now): return CompareReducer.reduce(&self, .tick(now: now))
        case .session(let i, let e): return CompareReducer.reduce(&self, .session(i, e))
        }
    }

    public func render(into buffer: inout Buffer, context: inout RenderContext) {
        CompareRenderer.render(self, into: &buffer, context: &context)
    }

    public var tickFingerprint: [Double] {
        [fps.rounded(), stepsPerSecond.rounded()] + sessions.map { $0.app.stepsPerSecond.rounded() }
    }
}
