import NNSession

/// The set-up being edited: the preset as changed so far (by the settings panel, the editing keys and the
/// clicked points) and the preset the dashboard opened, which the status bar compares it with.
public struct SetupState: Sendable, Equatable {
    /// The current set-up: what `w` writes.
    public var preset: Preset
    /// The preset the dashboard opened.
    public var original: Preset

    public init(preset: Preset, original: Preset? = nil) {
        self.preset = preset
        self.original = original ?? preset
    }

    /// The knobs of the current set-up with the opened preset's values beside them.
    public var knobs: [SetupKnob] { preset.setupKnobs(comparedTo: original) }

    /// What differs from the opened preset, for the status bar (empty when nothing does): the knobs (every
    /// hidden layer's activation when they are mixed, ``Preset/differenceLine(from:width:)``), then the
    /// number of hand-given points when it changed; cut to `width` with `…`.
    public func differences(width: Int = .max) -> String {
        var line = preset.differenceLine(from: original)
        let row = (preset.data.inputSize ?? 2) + 1
        let n = preset.data.points.count / row, n0 = original.data.points.count / row
        if n != n0 { line += (line.isEmpty ? "" : " · ") + "\(n) hand-given point" + (n == 1 ? "" : "s") }
        guard line.count > width else { return line }
        return width <= 1 ? String(line.prefix(max(width, 0))) : String(line.prefix(width - 1)) + "…"
    }

    /// The file name `w` writes (before `-2`, `-3`, … when taken): the preset's name, then `-setup`.
    public var fileStem: String {
        let base = original.name.split(separator: "/").last.map(String.init) ?? "nnviz"
        let stem = base.hasSuffix(".json") ? String(base.dropLast(5)) : base
        let safe = String(stem.unicodeScalars.map { c -> Character in
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" ? Character(c) : "-"
        })
        return (safe.isEmpty ? "nnviz" : safe) + "-setup"
    }
}
