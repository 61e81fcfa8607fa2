import Foundation
import NNSession

/// `train`, `inspect` and `gradcheck` on an experiment preset (one with a top-level `"experiment"`, e.g.
/// `double-descent`): there is no network to train, so `train` prints the sweep (one JSON line per width),
/// `inspect` writes the whole curve, and `gradcheck` (and `train --save`) refuse with one line (exit 2).
enum ExperimentCommands {
    /// The preset's experiment, or nil for an ordinary preset (errors as for every preset).
    static func experiment(preset: String?) throws -> (Preset, ExperimentSpec)? {
        guard let preset else { return nil }
        do {
            let p = try PresetLibrary.load(preset)
            return p.experiment.map { (p, $0) }
        } catch {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
    }

    static func refusal(_ preset: Preset, _ what: String) -> CLIError {
        CLIError.usage("\(preset.source): an experiment preset (\(preset.experiment?.kind.rawValue ?? "")) has no network: \(what)")
    }

    /// `train`: one line per width (`--steps` and `--every` do not apply; `--seed` replaces the experiment's seed).
    static func train(_ preset: Preset, _ experiment: ExperimentSpec, seed: UInt64?, save: String?, session: String?) throws {
        if save != nil { throw refusal(preset, "--save has no session to write") }
        if session != nil { throw refusal(preset, "--session has no sessions to choose from") }
        var out = JSONLinesWriter()
        ExperimentLog.run(experiment, seed: seed, stop: { out.failure != nil }) { line in
            out.emit(line)
            out.flush()   // one width at a time, as it is computed
        }
        out.flush()
        if let failure = out.failure { StandardStreams.exit(failure) }
    }

    /// `inspect`: the whole curve as one JSON object, written atomically.
    static func inspect(_ preset: Preset, _ experiment: ExperimentSpec, seed: UInt64?, out: String, session: String?) throws {
        if session != nil { throw refusal(preset, "--session has no sessions to choose from") }
        let text = ExperimentLog.report(experiment, seed: seed).serialized(pretty: false) + "\n"
        try CLIFiles.write(Array(text.utf8), to: out)
    }
}
