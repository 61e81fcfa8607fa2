/// A problem with a preset (or a file it names), reported as ONE line:
/// `presets/x.json: training.optimizer.lr: expected a number > 0, got -1`.
///
/// `file` is the path as the user would recognise it, `path` the JSON field path (`model.layers[2]`,
/// empty for the document as a whole or for problems that are not about one field).
public struct PresetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String
    /// True when the user named something that does not exist (an unknown preset, a missing file):
    /// the CLI exits with 2 (usage) for these and 1 for problems inside a file.
    public var isUsageError: Bool

    public init(file: String, path: String, message: String, isUsageError: Bool = false) {
        self.file = file
        self.path = path
        self.message = message
        self.isUsageError = isUsageError
    }

    /// The one-line message shown to the user. Control characters (a key written as "a\\nb" in the file,
    /// a file name with a newline) are escaped, so the message stays on one line whatever the input.
    public var description: String {
        let line = path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
        return PresetError.oneLine(line)
    }

    static func oneLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += u.value < 0x20 || u.value == 0x7f ? "?" : String(u)
            }
        }
        return out
    }
}
