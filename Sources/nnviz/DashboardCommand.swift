import ArgumentParser
import Dashboard
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import TerminalUI

/// `nnviz [dashboard] [--preset P] [--seed N] [--fps F] [--ascii]`: the live dashboard (default command).
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the interactive dashboard (the default command).",
        discussion: "Keys: ? help, space run/pause, n step, q quit. Needs a terminal; NO_COLOR turns colour off."
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String = "default"

    @Option(help: "Training seed (overrides the preset's).")
    var seed: UInt64?

    @Option(help: "Frames per second (1-120).")
    var fps: Int = 30

    @Flag(help: "Draw with ASCII only (no braille, blocks or box drawing).")
    var ascii = false

    func validate() throws {
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be in 1...120, got \(fps)") }
    }

    func run() throws {
        // Never draw escape codes into a pipe.
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError.usage("the dashboard needs a terminal on stdin and stdout (for scripts use `nnviz train` or `nnviz inspect`)")
        }
        let loaded: Preset
        let engine: DashboardEngine
        do {
            loaded = try PresetLibrary.load(preset)
            engine = try makeDashboardEngine(preset: loaded, seed: seed)
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
        // Signals become Dispatch sources on main (set up by the runtime); until then, and so that
        // ncurses never sees them, they are ignored. SIGPIPE: a closed stdout must not kill us mid-draw.
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { signal(sig, SIG_IGN) }
        let env = ProcessInfo.processInfo.environment
        let backend: NCursesBackend
        do {
            backend = try NCursesBackend(ascii: ascii)
        } catch let error as TerminalError {
            throw CLIError.failure(error.description)
        }
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let theme = Theme.detect(colors: backend.colors, noColor: noColor, ascii: ascii)
        MainActor.assumeIsolated {
            let runtime = DashboardRuntime(backend: backend, engine: engine, preset: loaded, seed: seed, fps: fps,
                                           theme: theme)
            RuntimeHolder.shared = runtime
            runtime.start()
        }
        dispatchMain()
    }
}

/// Keeps the runtime alive while `dispatchMain()` runs the main queue forever.
@MainActor enum RuntimeHolder {
    static var shared: DashboardRuntime?
}
