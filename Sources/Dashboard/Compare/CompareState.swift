import PaneModels
import NNSession
import TerminalUI

/// λmax of one session over time (step, value), bounded: what its λmax pane draws.
public struct LambdaHistory: Sendable, Equatable {
    public var steps: [Int] = []
    public var values: [Double] = []
    public static let capacity = 256

    public init() {}

    /// Adds a value for `step` (a repeat of the last step replaces it); beyond capacity every other value is dropped.
    public mutating func record(step: Int, value: Double) {
        guard value.isFinite else { return }
        if let last = steps.last, last == step {
            values[values.count - 1] = value
            return
        }
        steps.append(step)
        values.append(value)
        if steps.count > Self.capacity {
            // Every other value goes (the first and the newest stay): the curve keeps its whole run, early
            // steps included, for a log step axis.
            let keep = Swift.stride(from: 0, to: steps.count - 1, by: 2).map { $0 } + [steps.count - 1]
            steps = keep.map { steps[$0] }
            values = keep.map { values[$0] }
        }
    }
}

/// One compared session: its label ("Adam lr 0.01"), its own dashboard state (config, run flag, speed,
/// latest model, spectrum, message: everything the single dashboard keeps) and its λmax history.
public struct CompareSession: Sendable, Equatable {
    public var label: String
    public var app: AppState
    public var lambdas = LambdaHistory()

    public init(label: String, app: AppState) {
        self.label = label
        self.app = app
    }
}

/// Compare mode's whole UI state: 2–4 sessions on the same data, and which one the keys act on.
public struct CompareState: Sendable, Equatable {
    public var size: Size
    public var sessions: [CompareSession]
    /// The session the keys act on; nil: every key acts on all sessions (broadcast).
    public var focused: Int?
    /// The focused session fills the screen (only with a focused session).
    public var zoomed = false
    /// `--present`: one session at a time (`shown`), full screen with a large caption; ← → change it.
    /// Keys act on all sessions unless one is focused (then the focus follows the session shown).
    public var presenting = false
    /// The session on screen in presentation mode.
    public var shown = 0
    public var showHelp = false
    /// One pace for all sessions: they train in lockstep, each granted the same steps every frame.
    public var pace: Pace
    public var paceClock = PaceClock()
    public var fps: Double = 0
    /// Measured steps per second of the sessions in training (they are in lockstep).
    public var stepsPerSecond: Double = 0
    public var ticks = 0
    /// A transient line for the hint bar (compare-level: "no session 4", …).
    public var message: String?
    public var quitRequested = false

    public static let sessionRange = 2...4

    public init(size: Size, sessions: [CompareSession], pace: Pace = .default) {
        self.size = size
        self.sessions = sessions
        self.pace = pace
    }

    /// What the runtime does when compare mode opens: every session's pace and run flag.
    public var initialEffects: [CompareEffect] {
        sessions.indices.flatMap { i -> [CompareEffect] in
            [.session(i, .setPace(pace)), .session(i, .setRunning(sessions[i].app.running))]
        }
    }

    /// Indices of the sessions a session key acts on: the focused one, or all.
    public var targets: [Int] { focused.map { [$0] } ?? Array(sessions.indices) }

    /// Panel title of session `i`: its number (the key that focuses it) and its label.
    public func title(_ i: Int) -> String { "\(i + 1) · \(label(i))" }

    /// Session `i`'s label as it trains now: the preset's label ("momentum 0.9") while its optimiser and
    /// learning rate are the ones it opened with, else the current ones ("adam lr 0.02"), so a panel never
    /// names an optimiser it no longer uses; "(edited)" once an edit changed what the caption describes.
    public func label(_ i: Int) -> String {
        let a = sessions[i].app
        let now = a.preset.training.optimizer, opened = a.openedPreset.training.optimizer
        var label = now.name == opened.name && now.lr == opened.lr ? sessions[i].label
            : "\(now.name.rawValue) lr \(Fmt.rate(now.lr))"
        if a.captionEdited { label += " (edited)" }
        return label
    }
}

/// What happens in compare mode: input, time, or results for one session.
public enum CompareEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// A frame: the time now, in seconds on the runtime's clock.
    case tick(now: Double)
    /// An event of one session (snapshot, spectrum, status, a job's result).
    case session(Int, AppEvent)
}

/// Work for the runtime: quit, or one of the single dashboard's effects for one session.
public enum CompareEffect: Sendable, Equatable {
    case quit
    case session(Int, Effect)
    /// `nnviz lecture`: move to another step of the deck (the runtime's owner opens it).
    case lecture(DeckEffect)
}
