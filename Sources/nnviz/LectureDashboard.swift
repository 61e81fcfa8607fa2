import Dashboard
import DashboardApp
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import TerminalUI

/// `nnviz lecture` in the terminal: one backend for the whole lecture, one dashboard runtime per step. A deck
/// effect from the runtime (PgDn, autoplay, a jump from the `?` list) stops the step's runtime and opens the
/// next step's, in its start state, on the same terminal.
@MainActor
final class LectureDashboard {
    let deck: LectureDeck
    let backend: NCursesBackend
    let theme: Theme
    let fps: Int
    var player: DeckPlayer
    var current: AnyObject?
    var stopCurrent: (() -> Void)?

    init(deck: LectureDeck, backend: NCursesBackend, theme: Theme, fps: Int, player: DeckPlayer) {
        self.deck = deck
        self.backend = backend
        self.theme = theme
        self.fps = fps
        self.player = player
    }

    /// Checks every step's sessions can be built (a CSV a preset names may be missing), before the terminal
    /// is touched.
    nonisolated static func validate(_ deck: LectureDeck) throws {
        for (i, step) in deck.steps.enumerated() {
            do {
                let p = LectureStepSetup.preset(step)
                if p.isComparison { _ = try CompareSetup.entries(of: p) } else { _ = try Session(preset: p, recordsHistory: false) }
            } catch {
                throw CLIError.failure("step \(i + 1) (\(step.presetName)): \(error.description)")
            }
        }
    }

    /// Opens the terminal and runs the lecture from step `step` (0-based); never returns.
    nonisolated static func run(deck: LectureDeck, step: Int, autoplay: Double?, fps: Int, ascii: Bool) throws {
        try validate(deck)
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError.usage("the lecture needs a terminal on stdin and stdout (for scripts use `nnviz lecture --check`)")
        }
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { signal(sig, SIG_IGN) }
        let backend: NCursesBackend
        do {
            backend = try NCursesBackend(ascii: ascii)
        } catch let error as TerminalError {
            throw CLIError.failure(error.description)
        }
        let env = ProcessInfo.processInfo.environment
        let theme = Theme.detect(colors: backend.colors, noColor: !(env["NO_COLOR"] ?? "").isEmpty, ascii: ascii,
                                 highContrast: false)
        MainActor.assumeIsolated {
            let lecture = LectureDashboard(deck: deck, backend: backend, theme: theme, fps: fps,
                                           player: DeckPlayer(deck: deck, index: step, autoplay: autoplay))
            RuntimeHolder.shared = lecture
            lecture.open(step)
        }
        dispatchMain()
    }

    /// Stops the step shown and opens step `index` in its start state.
    func open(_ index: Int) {
        stopCurrent?()
        current = nil
        player.index = index
        player.enteredAt = nil
        LectureNotes.write(player)   // for `nnviz lecture --notes` in another terminal
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
            // Checked before the terminal opened; a failure now (a file removed meanwhile) ends the lecture.
            backend.close()
            StandardStreams.error("nnviz: step \(index + 1) (\(step.presetName)): \(error.description)\n")
            Foundation.exit(1)
        }
    }

    func start<Inner: DashboardProgram>(_ program: LectureProgram<Inner>, queue: TrainingQueue) {
        let runtime = DashboardRuntime(state: program, queue: queue, backend: backend, theme: theme,
                                       terminate: { Foundation.exit($0) })
        runtime.onLecture = { [weak self, weak runtime] effect in
            guard let self, let runtime else { return }
            switch effect {
            case .open(let i):
                self.player = runtime.state.player
                self.open(i)
            }
        }
        current = runtime
        stopCurrent = { [weak runtime] in runtime?.stop() }
        runtime.run(fps: fps)
    }
}
