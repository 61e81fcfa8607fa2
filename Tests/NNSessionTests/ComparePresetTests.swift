import Testing
@testable import NNSession
import NNCore

/// The compare format: entries deep-merged onto the base, each merged session a valid ordinary preset,
/// the writer round trip, and `nnviz train`'s compare lines (checked against single-session runs).
@Suite struct ComparePresetTests {
    static let text = presetText(
        model: #"{"layers": [2, 4, 1], "activation": "tanh"}"#,
        training: #"{"optimizer": {"name": "momentum", "lr": 0.1, "momentum": 0.5}, "batch": 16, "seed": 3}"#,
        extra: """
        , "compare": [
          {"label": "base"},
          {"label": "adam", "training": {"optimizer": {"name": "adam", "beta2": 0.99}}},
          {"label": "deep", "model": {"layers": [2, 3, 3, 1]}, "training": {"batch": "full", "clip": 1}},
          {"label": "relu", "model": {"activation": "relu", "output_activation": "sigmoid"}}
        ]
        """)

    @Test func entriesAreDeepMergedOntoTheBase() throws {
        let p = try Preset.parse(Self.text, file: "presets/c.json")
        #expect(p.comparison.map(\.label) == ["base", "adam", "deep", "relu"])
        let s = try p.comparedPresets()
        #expect(s.map(\.label) == ["base", "adam", "deep", "relu"])
        #expect(s.allSatisfy { !$0.preset.isComparison && $0.preset.name == "c" && $0.preset.data == p.data })
        // An entry without changes is the base itself.
        #expect(s[0].preset == p.base)
        // Another optimiser keeps the base's lr and drops the keys it does not have (momentum).
        var adam = OptimizerSpec(name: .adam, lr: 0.1)
        adam.beta2 = 0.99
        #expect(s[1].preset.training.optimizer == adam)
        #expect(s[1].preset.training.batch == 16 && s[1].preset.training.seed == 3)
        // Arrays are replaced; the base's hidden activation follows the new layers; scalars replaced.
        #expect(s[2].preset.model.layers == [2, 3, 3, 1])
        #expect(s[2].preset.model.activations == [.tanh, .tanh, .linear])
        #expect(s[2].preset.training.batch == nil && s[2].preset.training.clip == 1)
        #expect(s[2].preset.training.optimizer == p.training.optimizer)
        #expect(s[3].preset.model.activations == [.relu, .sigmoid])
        #expect(s[3].preset.model.layers == [2, 4, 1])
    }

    @Test func anOrdinaryPresetHasNoSessions() throws {
        let p = try Preset.parse(presetText(), file: "x.json")
        #expect(!p.isComparison)
        #expect(try p.comparedPresets().isEmpty)
        #expect(!p.json.serialized().contains("compare"))
    }

    @Test func theWriterRoundTripsACompareFile() throws {
        let p = try Preset.parse(Self.text, file: "presets/c.json")
        let back = try Preset.parse(p.json.serialized(), file: "presets/c.json")
        #expect(back == p)
        #expect(try back.comparedPresets() == p.comparedPresets())
    }

    @Test func mixedBaseActivationsMustBeRestatedWhenLayersChange() throws {
        // The base's per-layer activations cannot follow a new depth: the error names the entry.
        let text = presetText(model: #"{"layers": [2, 4, 4, 1], "activations": ["tanh", "relu", "linear"]}"#,
                              extra: #", "compare": [{"label": "a"}, {"label": "b", "model": {"layers": [2, 4, 1]}}]"#)
        #expect(presetError(text) == "presets/x.json: compare[1].model.activations: expected an array of 2 activations (one per layer, output last), got an array")
        let fixed = presetText(model: #"{"layers": [2, 4, 4, 1], "activations": ["tanh", "relu", "linear"]}"#,
                               extra: #", "compare": [{"label": "a"}, {"label": "b", "model": {"layers": [2, 4, 1], "activation": "relu"}}]"#)
        let s = try Preset.parse(fixed, file: "x.json").comparedPresets()
        #expect(s[1].preset.model.activations == [.relu, .linear])
    }

    @Test func compareLinesAreTheSingleRunsLinesWithASessionField() throws {
        let p = try Preset.parse(Self.text, file: "presets/c.json")
        let compared = try p.comparedPresets()
        var sessions = try compared.map { c throws(PresetError) in try Session(preset: c.preset, recordsHistory: false) }
        var lines: [String] = []
        TrainLog.runComparison(&sessions, labels: compared.map(\.label), steps: 7, every: 3) { lines.append($0) }
        // Checkpoints 0, 3, 6, 7, one line per session each, in session order.
        #expect(lines.count == 4 * 4)
        for (k, c) in compared.enumerated() {
            var alone = try Session(preset: c.preset, recordsHistory: false)
            var expected: [String] = []
            TrainLog.run(&alone, steps: 7, every: 3) { expected.append($0) }
            let prefix = "{\"session\":\"\(c.label)\","
            let mine = lines.filter { $0.hasPrefix(prefix) }.map { "{" + $0.dropFirst(prefix.count) }
            #expect(mine == expected, "session \(k)")
        }
        #expect(lines[0].hasPrefix("{\"session\":\"base\",\"step\":0,"))
        #expect(lines[1].hasPrefix("{\"session\":\"adam\",\"step\":0,"))
    }

    @Test func aDivergingSessionStopsAloneAndTheOthersGoOn() throws {
        let text = presetText(data: #"{"kind": "xor", "n": 100, "test_fraction": 0.2}"#,
                              extra: #", "compare": [{"label": "ok"}, {"label": "boom", "training": {"optimizer": {"lr": 1e150}}}]"#)
        let compared = try Preset.parse(text, file: "x.json").comparedPresets()
        var sessions = try compared.map { c throws(PresetError) in try Session(preset: c.preset, recordsHistory: false) }
        var lines: [String] = []
        TrainLog.runComparison(&sessions, labels: ["ok", "boom"], steps: 20, every: 10) { lines.append($0) }
        let boom = try #require(sessions[1].trainer.divergence)
        #expect(boom.step < 20)
        #expect(sessions[0].step == 20 && sessions[0].trainer.divergence == nil)
        #expect(lines.filter { $0.hasPrefix("{\"session\":\"ok\"") }.count == 3)
        let last = try #require(lines.last { $0.hasPrefix("{\"session\":\"boom\"") })
        #expect(last.contains("\"step\":\(boom.step),"))
    }

    @Test func initScaleMultipliesTheDrawnParameters() throws {
        let plain = try Session(preset: try Preset.parse(presetText(), file: "x.json"))
        let small = try Preset.parse(presetText(model: #"{"layers": [2, 4, 1], "init_scale": 0.1}"#), file: "x.json")
        #expect(small.model.initScale == 0.1)
        #expect(try Preset.parse(small.json.serialized(), file: "x.json") == small)
        let scaled = try Session(preset: small)
        #expect(scaled.model.parameters == plain.model.parameters.map { $0 * 0.1 })
        #expect(presetError(presetText(model: #"{"layers": [2, 1], "weights": [{"weights": [[1, 2]], "bias": [0]}], "init_scale": 2}"#))
                == #"presets/x.json: model.init_scale: expected no "init_scale" when "weights" sets every parameter"#)
    }

    @Test func normalisationsMergeAndBatchNormNeedsTwoPointsPerSession() throws {
        let base = #"{"layers": [2, 4, 4, 1], "normalizations": ["layer", "layer"]}"#
        let text = presetText(model: base, training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 1}"#,
                              extra: #", "compare": [{"label": "ln"}, {"label": "none", "model": {"normalization": "none", "layers": [2, 3, 1]}}]"#)
        let s = try Preset.parse(text, file: "x.json").comparedPresets()
        #expect(s[0].preset.model.normalizations == [.layer, .layer, .none])
        #expect(s[1].preset.model.normalizations == [.none, .none] && s[1].preset.model.layers == [2, 3, 1])
        let bn = presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 1}"#,
                            extra: #", "compare": [{"label": "a"}, {"label": "bn", "model": {"normalization": "batch"}}]"#)
        #expect(presetError(bn) == #"presets/x.json: compare[1].training.batch: expected an integer >= 2 or "full" with BatchNorm (batch statistics need at least two points), got 1"#)
    }
}
