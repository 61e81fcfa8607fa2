import Foundation
import NNCore

/// Keeping a set-up: an (edited) preset written as a preset file that `nnviz --preset FILE` and
/// `nnviz train --preset FILE` read back as the same preset, so a run from it is bit-identical to a run
/// of the edited set-up.
///
/// The text is the preset writer's (``Preset/json``), pretty-printed, with every default written out;
/// numbers are written in their shortest round-trip form, so parsing the text gives back an equal preset
/// and writing that again gives the same bytes.
extension Preset {
    /// The set-up as the text of a preset file (ends with a newline).
    public var setupText: String { json.serialized(pretty: true) + "\n" }

    /// Writes ``setupText`` to a NEW file in `directory`: `<stem>.json`, or `<stem>-2.json`, `<stem>-3.json`,
    /// … when that name is taken. Never overwrites: the file appears complete (written to a temporary
    /// file, flushed, then hard-linked to its name, which fails if the name exists) or not at all.
    /// Returns the path written; a problem is one ``PresetError`` naming the file.
    public func writeSetup(directory: String, stem: String) throws(PresetError) -> String {
        let bytes = Array(setupText.utf8)
        let dir = directory.isEmpty ? "." : directory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw PresetError(file: dir, path: "", message: "cannot write a preset: no such directory", isUsageError: true)
        }
        let tmp = dir + "/.\(stem).json.tmp-\(getpid())"
        try SessionFileIO.writeAtomically(bytes, to: tmp)
        defer { unlink(tmp) }
        for n in 1...10_000 {
            let path = dir + "/" + stem + (n == 1 ? "" : "-\(n)") + ".json"
            if link(tmp, path) == 0 { return path }
            if errno != EEXIST {
                throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(errno))))")
            }
        }
        throw PresetError(file: dir + "/" + stem + ".json", path: "", message: "cannot write: 10000 files of that name exist")
    }
}
