/// A lecture as a program: an ordered list of live demos (steps), each a preset opened in a given start
/// state, with the talking points for the speaker. Read from a JSON file (`presets/lectures/NAME.json`),
/// strictly validated like a preset:
///
/// ```json
/// { "title": "Deep Architectures",
///   "steps": [
///     { "title": "Depth multiplies pieces", "preset": "sawtooth",
///       "start": "paused", "pace": 50, "focus": "fit", "zoom": "fit", "present": false,
///       "keys": ["k"], "notes": ["f_l = 2|f_(l-1)| - 2", "2^L pieces"], "duration": 20 },
///     { "title": "…", "preset": { "name": "regression-1d", "view": { "pace": 20 } }, "notes": ["…"] } ] }
/// ```
public struct LectureDeck: Sendable, Equatable {
    /// The deck's name (its file's name without `.json`).
    public var name: String
    /// Where it was read from, as errors name it.
    public var source: String
    public var title: String
    public var steps: [LectureStep]

    public init(name: String, source: String, title: String, steps: [LectureStep]) {
        self.name = name
        self.source = source
        self.title = title
        self.steps = steps
    }

    /// Limits of the format.
    public static let stepCounts = 1...100
    public static let noteCounts = 1...8
    public static let maxNoteLength = 120
    public static let maxTitleLength = 60
    public static let maxKeys = 16
    /// Autoplay duration of one step, in seconds.
    public static let durations = 0.5...3600.0
}

/// One step of a deck: a demo.
public struct LectureStep: Sendable, Equatable {
    /// What the step is about (the `?` list of the deck shows it).
    public var title: String
    /// The preset the step opens: the named one, with the step's inline overrides merged in.
    public var preset: Preset
    /// Whether the step changes the named preset (`"preset": {"name": …, …}`).
    public var isOverridden: Bool
    /// `start`: opens paused or running (nil: the preset's `view.start`).
    public var start: StartState?
    /// `pace`: training pace at entry (nil: the preset's `view.pace`).
    public var pace: Pace?
    /// `focus`: the pane focused at entry (a pane name, nil: the dashboard's default).
    public var focus: String?
    /// `zoom`: the pane zoomed at entry (nil: none).
    public var zoom: String?
    /// `present`: presentation layout (one pane or session at a time, large captions).
    public var present: Bool
    /// `keys`: dashboard keys applied at entry, in order (each one character, e.g. `"b"`, `"}"`).
    public var keys: [String]
    /// `notes`: the talking points (the speaker-notes strip shows them).
    public var notes: [String]
    /// `duration`: seconds before autoplay moves on (nil: the `--autoplay` value).
    public var duration: Double?

    public init(title: String, preset: Preset, isOverridden: Bool = false, start: StartState? = nil, pace: Pace? = nil,
                focus: String? = nil, zoom: String? = nil, present: Bool = false, keys: [String] = [],
                notes: [String], duration: Double? = nil) {
        self.title = title
        self.preset = preset
        self.isOverridden = isOverridden
        self.start = start
        self.pace = pace
        self.focus = focus
        self.zoom = zoom
        self.present = present
        self.keys = keys
        self.notes = notes
        self.duration = duration
    }

    /// The short name the status bar shows (`depth-vs-width`).
    public var presetName: String { preset.name }

    /// Whether the step opens paused: its own `start`, else its preset's `view.start`.
    public var startsPaused: Bool { (start ?? preset.view.start) == .paused }

    /// Its pace at entry: its own `pace`, else its preset's `view.pace`.
    public var entryPace: Pace { pace ?? preset.view.pace }
}
