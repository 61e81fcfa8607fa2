import NNSession
import PaneModels
import TerminalUI

/// The whole UI state of one session's dashboard. A value: the reducer takes it and an event and returns
/// the effects to run; nothing else writes it.
///
/// `preset` is the one description of what is trained: every edit goes through ``PresetEdit/apply(_:to:)``
/// and the session is rebuilt from the result (``Effect/rebuild(_:build:)``).
public struct AppState: Sendable, Equatable {
    public var size: Size
    /// The preset as edited so far (its `training.seed` is the training seed in use).
    public var preset: Preset
    /// Rebuild counter: a rebuild makes every result of older builds stale (snapshots, spectra).
    public var build = 0
    /// An edit changed what the preset's caption describes: the caption shows the current set-up instead.
    public var captionEdited = false
    public var running = true
    /// The frame clock that turns the pace (`preset.view.pace`) into steps (single mode; compare mode has one
    /// clock and one pace for all sessions).
    public var paceClock = PaceClock()
    /// Index among the hidden layers of the selected one.
    public var selectedLayer = 0
    /// The selected unit of the selected layer (`<` `>`; the panes clamp it to the layer's width).
    public var selectedUnit = 0
    /// The active-unit map instead of the spectrum (`v`; on when the preset's view names `active_count`).
    public var showActiveMap = false
    /// The focused pane (`Tab`, `z`): the main plot at start (the first snapshot sets it).
    public var focus: PaneID = .fit
    public var zoomed = false
    /// Presentation mode (`--present`): one pane at a time, large caption, minimal status; ← → cycle panes.
    public var presenting = false
    public var showHelp = false
    public var showBoundaries = false
    public var showKinks = true
    public var showTestData = true
    /// The step axis of every history plot (`L`).
    public var stepScale: StepScale = .auto
    public var autoHessian = true
    /// Latest snapshot, as view models.
    public var model: DashboardModel?
    /// Latest Hessian spectrum (nil: none yet or invalidated by a model change).
    public var spectrum: SpectrumViewModel?
    public var hessianComputing = false
    /// `now` when the spectrum arrived (its age on screen is `now − spectrumAt`, counting on while paused).
    public var spectrumAt: Double?
    /// When the automatic spectrum is due, and which job computes it.
    public var spectrumPolicy = SpectrumPolicy()
    /// Measured frames and training steps per second (from ticks).
    public var fps: Double = 0
    public var stepsPerSecond: Double = 0
    public var rates = RateMeter()
    public var ticks = 0
    /// The time of the latest tick (seconds on the runtime's clock; nil before the first).
    public var now: Double?
    /// A short transient message for the hint line (e.g. "width 4096 is the maximum").
    public var message: String?
    public var quitRequested = false
    /// The caption row under the panes (`c`); starts as the preset's `view.caption`.
    public var showCaption = true
    /// Which vec(W) the `jacobian` pane shows (`x`).
    public var jacobianStacking: JacobianStacking = .column
    /// The `g` overlay: nil when closed.
    public var gradcheck: GradcheckOverlay?
    /// Results of the lecture panes' background work (measured autodiff times, the NTK drift run).
    public var lecture = LectureResults()
    /// The work the lecture pane's current results belong to (a new key starts a new job).
    public var lectureKey: String?
    /// The lecture pane the preset's view asks for (shown instead of fit/regions; nil: none).
    public var presetPane: PaneID?
    /// The landscape, sharpness and flat-directions panes: which one holds the big slot, their results.
    public var landscape = LandscapeState()
    /// Singular values of the end-to-end product over training (from snapshots; reset on a rebuild).
    public var singularValues: SingularValuesViewModel?
    /// The double-descent sweep as shown so far (nil: not started or reset).
    public var doubleDescent: DoubleDescentViewModel?
    /// The sweep as computed so far; ``doubleDescent`` reveals it a width at a time.
    public var sweep = SweepReveal()
    /// The preset the dashboard opened: the status bar names what the set-up changed from it.
    public var openedPreset: Preset
    /// The settings panel (`e`) when open.
    public var settings: SettingsPanel?
    /// The 2D map shows hard classes instead of confidence shades (`D`).
    public var discretize = false

    /// The state for a preset, as it opens: the preset's pane, pace, caption and start (an experiment
    /// trains nothing and starts paused with the automatic Hessian off).
    public init(size: Size, preset: Preset) {
        self.size = size
        self.preset = preset
        openedPreset = preset
        running = preset.view.start == .running
        showCaption = preset.view.caption
        apply(presetView: preset)
        if !running && preset.experiment == nil { message = "paused — space: train" }
    }

    /// What the runtime does when the dashboard opens: the queue's pace and run flag, and the sweep of an
    /// experiment preset.
    public var initialEffects: [Effect] {
        var out: [Effect] = [.setPace(pace), .setRunning(running)]
        if preset.experiment != nil { out.append(.startJob(.sweep)) }
        return out
    }

    /// What the snapshot adapter computes for this state's panes.
    public var adapterOptions: AdapterOptions {
        AdapterOptions(featured: presetPane, singularValues: presetPane == .singularValues || preset.view.panes.contains(PaneID.singularValues.rawValue),
                       targetPieceDepth: preset.data.kind == .sawtooth ? preset.data.depth : nil, panes: preset.view.panes)
    }

    /// The training pace (single mode).
    public var pace: Pace { preset.view.pace }

    /// The set-up as edited so far beside the preset the dashboard opened.
    public var setup: SetupState { SetupState(preset: preset, original: openedPreset) }

    /// Hidden widths of the model being trained.
    public var hiddenWidths: [Int] { preset.model.hiddenWidths }

    /// The main plot: the preset's lecture pane if it asks for one, else regions for 2D input, fit otherwise.
    public var mainPane: PaneID { landscape.pane ?? presetPane ?? ((model?.inputDimension ?? 1) == 2 ? .regions : .fit) }

    /// The data plot: regions for 2D input, fit otherwise.
    public var dataPane: PaneID { (model?.inputDimension ?? 1) == 2 ? .regions : .fit }

    /// The top-right pane: the spectrum, except when the big slot holds one of the matrix-calculus, autodiff,
    /// NTK or geometry panes and the input is 1D or 2D: then the data plot moves here (what is learnt stays on
    /// screen).
    public var secondaryPane: PaneID {
        if showActiveMap, landscape.pane == nil, presetPane == nil, model?.inputDimension == 2 { return .activeCount }
        guard let p = landscape.pane ?? presetPane, [.jacobian, .autodiffCost, .ntk, .landscape, .sharpness, .flatDirections].contains(p),
              let d = model?.inputDimension, d == 1 || d == 2 else { return .spectrum }
        return dataPane
    }

    /// Whether the automatic spectrum has a place on screen: the Hessian spectrum pane is drawn (alone when
    /// zoomed or presenting), or the sessions show λmax (compare mode). Off screen no spectrum is computed: an
    /// exact Hessian is the dearest job, and behind a geometry pane it only delays that pane's own analysis.
    public var spectrumOnScreen: Bool {
        if spectrumPolicy.job == .lambdaMax { return true }
        if zoomed || presenting { return focus == .spectrum }
        return visiblePanes.contains(.spectrum)
    }

    /// Whole seconds since the spectrum on screen arrived (nil: no spectrum, or no clock yet).
    public var spectrumAge: Int? {
        guard spectrum != nil, let at = spectrumAt, let now, now >= at else { return nil }
        return Int((now - at).rounded(.down))
    }

    /// Panes on screen, in focus order: the main plot, then three side panes — the ones the preset's view
    /// names first (``DashboardModel/namedPanes``), then loss, the top-right pane and the network.
    public var visiblePanes: [PaneID] {
        if presetPane?.fillsBody == true { return [mainPane] }
        let main = mainPane
        var side: [PaneID] = []
        for p in (model?.namedPanes ?? []) + [.loss, secondaryPane, .network] where p != main && !side.contains(p) {
            guard side.count < 3 else { break }
            // A lecture pane only ever takes the big slot; a second data plot is the main one again.
            if Self.presetPanes.contains(p) || ((p == .fit || p == .regions) && p == dataPane && main == dataPane) { continue }
            side.append(p)
        }
        return [main] + side
    }
}

/// The fraction of a step carried from frame to frame: ``steps(at:pace:running:)`` turns the time between
/// two ticks into whole steps, so that over any run of frames the steps granted equal pace × time (to
/// within one step), whatever the frame rate.
public struct PaceClock: Sendable, Equatable {
    var last: Double?
    var carry = 0.0

    /// The longest gap between two ticks that still counts in full: a stalled frame (the machine busy, the
    /// process stopped) does not turn into a burst of steps afterwards.
    public static let maxGap = 0.25

    public init() {}

    /// The steps due at `now` since the last tick at `pace` (0 at the first tick, while paused, and at
    /// `max`, where the queue trains flat out instead).
    public mutating func steps(at now: Double, pace: Pace, running: Bool) -> Int {
        defer { last = now }
        guard running, let rate = pace.stepsPerSecond, let last, now > last else {
            if !running { carry = 0 }
            return 0
        }
        let due = rate * min(now - last, PaceClock.maxGap) + carry
        let n = due.rounded(.down)
        carry = due - n
        return Int(n)
    }
}

/// Frames and steps per second, measured over windows of about a second from the ticks' times and the
/// snapshots' steps.
public struct RateMeter: Sendable, Equatable {
    var windowStart: Double?
    var stepAtStart = 0
    var frames = 0

    public init() {}

    /// Counts one frame at `now` with the session at `step`; at the end of a window returns (fps, steps/s).
    /// A step going back (a rebuild) starts the window's step count again, so the rate is never of two runs.
    public mutating func tick(now: Double, step: Int) -> (fps: Double, stepsPerSecond: Double)? {
        if step < stepAtStart { stepAtStart = 0 }
        guard let start = windowStart else {
            windowStart = now
            stepAtStart = step
            return nil
        }
        frames += 1
        let elapsed = now - start
        guard elapsed >= 1 else { return nil }
        let result = (Double(frames) / elapsed, Double(step - stepAtStart) / elapsed)
        windowStart = now
        stepAtStart = step
        frames = 0
        return result
    }
}

/// When the automatic spectrum is computed: every `every` steps, at most once per `minInterval` seconds,
/// and one at a time; `job` is the computation (the full spectrum, or λmax alone in compare mode).
public struct SpectrumPolicy: Sendable, Equatable {
    public var job: JobKind = .spectrum
    public var every = 200
    public var minInterval = 1.0
    public var lastStep: Int?
    public var lastTime: Double?

    public init(job: JobKind = .spectrum, every: Int = 200) {
        self.job = job
        self.every = every
    }

    /// Whether a new automatic spectrum is due for a snapshot at `step` at time `now`.
    public func isDue(step: Int, now: Double?) -> Bool {
        guard let lastStep else { return true }
        guard step - lastStep >= every else { return false }
        guard let lastTime, let now else { return true }
        return now - lastTime >= minInterval
    }
}

/// The double-descent sweep's points, revealed at a watchable rate: the sweep computes widths as fast as
/// it can, the screen shows ``pointsPerSecond`` of them a second.
public struct SweepReveal: Sendable, Equatable {
    /// The sweep as computed so far.
    public var computed: DoubleDescentViewModel?
    /// Widths shown (fractional: grows with time).
    public var shown = 0.0
    public static let pointsPerSecond = 2.0

    public init() {}

    /// The computed curve cut to the widths shown.
    public var visible: DoubleDescentViewModel? {
        guard var v = computed else { return nil }
        let k = min(v.widths.count, Int(shown))
        v.widths = Array(v.widths.prefix(k))
        v.trainErrors = Array(v.trainErrors.prefix(k))
        v.testErrors = Array(v.testErrors.prefix(k))
        return v
    }
}

/// Something that happened: input, time, or new results.
public enum AppEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// A frame: the time now, in seconds on the runtime's clock (monotonic; any origin).
    case tick(now: Double)
    case snapshot(DashboardModel)
    /// A spectrum job's result for the session of `build` (nil: it could not be computed).
    case spectrum(SpectrumViewModel?, build: Int)
    /// A one-line status from the runtime (e.g. "saved to FILE" or the save's error), shown on the hint line.
    case status(String)
    /// The `g` overlay's table (or why it could not be computed), for the snapshot it was started on.
    case gradcheck(GradcheckOverlay)
    /// A lecture pane's background result for the work `key` (partial NTK curves arrive several times).
    case lecture(LectureUpdate, key: String)
    /// The double-descent sweep so far (a worker sends it after each width).
    case doubleDescent(DoubleDescentViewModel)
    /// A landscape, sharpness or flat-directions job's result, for the weights of build `build`.
    case landscape(LandscapeUpdate, build: Int)
}

/// Background work the runtime runs on a worker (one latest job per kind and session: a new start
/// cancels the old one, and results of cancelled work are dropped).
public enum JobKind: String, Sendable, Equatable, CaseIterable {
    /// The Hessian spectrum of the latest snapshot (all eigenvalues up to a size, else Lanczos + SLQ).
    case spectrum
    /// λmax and λmin alone (Lanczos on HVPs; compare mode's automatic analysis).
    case lambdaMax
    /// The landscape pane's grid, slices and path (on the state's directions).
    case landscape
    /// λmax and λmin at the newest snapshot (warm-started Lanczos), for the sharpness pane.
    case sharpness
    /// The Hessian's full eigendecomposition, for the flat-directions pane.
    case flatDirections = "flat_directions"
    /// The featured lecture pane's work (measured autodiff times, the NTK drift run).
    case lecture
    /// The `g` overlay's gradient check.
    case gradcheck
    /// An experiment preset's sweep.
    case sweep
}

/// Work the runtime must do after a state change. The reducer never does it itself.
public enum Effect: Sendable, Equatable {
    case quit
    case setRunning(Bool)
    /// Pause and train exactly n steps (`n`).
    case step(Int)
    /// Train n steps now, running or not (`m`).
    case advance(Int)
    /// The pace's steps for this frame (granted to the training queue).
    case trainSteps(Int)
    /// Paced training (steps granted by frames) or, at `max`, flat out.
    case setPace(Pace)
    case setLearningRate(Double)
    /// Build a new session from the preset (new weights from its `training.seed` unless it sets them);
    /// its snapshots carry `build`.
    case rebuild(Preset, build: Int)
    /// Start a background job on the latest snapshot (cancelling the same kind's older one).
    case startJob(JobKind)
    /// Add a training point at input (x, y) with this class label.
    case addPoint(x: Double, y: Double, label: Int)
    /// Add a regression point (input x, target y) to a 1D session.
    case addTarget(x: Double, y: Double)
    /// Apply the edited preset to the running session, keeping its weights, step and optimiser state (a
    /// change of batch size, learning rate, schedule, optimiser, loss, L1, L2, dropout or activation).
    case retune(Preset)
    /// Write the set-up as a new preset file `<stem>.json` (or `<stem>-2.json`, …) in the working
    /// directory; the runtime answers with `.status`.
    case writeSetup(Preset, stem: String)
    /// Write the whole session to a file (atomically); the runtime answers with `.status`.
    case saveSession
}
