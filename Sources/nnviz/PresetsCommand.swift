import ArgumentParser
import NNSession

/// `nnviz presets`: every preset's name and one-line description.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List every preset: name and one-line description.",
        discussion: "A compare preset (several sessions side by side) ends with [compare: LABEL | LABEL ...]."
    )

    /// Text from a preset file made safe for a terminal: control characters (ESC, BEL, CR, the C1 range
    /// including CSI 0x9B, DEL, …) become "?", so a shared preset cannot retitle, clear or rewrite the
    /// user's terminal through its description, labels or file name.
    static func printable(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            out.append(v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 ? "?" : u)
        }
        return String(out)
    }

    func run() throws {
        let entries: [PresetLibrary.Entry]
        do { entries = try PresetLibrary.list() } catch { throw CLIError.failure(error.description) }
        let names = entries.map { PresetsCommand.printable($0.name) }
        let width = names.map(\.count).max() ?? 0
        var broken = 0, text = ""
        for (entry, name) in zip(entries, names) {
            let pad = String(repeating: " ", count: width - name.count)
            switch entry.result {
            case .success(let preset):
                let mark = preset.isComparison
                    ? "  [compare: " + preset.comparison.map(\.label).joined(separator: " | ") + "]" : ""
                text += name + pad + "  " + PresetsCommand.printable(preset.description + mark) + "\n"
            case .failure(let error):
                broken += 1
                text += name + pad + "  " + PresetsCommand.printable("(invalid: \(error.description))") + "\n"
            }
        }
        StandardStreams.writeOrExit(text)
        if broken > 0 { throw CLIError.failure("\(broken) preset file\(broken == 1 ? " is" : "s are") invalid (see above)") }
    }
}
