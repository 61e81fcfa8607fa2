import Dashboard
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import TerminalUI

/// Compare mode from the command line: `nnviz --compare A,B[,C,D]` (see ``CompareSetup/load(list:loader:)``),
/// with `--record` and `--present` as in the single dashboard.
extension DashboardCommand {
    /// The compared sessions of `--compare`, or the one-line error (exit 2 for unknown names).
    func compareEntries(list: String) throws -> [CompareEntry] {
        do {
            return try CompareSetup.load(list: list)
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
    }

    /// The sessions a compare preset declares (`"compare": [...]`), or the one-line error.
    func compareEntries(preset: Preset) throws -> [CompareEntry] {
        do {
            return try CompareSetup.entries(of: preset)
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
    }

    /// Builds the sessions (errors before the terminal is touched), opens the terminal and runs compare mode.
    func runCompare(_ entries: [CompareEntry]) throws {
        let queue: CompareQueue
        do {
            queue = try CompareQueue(presets: entries.map(\.preset), seed: seed, stepsPerTick: 1)
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CLIError.usage("the dashboard needs a terminal on stdin and stdout (for scripts use `nnviz train` or `nnviz inspect`)")
        }
        // The recording file is created before the terminal is touched (a bad path: one line, exit 1).
        let recording = try record.map { path throws(CLIError) in try DashboardRecording(path: path, ascii: ascii) }
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { signal(sig, SIG_IGN) }
        let backend: NCursesBackend
        do {
            backend = try NCursesBackend(ascii: ascii)
        } catch let error as TerminalError {
            throw CLIError.failure(error.description)
        }
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let theme = Theme.detect(colors: backend.colors, noColor: noColor, ascii: ascii, highContrast: present)
        recording?.begin(size: backend.size, title: "nnviz " + CommandLine.arguments.dropFirst().joined(separator: " "),
                         environment: env)
        MainActor.assumeIsolated {
            let runtime = CompareRuntime(backend: backend, queue: queue, entries: entries, seed: seed, fps: fps,
                                         theme: theme, saveDirectory: saveDir, presenting: present, recording: recording)
            CompareRuntimeHolder.shared = runtime
            runtime.start()
        }
        dispatchMain()
    }
}

/// Keeps compare mode's runtime alive while `dispatchMain()` runs the main queue forever.
@MainActor enum CompareRuntimeHolder {
    static var shared: CompareRuntime?
}
