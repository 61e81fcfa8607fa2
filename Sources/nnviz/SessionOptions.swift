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

    /// An output path must name a file in an existing directory.
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
    }

    /// The session from --preset (new) or --load (resumed).
    static func openSession(preset: String?, load: String?, seed: UInt64?) throws -> Session {
        do {
            if let load { return try Session(loading: load, recordsHistory: false) }
            return try Session(preset: try PresetLibrary.load(preset ?? "default"), seed: seed, recordsHistory: false)
        } catch {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
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
            throw CLIError.failure("\(where_): the objective at these weights is not finite (\(objective)): "
                + "refusing to analyse them; the weights are too large (inspect an earlier step or lower training.optimizer.lr)")
        }
    }
}
