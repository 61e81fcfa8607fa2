import Foundation
import NNCore
import Testing
@testable import NNSession

/// Presets with LayerNorm/BatchNorm: strict parsing, the writer's round trip, and save/resume.
struct NormalizationPresetTests {
    @Test func parsesTheNormalizationFields() throws {
        let all = try Preset.parse(presetText(model: #"{"layers": [2, 4, 3, 1], "normalization": "layer"}"#), file: "a.json")
        #expect(all.model.normalizations.map(\.kind) == [.layer, .layer, .none])
        let each = try Preset.parse(presetText(model: #"""
            {"layers": [2, 4, 3, 1], "normalizations": [{"kind": "batch", "eps": 0.001, "momentum": 0.2}, "none"]}
            """#), file: "b.json")
        #expect(each.model.normalizations == [Normalization(.batch, epsilon: 0.001, momentum: 0.2), .none, .none])
        #expect(each.model.parameterCount == MLP.parameterCount(sizes: [2, 4, 3, 1]) + 8)
        let plain = try Preset.parse(presetText(), file: "c.json")
        #expect(!plain.model.isNormalized && plain.model.normalizations == [.none, .none])
        // The writer round-trips, and writes nothing new for plain networks.
        for p in [all, each] {
            #expect(try Preset.parse(p.json.serialized(pretty: true), file: p.source, name: p.name) == p)
        }
        #expect(!plain.json.serialized(pretty: false).contains("normalization"))
    }

    @Test func explicitWeightsCarryGammaAndBeta() throws {
        let p = try Preset.parse(presetText(model: #"""
            {"layers": [2, 2, 1], "normalization": "layer", "weights": [
              {"weights": [[1, 0], [0, 1]], "bias": [0, 0], "gamma": [2, 3], "beta": [0.5, -0.5]},
              {"weights": [[1, 1]], "bias": [0]}]}
            """#), file: "w.json")
        #expect(p.model.explicitParameters == [1, 0, 0, 1, 0, 0, 2, 3, 0.5, -0.5, 1, 1, 0])
        let defaults = try Preset.parse(presetText(model: #"""
            {"layers": [2, 2, 1], "normalization": "batch", "weights": [
              {"weights": [[1, 0], [0, 1]], "bias": [0, 0]}, {"weights": [[1, 1]], "bias": [0]}]}
            """#), file: "w.json")
        #expect(defaults.model.explicitParameters == [1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0])
        #expect(try Preset.parse(p.json.serialized(pretty: false), file: "w.json") == p)
    }

    static let malformed: [MalformedCase] = [
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": "group"}"#),
              expected: #"presets/x.json: model.normalization: expected a normalization kind (one of: none, layer, batch), got "group""#),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": {"kind": "layer", "momentum": 0.1}}"#),
              expected: #"presets/x.json: model.normalization.momentum: expected no "momentum" for "layer" (only batch has running statistics)"#),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": {"kind": "batch", "eps": 0}}"#),
              expected: "presets/x.json: model.normalization.eps: expected a number > 0 and <= 1, got 0"),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": {"kind": "batch", "decay": 1}}"#),
              expected: "presets/x.json: model.normalization.decay: unknown key (expected one of: kind, eps, momentum)"),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": "layer", "normalizations": ["layer"]}"#),
              expected: #"presets/x.json: model.normalizations: expected either "normalization" (every hidden layer) or "normalizations" (one per hidden layer), not both"#),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalizations": ["layer", "none"]}"#),
              expected: #"presets/x.json: model.normalizations: expected an array of 1 normalizations (one per hidden layer), got an array"#),
        .init(text: presetText(model: #"{"layers": [2, 1], "normalization": "layer"}"#),
              expected: #"presets/x.json: model.normalization: expected "none": a network without hidden layers has nothing to normalise"#),
        .init(text: presetText(model: #"{"layers": [2, 4, 1], "normalization": "batch"}"#,
                               training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 1}"#),
              expected: #"presets/x.json: training.batch: expected an integer >= 2 or "full" with BatchNorm (batch statistics need at least two points), got 1"#),
        .init(text: presetText(model: #"{"layers": [2, 2, 1], "weights": [{"weights": [[1, 0], [0, 1]], "bias": [0, 0], "gamma": [1, 1]}, {"weights": [[1, 1]], "bias": [0]}]}"#),
              expected: "presets/x.json: model.weights[0].gamma: unknown key (expected one of: weights, bias)"),
        .init(text: presetText(model: #"{"layers": [2, 2, 1], "normalization": "layer", "weights": [{"weights": [[1, 0], [0, 1]], "bias": [0, 0], "gamma": [1]}, {"weights": [[1, 1]], "bias": [0]}]}"#),
              expected: "presets/x.json: model.weights[0].gamma: expected an array of 2 numbers, got an array"),
    ]

    @Test(arguments: NormalizationPresetTests.malformed)
    func malformedNormalizationIsOneClearLine(_ c: MalformedCase) {
        let message = presetError(c.text)
        #expect(message == c.expected)
        #expect(message?.contains("\n") == false)
    }

    /// BatchNorm (running statistics in the file) and LayerNorm: N steps + save + load + N steps = 2N steps.
    @Test(arguments: ["batch", "layer"])
    func resumedNormalisedRunIsBitIdentical(_ kind: String) throws {
        let preset = try Preset.parse(presetText(
            data: #"{"kind": "xor", "n": 60, "test_fraction": 0.2, "seed": 3}"#,
            model: #"{"layers": [2, 6, 5, 1], "activation": "tanh", "normalization": "\#(kind)"}"#,
            training: #"{"optimizer": {"name": "adam", "lr": 0.01}, "batch": 10, "dropout": 0.1, "seed": 9}"#),
            file: "norm.json")
        var whole = try Session(preset: preset, recordsHistory: false)
        whole.step(14)
        var first = try Session(preset: preset, recordsHistory: false)
        first.step(7)
        let path = NSTemporaryDirectory() + "nnviz-norm-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.save(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("running_statistics") == (kind == "batch"))
        var resumed = try Session(loading: path, recordsHistory: false)
        #expect(resumed.trainer.savedState == first.trainer.savedState)
        #expect(resumed.metrics == first.metrics)
        resumed.step(7)
        let a = whole.trainer.savedState, b = resumed.trainer.savedState
        #expect(a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern))
        #expect(a.runningStatistics.map(\.bitPattern) == b.runningStatistics.map(\.bitPattern))
        #expect(a == b)
        if kind == "batch" {
            #expect(a.runningStatistics.count == 2 * (6 + 5))
            #expect(a.runningStatistics != first.trainer.savedState.runningStatistics)
            // The test loss uses the running statistics: the same as the NNCore inference-mode evaluation.
            var ws = BackpropWorkspace(for: whole.model, batchCapacity: 64)
            let test = Objective(loss: preset.training.loss).evaluate(model: whole.model, data: whole.data.test,
                                                                      workspace: &ws, mode: .inference)
            #expect(whole.metrics.testLoss == test.loss)
        }
    }

    /// `layernorm-deep`: with LayerNorm the deep ReLU net fits x·sin x under SGD at lr 0.05; the same net
    /// without LayerNorm does not (it blows up, its ReLUs die).
    @Test func deepLayerNormPresetTrainsWherePlainFails() throws {
        let preset = try PresetLibrary.load("layernorm-deep")
        #expect(preset.model.normalizations.dropLast().allSatisfy { $0.kind == .layer })
        var normed = try Session(preset: preset, recordsHistory: false)
        normed.step(1000)
        var plainPreset = preset
        plainPreset.model.normalizations = Array(repeating: .none, count: preset.model.layers.count - 1)
        var plain = try Session(preset: plainPreset, recordsHistory: false)
        plain.step(1000)
        #expect(normed.metrics.trainObjective < 1 && normed.metrics.testLoss ?? 1 < 1)
        #expect(!(plain.metrics.trainObjective < 2), "plain: \(plain.metrics.trainObjective)")
    }

    @Test func missingRunningStatisticsAreRefused() throws {
        let preset = try Preset.parse(presetText(model: #"{"layers": [2, 3, 1], "normalization": "batch"}"#), file: "bn.json")
        let s = try Session(preset: preset, recordsHistory: false)
        guard case .object(var root) = s.fileJSON, case .object(var t)? = root["trainer"] else {
            Issue.record("a session file is an object with a trainer object"); return
        }
        t["running_statistics"] = .array([.number(0)])
        root["trainer"] = .object(t)
        #expect(throws: PresetError.self) { try Session(json: .object(root), file: "s.json") }
        do { _ = try Session(json: .object(root), file: "s.json") } catch {
            #expect(error.description == "s.json: trainer.running_statistics: expected 6 numbers (BatchNorm running means and variances), got 1")
        }
    }
}
