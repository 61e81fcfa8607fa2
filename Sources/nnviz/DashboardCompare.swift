import Dashboard
import DashboardApp
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
        let queue: TrainingQueue
        do {
            queue = try TrainingQueue(presets: entries.map(\.preset), seed: seed)
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
        let seed = self.seed, present = self.present
        try openDashboard(queue: queue) { size in
            var state = CompareSetup.initialState(entries, size: size, seed: seed)
            state.presenting = present
            return state
        }
    }
}
