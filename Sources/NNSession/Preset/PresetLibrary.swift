import Foundation
import NNCore

/// Finds, loads and lists preset files.
///
/// The presets directory is the first of these that exists:
/// 1. `$NNVIZ_PRESETS` (taken as given),
/// 2. `./presets` in the current directory,
/// 3. a `presets` directory holding `default.json` next to the executable or in any parent directory
///    (so `.build/debug/nnviz` finds the checkout's `presets/` from anywhere),
/// 4. the source tree's `presets/` (found through `#filePath`; a last resort for development builds).
public enum PresetLibrary {
    /// Candidate directories in search order (those that exist on disk).
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var out: [String] = []
        if let env = environment["NNVIZ_PRESETS"], !env.isEmpty, isDirectory(env) { out.append(env) }
        if isDirectory("presets") { out.append("presets") }
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            while true {
                let candidate = dir.appendingPathComponent("presets").path
                if isFile(candidate + "/default.json") { out.append(candidate); break }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path || dir.path == "/" { break }
                dir = parent
            }
        }
        let source = URL(fileURLWithPath: #filePath)  // Sources/NNSession/Preset/PresetLibrary.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets").path
        if isFile(source + "/default.json") { out.append(source) }
        return out
    }

    /// The presets directory (nil when none is found).
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        searchPath(environment: environment).first
    }

    /// The presets directory, or a one-line error: `$NNVIZ_PRESETS` set to something that is not a
    /// directory is refused rather than silently skipped (a typo there would otherwise load other presets).
    static func requireDirectory(for name: String, environment: [String: String]) throws(PresetError) -> String {
        if let env = environment["NNVIZ_PRESETS"], !env.isEmpty, !isDirectory(env) {
            throw PresetError(file: env, path: "", message: "NNVIZ_PRESETS does not name a directory", isUsageError: true)
        }
        guard let dir = directory(environment: environment) else {
            throw PresetError(file: name, path: "",
                              message: "no presets directory found (set NNVIZ_PRESETS or run from the nnviz checkout)")
        }
        return dir
    }

    /// Loads a preset by name (`sawtooth`, looked up in ``directory(environment:)``) or by path
    /// (anything containing `/` or ending in `.json`).
    public static func load(_ nameOrPath: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(PresetError) -> Preset {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return try loadFile(nameOrPath)
        }
        let dir = try requireDirectory(for: nameOrPath, environment: environment)
        let path = dir + "/" + nameOrPath + ".json"
        guard isFile(path) else {
            let known = names(in: dir)
            throw PresetError(file: nameOrPath, path: "",
                              message: "unknown preset (known: \(known.joined(separator: ", ")); or give a path to a .json file)",
                              isUsageError: true)
        }
        return try loadFile(path)
    }

    /// Reads and validates one file.
    public static func loadFile(_ path: String) throws(PresetError) -> Preset {
        let bytes = try readFile(path)
        return try Preset.parse(bytes: bytes, file: path)
    }

    /// A file's bytes, or a one-line error naming it (missing, a directory, a FIFO or device, unreadable,
    /// larger than ``BoundedFile/jsonLimit``; see ``BoundedFile``).
    public static func readFile(_ path: String) throws(PresetError) -> [UInt8] {
        switch BoundedFile.read(path, limit: BoundedFile.jsonLimit) {
        case .success(let bytes): return bytes
        case .failure(let f): throw PresetError(file: path, path: "", message: f.description, isUsageError: f.isUsageError)
        }
    }

    /// Preset names (file stems of `*.json`) in a directory, sorted.
    public static func names(in dir: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// One entry of ``list(environment:)``: the preset, or the error that stops it from loading.
    public struct Entry: Sendable {
        public var name: String
        public var result: Result<Preset, PresetError>
    }

    /// Every preset in the presets directory, sorted by name (`default` first), each loaded and validated.
    public static func list(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PresetError) -> [Entry] {
        let dir = try requireDirectory(for: "presets", environment: environment)
        var names = names(in: dir)
        if let i = names.firstIndex(of: "default") { names.remove(at: i); names.insert("default", at: 0) }
        return names.map { name in
            do throws(PresetError) {
                return Entry(name: name, result: .success(try loadFile(dir + "/" + name + ".json")))
            } catch {
                return Entry(name: name, result: .failure(error))
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }
}
