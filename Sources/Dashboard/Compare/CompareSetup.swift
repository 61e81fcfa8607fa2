import Foundation
import NNSession
import TerminalUI

/// One compared session before it runs: its panel label and its preset.
public struct CompareEntry: Sendable, Equatable {
    public var label: String
    public var preset: Preset
    public init(label: String, preset: Preset) {
        self.label = label
        self.preset = preset
    }
}

/// Turns `--compare A,B[,C,D]` (or a preset's compared sessions) into sessions that train on the same
/// data, and builds compare mode's first state.
public enum CompareSetup {
    /// `--compare` with preset names or paths, comma-separated, 2–4 of them. Every session trains on the
    /// FIRST preset's data (its `data` block replaces the others'); a model whose input or output size does
    /// not fit that data is refused with a one-line error. Labels are the preset names (numbered when a
    /// name repeats).
    public static func load(list: String, loader: (String) throws(PresetError) -> Preset = { name throws(PresetError) in
        try PresetLibrary.load(name)
    }) throws(PresetError) -> [CompareEntry] {
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
        let range = CompareState.sessionRange
        guard range.contains(names.count), !names.contains(where: \.isEmpty) else {
            throw PresetError(file: "--compare", path: "",
                              message: "expected \(range.lowerBound) to \(range.upperBound) comma-separated preset names or paths, got \"\(list)\"",
                              isUsageError: true)
        }
        var entries: [CompareEntry] = []
        for name in names {
            // A compare preset in the list stands for its base (its own sessions open with --preset).
            let p = try loader(name).base
            let repeats = entries.filter { $0.preset.name == p.name }.count
            entries.append(CompareEntry(label: repeats == 0 ? p.name : "\(p.name) #\(repeats + 1)", preset: p))
        }
        return try sharingData(entries)
    }

    /// The sessions a compare preset declares (its `compare` entries merged onto the base), with their
    /// labels; they share the base's data by construction.
    public static func entries(of preset: Preset) throws(PresetError) -> [CompareEntry] {
        try sharingData(preset.comparedPresets().map { CompareEntry(label: $0.label, preset: $0.preset) })
    }

    /// The entries with the first one's data for all (the sessions of a comparison see the same points).
    public static func sharingData(_ entries: [CompareEntry]) throws(PresetError) -> [CompareEntry] {
        guard let first = entries.first else { return entries }
        let inSize = first.preset.model.layers.first, outSize = first.preset.model.layers.last
        var out = entries
        for i in out.indices.dropFirst() {
            let p = out[i].preset
            if p.model.layers.first != inSize || p.model.layers.last != outSize {
                throw PresetError(file: p.source, path: "model.layers",
                                  message: "compared sessions all train on the first preset's data (\(first.preset.name): "
                                      + "\(first.preset.data.kind.rawValue), \(inSize ?? 0) in, \(outSize ?? 0) out); this model has "
                                      + "\(p.model.layers.first ?? 0) in, \(p.model.layers.last ?? 0) out")
            }
            out[i].preset.data = first.preset.data
        }
        return out
    }

    /// Compare mode's first state: one session state per entry, each with its own config and choices.
    /// Each session's preset takes `seed` as its training seed when given; the pace is the first preset's.
    /// The automatic analysis of a compared session is λmax alone (Lanczos), every 100 steps.
    public static func initialState(_ entries: [CompareEntry], size: Size, seed: UInt64?) -> CompareState {
        CompareState(size: size, sessions: entries.map { e in
            var preset = e.preset
            if let seed { preset.training.seed = seed }
            var app = AppState(size: size, preset: preset)
            app.spectrumPolicy = SpectrumPolicy(job: .lambdaMax, every: 100)
            return CompareSession(label: e.label, app: app)
        }, pace: entries.first?.preset.view.pace ?? .default)
    }
}
