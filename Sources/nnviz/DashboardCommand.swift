import ArgumentParser
import Dashboard
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
        let loaded: Preset
        let engine: DashboardEngine
        var seed = self.seed
        do {
            if let load {
                let resumed = try makeDashboardEngine(loading: load)
                loaded = resumed.queue.snapshot.preset
                seed = resumed.queue.snapshot.seed
                engine = resumed
            } else {
                loaded = try PresetLibrary.load(preset)
                engine = try makeDashboardEngine(preset: loaded, seed: seed)
            }
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
        // Never draw escape codes into a pipe (checked after the files, so a bad one is named first).
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError.usage("the dashboard needs a terminal on stdin and stdout (for scripts use `nnviz train` or `nnviz inspect`)")
        }
        // Signals become Dispatch sources on main (set up by the runtime); until then, and so that
        // ncurses never sees them, they are ignored. SIGPIPE: a closed stdout must not kill us mid-draw.
        let recording = try record.map { path throws(CLIError) in try DashboardRecording(path: path, ascii: ascii) }
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
        MainActor.assumeIsolated {
            let runtime = DashboardRuntime(backend: backend, engine: engine, preset: loaded, seed: seed, fps: fps,
                                           theme: theme, saveDirectory: saveDir, presenting: present,
                                           recording: recording)
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
