import ArgumentParser
import NNSession

/// `nnviz presets`: every preset's name and one-line description.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List every preset: name and one-line description.",
        discussion: "A compare preset (several sessions side by side) ends with [compare: LABEL | LABEL ...]."
    )

    func run() throws {
        let entries: [PresetLibrary.Entry]
        do { entries = try PresetLibrary.list() } catch { throw CLIError.failure(error.description) }
        let width = entries.map(\.name.count).max() ?? 0
        var broken = 0
        for entry in entries {
            let pad = String(repeating: " ", count: width - entry.name.count)
            switch entry.result {
            case .success(let preset):
                let mark = preset.isComparison
                    ? "  [compare: " + preset.comparison.map(\.label).joined(separator: " | ") + "]" : ""
                print("\(entry.name)\(pad)  \(preset.description)\(mark)")
            case .failure(let error):
                broken += 1
                print("\(entry.name)\(pad)  (invalid: \(error.description))")
            }
        }
        if broken > 0 { throw CLIError.failure("\(broken) preset file\(broken == 1 ? " is" : "s are") invalid (see above)") }
    }
}
