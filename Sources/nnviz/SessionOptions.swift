import ArgumentParser
import Foundation
import NNCore
import NNSession

/// The checks and loading shared by `train` and `inspect`: where the session comes from (a preset or a
/// saved session file) and where files go. Usage errors exit 2, problems inside files exit 1.
enum CLIFiles {
    /// Exactly one of --preset and --load; --seed only with --preset (a loaded session keeps its seed).
    static func validateSource(preset: String?, load: String?, seed: UInt64?) throws {
        switch (preset, load) {
        case (nil, nil): throw ValidationError("give --preset NAME|PATH or --load FILE")
        case (.some, .some): throw ValidationError("give either --preset or --load, not both")
        case (nil, .some) where seed != nil:
            throw ValidationError("--seed cannot be used with --load (a saved session keeps its seed and RNG state)")
        default: break
        }
        if let p = preset, p.isEmpty { throw ValidationError("--preset needs a name or a path") }
        if let l = load, l.isEmpty { throw ValidationError("--load needs a file name") }
    }

    /// Writes an output file atomically (see ``SafeFileWriter``), with its one-line error.
    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try SafeFileWriter.write(bytes, to: path) } catch {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
    }

    /// An output path must name a file in an existing directory, or a regular file (or a link to one) to replace.
    static func validateOutput(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw ValidationError("\(option) needs a file name") }
        var isDir: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue) {
            throw ValidationError("\(option) \(path): is a directory (expected a file name)")
        }
        let dir = (path as NSString).deletingLastPathComponent
        let dirPath = dir.isEmpty ? "." : dir
        guard FileManager.default.fileExists(atPath: dirPath, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("\(option) \(path): no such directory \(dirPath)")
        }
        do { _ = try SafeFileWriter.resolveTarget(path) } catch { throw ValidationError("\(option) \(error.description)") }
    }

    /// --session only names one session of a compare preset, so it cannot go with --load (a saved file
    /// holds one session).
    static func validateSessionOption(_ session: String?, load: String?) throws {
        if session != nil && load != nil {
            throw ValidationError("--session cannot be used with --load (a saved session file holds one session)")
        }
        if let s = session, s.isEmpty { throw ValidationError("--session needs a label") }
    }

    /// The session from --preset (new) or --load (resumed). For a compare preset, the session labelled
    /// `sessionLabel`, or the first when none is named.
    static func openSession(preset: String?, load: String?, seed: UInt64?, session sessionLabel: String? = nil) throws -> Session {
        do {
            if let load { return try Session(loading: load, recordsHistory: false) }
            let p = try pick(try openPreset(preset ?? "default"), session: sessionLabel)
            return try Session(preset: p, seed: seed, recordsHistory: false)
        } catch let error as PresetError {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
    }

    /// The preset named by --preset, loaded and validated.
    static func openPreset(_ name: String) throws -> Preset {
        do { return try PresetLibrary.load(name) } catch {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
    }

    /// One session of `preset`: for a compare preset the one labelled `label` (the first when nil); an
    /// ordinary preset is its own only session and refuses a label.
    static func pick(_ preset: Preset, session label: String?) throws -> Preset {
        guard preset.isComparison else {
            if label != nil {
                throw CLIError.usage("\(preset.source): --session needs a compare preset (this one has no \"compare\" sessions)")
            }
            return preset
        }
        let sessions = try comparedPresets(preset)
        guard let label else { return sessions[0].preset }
        guard let hit = sessions.first(where: { $0.label == label }) else {
            let known = sessions.map { "\"\($0.label)\"" }.joined(separator: ", ")
            throw CLIError.usage("\(preset.source): no session labelled \"\(label)\" (sessions: \(known))")
        }
        return hit.preset
    }

    /// A compare preset's merged sessions (a one-line error if one no longer validates).
    static func comparedPresets(_ preset: Preset) throws -> [ComparedPreset] {
        do { return try preset.comparedPresets() } catch { throw CLIError.failure(error.description) }
    }

    /// What went wrong and what to do, in one line.
    static func divergenceMessage(_ session: Session, _ d: Divergence) -> String {
        let lr = session.preset.training.optimizer.lr
        return "\(session.preset.source): diverged at step \(d.step) (\(d.reason.rawValue)), training stopped: "
            + "lower training.optimizer.lr (now \(lr), try \(lr / 10)) or set training.clip, and run again"
    }

    /// Analysis of non-finite weights, or of weights whose objective overflows, means nothing: refuse it.
    static func requireFinite(_ session: Session) throws {
        let where_ = "\(session.preset.source): step \(session.step)"
        let bad = session.model.parameters.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        if bad > 0 {
            throw CLIError.failure("\(where_): \(bad) of the \(session.model.parameterCount) weights are not finite (NaN or inf): "
                + "refusing to analyse them; inspect an earlier step or lower training.optimizer.lr")
        }
        let objective = session.metrics.trainObjective
        if !objective.isFinite {
            // Inputs or targets near the top of the Double range overflow whatever the weights are.
            let data = session.data.train
            let largestX = data.x.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
            let largestY = data.y.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
            if Swift.max(largestX, largestY) > 1e100 {
                let which = largestX >= largestY ? "inputs" : "targets"
                throw CLIError.failure("\(where_): the objective at these weights is not finite (\(objective)): "
                    + "refusing to analyse them; the training \(which) are too large (|value| up to \(Swift.max(largestX, largestY))): rescale the data")
            }
            throw CLIError.failure("\(where_): the objective at these weights is not finite (\(objective)): "
                + "refusing to analyse them; the weights are too large (inspect an earlier step or lower training.optimizer.lr)")
        }
    }
}
