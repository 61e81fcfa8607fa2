import ArgumentParser
import Dashboard
import DashboardApp
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import TerminalUI

/// `nnviz [dashboard] [--preset P | --load FILE] [--seed N] [--fps F] [--save-dir D] [--ascii] [--present] [--record FILE]`: the live dashboard (default command).
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

    @Option(help: "Resume a session file written by `s` or `nnviz train --save` (instead of --preset).")
    var load: String?

    @Option(help: "Directory where `s` saves the session (default: the current directory).")
    var saveDir: String = "."

    @Flag(help: "Draw with ASCII only (no braille, blocks or box drawing).")
    var ascii = false

    @Option(help: "Record the session as an asciicast v2 file (play it with `asciinema play FILE`).")
    var record: String?

    @Flag(help: "Presentation mode: one pane (in compare mode: one session) at a time with a large caption, high contrast; ← → change it.")
    var present = false

    @Option(help: ArgumentHelp(
        "Compare 2-4 presets side by side: comma-separated names or paths (e.g. sawtooth,default).",
        discussion: "All sessions train on the FIRST preset's data; --seed applies to all. Keys 1-4 focus a session, 0 all. A preset with \"compare\" sessions (e.g. --preset optimizers) opens compare mode by itself."))
    var compare: String?

    func validate() throws {
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be in 1...120, got \(fps)") }
        if let record { try CLIFiles.validateOutput(record, option: "--record") }
        if compare != nil, load != nil { throw ValidationError("give either --compare or --load, not both") }
        if compare != nil, preset != "default" { throw ValidationError("give either --compare or --preset, not both") }
    }

    func run() throws {
        if let compare {
            try runCompare(try compareEntries(list: compare))
            return
        }
        // A preset that declares the sessions it compares opens compare mode (errors: the path below).
        if load == nil, let p = try? PresetLibrary.load(preset), p.isComparison {
            try runCompare(try compareEntries(preset: p))
            return
        }
        var loaded: Preset
        let queue: TrainingQueue
        do {
            if let load {
                queue = try TrainingQueue(loading: load)
                loaded = queue.snapshot().preset
                loaded.training.seed = queue.snapshot().seed
            } else {
                loaded = try PresetLibrary.load(preset)
                if let seed {
                    loaded.training.seed = seed
                    loaded.experiment?.doubleDescent.seed = seed
                }
                queue = try TrainingQueue(preset: loaded)
            }
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
        let session = loaded
        try openDashboard(queue: queue) { size in
            var state = AppState(size: size, preset: session)
            state.presenting = present
            if present { state.focus = state.mainPane }
            return state
        }
    }

    /// Opens the terminal (after every file was read, so a bad one is named first) and runs `program` on
    /// `queue` until it quits: the runtime never returns (it exits the process).
    func openDashboard<Program: DashboardProgram>(queue: TrainingQueue, program: @MainActor (Size) -> Program) throws {
        // Never draw escape codes into a pipe.
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError.usage("the dashboard needs a terminal on stdin and stdout (for scripts use `nnviz train` or `nnviz inspect`)")
        }
        // The recording file is created before the terminal is touched (a bad path: one line, exit 1).
        let recording = try record.map { path throws(CLIError) in try DashboardRecording(path: path, ascii: ascii) }
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
        let theme = Theme.detect(colors: backend.colors, noColor: noColor, ascii: ascii, highContrast: present)
        recording?.begin(size: backend.size, title: "nnviz " + CommandLine.arguments.dropFirst().joined(separator: " "),
                         environment: env)
        let stats = env["NNVIZ_FRAME_STATS"].map(FrameStats.init)
        let fps = self.fps, saveDir = self.saveDir
        MainActor.assumeIsolated {
            let runtime = DashboardRuntime(state: program(backend.size), queue: queue, backend: backend, theme: theme,
                                           saveDirectory: saveDir, observer: recording.map(RecordingObserver.init),
                                           stats: stats, terminate: { Foundation.exit($0) })
            RuntimeHolder.shared = runtime
            runtime.run(fps: fps)
        }
        dispatchMain()
    }
}

extension NCursesBackend: TerminalBackend {}

/// Keeps the runtime alive while `dispatchMain()` runs the main queue forever.
@MainActor enum RuntimeHolder {
    static var shared: AnyObject?
}
