import Dashboard
import DashboardApp
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import TerminalUI

/// `nnviz lecture` in the terminal: the checks, the ncurses backend and the frame timer around a
/// ``LectureRunner`` (which switches the steps' runtimes).
@MainActor
enum LectureDashboard {
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
            let runner = LectureRunner(deck: deck, player: DeckPlayer(deck: deck, index: step, autoplay: autoplay), backend: backend,
                                       theme: theme, launch: { $0.run(fps) },
                                       opened: { LectureNotes.write($0) },   // for `nnviz lecture --notes` in another terminal
                                       failed: { why in
                                           // Checked before the terminal opened; a failure now (a file removed
                                           // meanwhile) ends the lecture.
                                           backend.close()
                                           StandardStreams.error("nnviz: \(why)\n")
                                           Foundation.exit(1)
                                       },
                                       terminate: { Foundation.exit($0) })
            RuntimeHolder.shared = runner
            runner.open(step)
        }
        dispatchMain()
    }
}
