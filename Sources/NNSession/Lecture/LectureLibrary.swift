import Foundation

extension LectureDeck {
    /// The deck `nnviz lecture` opens without an argument.
    public static let defaultName = "deep-architectures"

    /// Loads a deck by name (`deep-architectures`, looked up in the presets directory's `lectures/`) or by
    /// path (anything containing `/` or ending in `.json`). Its steps' presets are looked up by name in the
    /// presets directory.
    public static func load(_ nameOrPath: String = defaultName,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(PresetError) -> LectureDeck {
        let path: String
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            path = nameOrPath
        } else {
            let dir = try PresetLibrary.requireDirectory(for: nameOrPath, environment: environment) + "/lectures"
            path = dir + "/" + nameOrPath + ".json"
            guard PresetLibrary.isFile(path) else {
                let known = PresetLibrary.names(in: dir)
                throw PresetError(file: nameOrPath, path: "",
                                  message: "unknown lecture deck (known: \(known.joined(separator: ", "))); or give a path to a .json file)",
                                  isUsageError: true)
            }
        }
        let bytes = try PresetLibrary.readFile(path)
        return try parse(bytes: bytes, file: path) { name throws(PresetError) in
            try presetSource(name, environment: environment)
        }
    }

    /// A named preset's file and JSON, from the presets directory.
    public static func presetSource(_ name: String,
                                    environment: [String: String] = ProcessInfo.processInfo.environment) throws(PresetError) -> PresetSource {
        let dir = try PresetLibrary.requireDirectory(for: name, environment: environment)
        let path = dir + "/" + name + ".json"
        guard PresetLibrary.isFile(path) else {
            throw PresetError(file: name, path: "", message: "unknown preset (known: \(PresetLibrary.names(in: dir).joined(separator: ", ")))")
        }
        let bytes = try PresetLibrary.readFile(path)
        do {
            return PresetSource(file: path, json: try JSONParser.parse(bytes: bytes))
        } catch {
            throw PresetError(file: path, path: "", message: "invalid JSON at \(error.description)")
        }
    }
}
