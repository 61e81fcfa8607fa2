import Dashboard
import Dispatch
import NNSession

/// The `s` key: the whole session goes to `<preset>-step<N>.nnviz.json` in the save directory, written
/// atomically by the engine between two training chunks; the answer comes back to the hint line.
extension DashboardRuntime {
    func saveSession() {
        let directory = saveDirectory, name = preset.name
        // Named on the engine's queue after the step it saves (training goes on until then).
        engine.save(naming: { Self.savePath(directory: directory, presetName: name, step: $0) }) { [weak self] path, error in
            DispatchQueue.main.async {
                MainActor.assumeIsolated {
                    self?.dispatch(.status(error.map { "save failed: \($0)" } ?? "saved to \(path)"))
                }
            }
        }
    }

    /// `dir/<name>-step<N>.nnviz.json`, the name reduced to letters, digits, `-` and `_` (a preset given
    /// as a path must not turn into directories).
    nonisolated static func savePath(directory: String, presetName: String, step: Int) -> String {
        let safe = String(presetName.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let name = "\(safe.isEmpty ? "session" : safe)-step\(step).nnviz.json"
        return directory.isEmpty || directory == "." ? name
            : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }
}
