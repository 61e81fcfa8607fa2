import Dashboard
import NNSession
import TerminalUI

/// `nnviz lecture`'s step switching, apart from the terminal it runs on: one backend for the whole lecture,
/// one dashboard runtime per step. A deck effect from the runtime (PgDn, autoplay, a jump from the `?` list)
/// stops the step's runtime and opens the next step's, in its start state, on the same backend. Tests drive it
/// with an in-memory terminal and a manual clock; the executable passes ncurses and the monotonic clock.
@MainActor
public final class LectureRunner {
    public let deck: LectureDeck
    let backend: TerminalBackend
    let clock: RuntimeClock
    let executors: JobExecutors
    let theme: Theme
    let terminate: @MainActor (Int32) -> Void
    /// Starts a step's runtime: `run(fps:)` with the frame timer in the executable, `begin()` in tests.
    let launch: @MainActor (AnyDashboardRuntime) -> Void
    /// Called after each step change with the player (the executable writes the speaker notes' file).
    let opened: @MainActor (DeckPlayer) -> Void
    /// A step whose sessions cannot be built any more (a CSV removed after the check): the one-line reason.
    let failed: @MainActor (String) -> Void

    /// Where the deck is: the step shown and when it was entered (the step's runtime owns it while it runs;
    /// taken back from it at each step change).
    public private(set) var player: DeckPlayer
    /// The runtime of the step shown.
    public private(set) var current: AnyDashboardRuntime?

    public init(deck: LectureDeck, player: DeckPlayer, backend: TerminalBackend, clock: RuntimeClock = MonotonicClock(),
                executors: JobExecutors = .dispatch(), theme: Theme,
                launch: @escaping @MainActor (AnyDashboardRuntime) -> Void,
                opened: @escaping @MainActor (DeckPlayer) -> Void = { _ in },
                failed: @escaping @MainActor (String) -> Void,
                terminate: @escaping @MainActor (Int32) -> Void) {
        self.deck = deck
        self.player = player
        self.backend = backend
        self.clock = clock
        self.executors = executors
        self.theme = theme
        self.launch = launch
        self.opened = opened
        self.failed = failed
        self.terminate = terminate
    }

    /// Stops the step shown and opens step `index` in its start state (its entry time unset: the new
    /// runtime's first tick sets it).
    public func open(_ index: Int) {
        current?.stop()
        current = nil
        player.index = index
        player.enteredAt = nil
        opened(player)
        let step = deck.steps[index]
        let screen = backend.size
        let inner = DeckOverlay.innerSize(player, screen: screen)
        let preset = LectureStepSetup.preset(step)
        do {
            if preset.isComparison {
                let entries = try CompareSetup.entries(of: preset)
                let queue = try TrainingQueue(presets: entries.map(\.preset))
                start(LectureProgram(inner: LectureStepSetup.compare(entries, step: step, size: inner), player: player,
                                     screen: screen, keys: LectureStepSetup.keys(step)), queue: queue)
            } else {
                let queue = try TrainingQueue(preset: preset)
                start(LectureProgram(inner: LectureStepSetup.single(step, size: inner), player: player, screen: screen,
                                     keys: LectureStepSetup.keys(step)), queue: queue)
            }
        } catch {
            failed("step \(index + 1) (\(step.presetName)): \(error.description)")
        }
    }

    func start<Inner: DashboardProgram>(_ program: LectureProgram<Inner>, queue: TrainingQueue) {
        let runtime = DashboardRuntime(state: program, queue: queue, backend: backend, clock: clock, executors: executors,
                                       theme: theme, terminate: terminate)
        runtime.onLecture = { [weak self, weak runtime] effect in
            guard let self, let runtime else { return }
            switch effect {
            case .open(let i):
                self.player = runtime.state.player
                self.open(i)
            }
        }
        let any = AnyDashboardRuntime(runtime)
        current = any
        launch(any)
    }
}

/// A step's runtime without its program type (a single or a compare dashboard): what the lecture and its
/// tests need of it.
@MainActor
public final class AnyDashboardRuntime {
    /// The runtime itself (kept alive here).
    public let base: AnyObject
    public let queue: TrainingQueue
    public let begin: @MainActor () -> Void
    public let run: @MainActor (Int) -> Void
    public let frame: @MainActor () -> Void
    public let stop: @MainActor () -> Void
    /// The step's deck player as its runtime has it now.
    public let player: @MainActor () -> DeckPlayer

    init<Inner: DashboardProgram>(_ r: DashboardRuntime<LectureProgram<Inner>>) {
        base = r
        queue = r.queue
        begin = { [unowned r] in r.begin() }
        run = { [unowned r] fps in r.run(fps: fps) }
        frame = { [unowned r] in r.frame() }
        stop = { [unowned r] in r.stop() }
        player = { [unowned r] in r.state.player }
    }
}
