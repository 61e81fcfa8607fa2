import Foundation
import NNCore

/// Save and resume: the whole session as one JSON file (format `nnviz-session`, version 1).
///
/// The file holds the preset (in the preset file format), the training seed, the data (train and test,
/// so a CSV file that later changes or moves does not matter), and the trainer's complete state
/// (``TrainerState``: θ, optimiser moments, RNG words, the epoch's permutation, counters, early-stopping
/// bookkeeping, and for BatchNorm networks `running_statistics`: each BatchNorm layer's running mean then
/// running variance). A loaded session continues bit-identically to one that never stopped.
///
/// Exactness: every Double is written in Swift's shortest round-trip form (−0 as `-0.0`), which the
/// strict ``JSONParser`` reads back as the same bits. 64-bit integers that JSON numbers cannot hold
/// (seed, RNG words) are decimal strings. θ, the moments and the best θ may be non-finite (a diverged
/// run can be saved, and is then refused by the analysis): those entries are the strings `"nan"`,
/// `"inf"`, `"-inf"`. Everything else must be finite.
///
/// The metric history is not saved: a loaded session starts a fresh history at its step.
extension Session {
    public static let fileFormat = "nnviz-session"
    public static let fileVersion = 1

    /// The session as the JSON value of a session file.
    public var fileJSON: JSONValue {
        let s = trainer.savedState
        var root = JSONObject()
        root["format"] = .string(Session.fileFormat)
        root["version"] = .number(Double(Session.fileVersion))
        root["name"] = .string(preset.name)
        root["seed"] = .string(String(seed))
        root["preset"] = preset.json
        // The data as generated (raw inputs); a loaded session applies the preset's input features again.
        root["data"] = .object(JSONObject([
            ("task", .string(rawData.task.fileName)),
            ("classes", .number(Double(rawData.task.classCount))),
            ("input_size", .number(Double(rawData.train.inputSize))),
            ("target_size", .number(Double(rawData.train.targetSize))),
            ("train", Session.datasetJSON(rawData.train)),
            ("test", Session.datasetJSON(rawData.test)),
        ]))
        var t = JSONObject()
        t["step"] = .number(Double(s.stepCount))
        t["epoch"] = .number(Double(s.epochCount))
        t["parameters"] = Session.numbers(s.parameters)
        t["update_count"] = .number(Double(s.optimizerUpdateCount))
        t["first_moment"] = Session.numbers(s.firstMoment)
        t["second_moment"] = Session.numbers(s.secondMoment)
        t["beta1_power"] = .number(s.beta1Power, text: Session.exact(s.beta1Power))
        t["beta2_power"] = .number(s.beta2Power, text: Session.exact(s.beta2Power))
        t["rng"] = .array([s.rng.s0, s.rng.s1, s.rng.s2, s.rng.s3].map { .string(String($0)) })
        t["spare_gaussian"] = s.rng.spareGaussian.map { .number($0, text: Session.exact($0)) } ?? .null
        t["order"] = .array(s.order.map { .number(Double($0)) })
        t["cursor"] = .number(Double(s.cursor))
        t["last_batch"] = .array([.number(Double(s.lastBatchStart)), .number(Double(s.lastBatchCount))])
        t["divergence"] = s.divergence.map {
            .object(JSONObject([("step", .number(Double($0.step))), ("reason", .string($0.reason.rawValue))]))
        } ?? .null
        t["stopped"] = .bool(s.isStopped)
        t["best_test_loss"] = s.bestTestLoss.map { .number($0, text: Session.exact($0)) } ?? .null
        t["best_step"] = s.bestStep.map { .number(Double($0)) } ?? .null
        t["best_parameters"] = Session.numbers(s.bestParameters)
        t["epochs_without_improvement"] = .number(Double(s.epochsWithoutImprovement))
        // BatchNorm only (absent otherwise, so files of plain networks are unchanged).
        if !s.runningStatistics.isEmpty { t["running_statistics"] = Session.numbers(s.runningStatistics) }
        root["trainer"] = .object(t)
        return .object(root)
    }

    /// Writes the session file atomically: a temporary file in the same directory, flushed to disk, then
    /// renamed over `path` (a crash leaves either the old file or the new one, never half of one).
    /// Throws a one-line ``PresetError`` naming the file.
    public func save(to path: String) throws(PresetError) {
        let text = fileJSON.serialized(pretty: false) + "\n"
        try SessionFileIO.writeAtomically(Array(text.utf8), to: path)
    }

    /// Loads a session file written by ``save(to:)``. Every problem is one ``PresetError`` naming the file,
    /// the field (`trainer.parameters[3]`) and what was expected.
    public init(loading path: String, historyCapacity: Int = 1024, recordsHistory: Bool = true) throws(PresetError) {
        let bytes = try PresetLibrary.readFile(path)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes: bytes) } catch {
            throw PresetError(file: path, path: "", message: "invalid JSON at \(error.description)")
        }
        try self.init(json: json, file: path, historyCapacity: historyCapacity, recordsHistory: recordsHistory)
    }

    /// Restores a session from a parsed session file (`file` names it in errors).
    public init(json: JSONValue, file: String, historyCapacity: Int = 1024, recordsHistory: Bool = true) throws(PresetError) {
        let root = try JSONField(value: json, path: "", file: file).object(
            allowed: ["format", "version", "name", "seed", "preset", "data", "trainer"],
            what: "a JSON object (an nnviz session file)")
        guard case .string(Session.fileFormat)? = root["format"].value else {
            throw root["format"].expected("\"\(Session.fileFormat)\" (is this a session file? presets go to --preset)")
        }
        _ = try root["version"].integer(Session.fileVersion...Session.fileVersion,
                                        what: "\(Session.fileVersion) (this nnviz reads session files of version \(Session.fileVersion))")
        let name = try root["name"].nonEmptyString()
        let seed = try SessionFileReader.uint64(root["seed"])
        var preset: Preset
        do {
            preset = try Preset.parse(json: root["preset"].value ?? .null, file: file, name: name)
        } catch {
            throw PresetError(file: file, path: error.path.isEmpty ? "preset" : "preset." + error.path, message: error.message)
        }
        preset.source = file
        let data = try SessionFileReader.data(root["data"])
        let state = try SessionFileReader.trainerState(root["trainer"])
        do {
            try self.init(preset: preset, seed: seed, data: data, historyCapacity: historyCapacity,
                          recordsHistory: recordsHistory)
        } catch {
            // Shape problems between the preset and the saved data.
            throw PresetError(file: file, path: error.path.isEmpty ? "data" : "preset." + error.path,
                              message: error.message)
        }
        do { try restoreTrainer(state) } catch {
            throw PresetError(file: file, path: "trainer." + error.field, message: error.message)
        }
    }

    // MARK: Writing helpers

    /// Shortest round-trip text of a finite Double, keeping the sign of zero.
    static func exact(_ x: Double) -> String {
        if x == 0 && x.sign == .minus { return "-0.0" }
        return JSONValue.formatNumber(x)
    }

    /// An array of Doubles, non-finite entries as the strings "nan", "inf", "-inf".
    static func numbers(_ xs: [Double]) -> JSONValue {
        .array(xs.map { x in
            if x.isNaN { return .string("nan") }
            if x.isInfinite { return .string(x > 0 ? "inf" : "-inf") }
            return .number(x, text: exact(x))
        })
    }

    static func datasetJSON(_ d: Dataset) -> JSONValue {
        .object(JSONObject([("x", numbers(d.x)), ("y", numbers(d.y))]))
    }
}

extension Task {
    /// The task's name in session files.
    var fileName: String {
        switch self {
        case .regression: return "regression"
        case .binary: return "binary"
        case .multiclass: return "multiclass"
        }
    }

    /// Classes of a multi-class task (0 otherwise).
    var classCount: Int {
        if case .multiclass(let k) = self { return k }
        return 0
    }
}

/// Atomic file writing with one-line errors.
enum SessionFileIO {
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PresetError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw PresetError(file: path, path: "", message: "is a directory (expected a file name to write)", isUsageError: true)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let dirPath = dir.isEmpty ? "." : dir
        guard fm.fileExists(atPath: dirPath, isDirectory: &isDir), isDir.boolValue else {
            throw PresetError(file: path, path: "", message: "cannot write: no such directory \(dirPath)", isUsageError: true)
        }
        let name = (path as NSString).lastPathComponent
        let tmp = dirPath + "/." + name + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(errno))))")
        }
        var ok = true
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let r = write(fd, base + offset, raw.count - offset)
                if r < 0 { if errno == EINTR { continue }; ok = false; return }
                offset += r
            }
        }
        let err = errno
        if ok && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let message = String(cString: strerror(ok ? errno : err))
            unlink(tmp)
            throw PresetError(file: path, path: "", message: "cannot write (\(message))")
        }
    }
}
