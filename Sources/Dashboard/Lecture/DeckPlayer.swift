import NNSession
import TerminalUI

/// Where `nnviz lecture` is in its deck: the step shown, autoplay, and the lecture's own overlays (the
/// speaker-notes strip and the `?` list of steps). Changed only by ``DeckReducer``; the runtime performs
/// the effects it returns (opening a step rebuilds the session in that step's start state).
public struct DeckPlayer: Sendable, Equatable {
    /// What the player needs of each step.
    public struct Step: Sendable, Equatable {
        public var title: String
        public var presetName: String
        public var notes: [String]
        public var duration: Double?

        public init(title: String, presetName: String, notes: [String], duration: Double? = nil) {
            self.title = title
            self.presetName = presetName
            self.notes = notes
            self.duration = duration
        }
    }

    public var title: String
    public var steps: [Step]
    /// The step shown (0-based).
    public var index: Int
    /// `--autoplay` seconds (nil: off). A step's own `duration` wins.
    public var autoplay: Double?
    /// Clock time at which the step shown was entered (set by the first tick after entry).
    public var enteredAt: Double?
    /// `T`: the speaker-notes strip (hidden by default: the room sees the demo).
    public var showsNotes = false
    /// `?`: the list of steps, open with this row selected (nil: closed).
    public var listSelection: Int?

    public init(title: String, steps: [Step], index: Int = 0, autoplay: Double? = nil) {
        self.title = title
        self.steps = steps
        self.index = Swift.max(0, Swift.min(index, steps.count - 1))
        self.autoplay = autoplay
    }

    public init(deck: LectureDeck, index: Int = 0, autoplay: Double? = nil) {
        self.init(title: deck.title,
                  steps: deck.steps.map { Step(title: $0.title, presetName: $0.presetName, notes: $0.notes, duration: $0.duration) },
                  index: index, autoplay: autoplay)
    }

    public var current: Step { steps[index] }
    public var isLast: Bool { index == steps.count - 1 }

    /// The status bar's segment: `step 7/25 · depth-vs-width`.
    public var statusSegment: String { "step \(index + 1)/\(steps.count) · \(current.presetName)" }

    /// Seconds the step shown stays under autoplay (nil: autoplay is off).
    public var dwell: Double? {
        guard let autoplay else { return nil }
        return current.duration ?? autoplay
    }
}

/// What the lecture asks the runtime to do.
public enum DeckEffect: Sendable, Equatable {
    /// Tear down the session shown and open step `index` (0-based) in its start state.
    case open(Int)
}

/// What reaches the deck player: a key (before the dashboard sees it) or the frame clock.
public enum DeckEvent: Sendable, Equatable {
    case key(Key)
    case tick(now: Double)
}

/// The lecture's pure policy: step navigation by key, autoplay by the clock, the notes strip and the list.
public enum DeckReducer {
    /// The keys the lecture takes before the dashboard: `PgDn`/`.` next step, `PgUp`/`,` previous, `T` notes,
    /// `?` the list of steps (a second `?` there passes on to the dashboard's key help).
    public static let bindings: [(keys: [Key], help: String)] = [
        ([.pageDown, .char(".")], "next step"),
        ([.pageUp, .char(",")], "previous step"),
        ([.char("T")], "speaker notes on/off"),
        ([.char("?")], "list the steps (↑ ↓ Enter jumps, ? keys)"),
    ]

    /// Applies one event. `handled` is false when the key is the dashboard's (it then goes on to it).
    public static func reduce(_ p: inout DeckPlayer, _ event: DeckEvent) -> (handled: Bool, effects: [DeckEffect]) {
        switch event {
        case .tick(let now):
            guard let dwell = p.dwell, !p.isLast else { return (true, []) }
            guard let entered = p.enteredAt else {
                p.enteredAt = now
                return (true, [])
            }
            if now - entered >= dwell { return (true, go(&p, to: p.index + 1)) }
            return (true, [])
        case .key(let key):
            if let row = p.listSelection {
                if key == .char("?") {   // the dashboard's key help, over the closed list
                    p.listSelection = nil
                    return (false, [])
                }
                return (true, list(&p, row: row, key: key))
            }
            switch key {
            case .pageDown, .char("."): return (true, go(&p, to: p.index + 1))
            case .pageUp, .char(","): return (true, go(&p, to: p.index - 1))
            case .char("T"):
                p.showsNotes.toggle()
                return (true, [])
            case .char("?"):
                p.listSelection = p.index
                return (true, [])
            default:
                return (false, [])
            }
        }
    }

    /// Opens step `target` if it exists and is not the one shown; the autoplay clock restarts.
    static func go(_ p: inout DeckPlayer, to target: Int) -> [DeckEffect] {
        guard p.steps.indices.contains(target), target != p.index else { return [] }
        p.index = target
        p.enteredAt = nil
        return [.open(target)]
    }

    /// Keys while the list of steps is open.
    static func list(_ p: inout DeckPlayer, row: Int, key: Key) -> [DeckEffect] {
        switch key {
        case .up: p.listSelection = Swift.max(0, row - 1)
        case .down: p.listSelection = Swift.min(p.steps.count - 1, row + 1)
        case .home: p.listSelection = 0
        case .end: p.listSelection = p.steps.count - 1
        case .enter:
            p.listSelection = nil
            return go(&p, to: row)
        case .pageDown, .char("."):
            p.listSelection = nil
            return go(&p, to: p.index + 1)
        case .pageUp, .char(","):
            p.listSelection = nil
            return go(&p, to: p.index - 1)
        default:
            p.listSelection = nil   // Esc and anything else close the list
        }
        return []
    }
}
