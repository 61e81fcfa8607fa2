import Foundation
import Testing
@testable import NNSession
import NNCore

/// The set-up model: which knobs apply, how they step, "differs from preset", and the written set-up —
/// parsed back equal, rewritten byte for byte, and trained bit-identically (in-process and by
/// `nnviz train --preset WRITTEN`).
@Suite struct SetupKnobTests {
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "nnviz-setup-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func knobsListWhatAppliesWithTheirValues() throws {
        let circle = try PresetLibrary.load("circle")
        let ids = circle.knobIDs
        #expect(ids.prefix(7) == [.dataset, .noise, .trainPercent, .batch, .learningRate, .schedule, .optimizer])
        #expect(!ids.contains(.momentum) && !ids.contains(.beta1), "sgd has neither")
        #expect(ids.contains(.loss), "binary data: bce or mse")
        #expect(ids.filter { if case .feature = $0 { return true }; return false }.count == 9)
        #expect(ids.last == .seed)
        let knobs = circle.setupKnobs(comparedTo: circle)
        #expect(knobs.allSatisfy { !$0.differsFromPreset })
        let value = Dictionary(uniqueKeysWithValues: knobs.map { ($0.label, $0.value) })
        #expect(value["dataset"] == "disc" && value["train %"] == "80%" && value["batch size"] == "32")
        #expect(value["learning rate"] == "0.1" && value["optimiser"] == "sgd" && value["L1"] == "off")
        #expect(value["feature x1"] == "on" && value["feature x1^2"] == "off" && value["seed"] == "1")
        let regression = try PresetLibrary.load("regression-1d")
        #expect(!regression.knobIDs.contains(.loss), "only mse fits regression")
        #expect(regression.knobIDs.contains(.feature(.xCubed)) && !regression.knobIDs.contains(.feature(.x1)))
        let adam = circle.steppingKnob(.optimizer, by: 2)
        #expect(adam.training.optimizer.name == .adam && adam.knobIDs.contains(.beta1) && adam.knobIDs.contains(.beta2))
        #expect(adam.training.optimizer.lr == 0.1, "the learning rate stays")
    }

    @Test func steppingMovesAlongTheLaddersAndMarksTheDifference() throws {
        let p = try PresetLibrary.load("circle")
        let lr = p.steppingKnob(.learningRate, by: 1)
        #expect(lr.training.optimizer.lr == 0.3)
        #expect(lr.knobsDiffering(from: p) == [.learningRate])
        #expect(lr.steppingKnob(.learningRate, by: -1) == p, "and back")
        #expect(p.steppingKnob(.learningRate, by: 100).training.optimizer.lr == 10, "clamped at the top")
        // Off the ladder: to the next rung in the step's direction.
        var odd = p
        odd.training.optimizer.lr = 0.05
        #expect(odd.steppingKnob(.learningRate, by: 1).training.optimizer.lr == 0.1)
        #expect(odd.steppingKnob(.learningRate, by: -1).training.optimizer.lr == 0.03)
        let noisy = p.steppingKnob(.noise, by: 3)
        #expect(noisy.data.noise == 0.1 && noisy.knobsDiffering(from: p) == [.noise])
        let l1 = p.steppingKnob(.l1, by: 4)
        #expect(l1.training.l1 == 0.003 && l1.formatted(.l1) == "0.003")
        #expect(p.steppingKnob(.trainPercent, by: -3).data.testFraction == 0.5)
        let all = p.steppingKnob(.trainPercent, by: 5)
        #expect(all.data.testFraction == 0 && all.formatted(.trainPercent) == "100%")
        // Batch: the ladder below the training set size (320 points), then full, and back down.
        #expect(p.steppingKnob(.batch, by: 1).training.batch == 50)
        let full = p.steppingKnob(.batch, by: 100)
        #expect(full.training.batch == nil && full.formatted(.batch) == "full")
        #expect(full.steppingKnob(.batch, by: -1).training.batch == 256)
        #expect(p.steppingKnob(.seed, by: 1).training.seed == 2 && p.steppingKnob(.seed, by: -5).training.seed == 0)
        #expect(p.steppingKnob(.momentum, by: 1) == p, "a knob that does not apply changes nothing")
    }

    @Test func featureTogglesKeepCanonicalOrderAndAtLeastOneInput() throws {
        let p = try PresetLibrary.load("circle")
        let squares = p.togglingFeature(.x2Squared).togglingFeature(.x1Squared).togglingFeature(.x1).togglingFeature(.x2)
        #expect(squares.model.features == [.x1Squared, .x2Squared] && squares.model.layers[0] == 2)
        #expect(squares.knobsDiffering(from: p) == [.feature(.x1), .feature(.x2), .feature(.x1Squared), .feature(.x2Squared)])
        let three = squares.steppingKnob(.feature(.x1x2), by: 1)
        #expect(three.model.features == [.x1Squared, .x2Squared, .x1x2] && three.model.layers == [3, 8, 8, 8, 8, 8, 8, 1])
        let one = p.togglingFeature(.x1)
        #expect(one.model.features == [.x2] && one.model.layers[0] == 1)
        #expect(one.togglingFeature(.x2) == one, "the last input stays")
        #expect(one.togglingFeature(.x1) == p, "back to the raw inputs: no features in the file")
        // Hand-set weights give way when the input width changes.
        let hand = try PresetLibrary.load("relu-regions-4x4")
        #expect(hand.model.explicitParameters != nil)
        #expect(hand.togglingFeature(.x1x2).model.explicitParameters == nil)
    }

    /// Property: any sequence of knob steps yields a preset the parser accepts, equal to the edited one,
    /// whose text is rewritten byte for byte; a session from it trains bit-identically (every 8th sequence
    /// trained, to keep the test fast in debug builds).
    @Test func anyEditSequenceWritesAPresetThatRoundTrips() throws {
        var rng = SeededRNG(seed: 2026)
        let names = ["circle", "moons", "regression-1d", "spiral-3", "xor", "sawtooth", "relu-regions-4x4", "gaussians"]
        for trial in 0..<48 {
            var p = try PresetLibrary.load(names[trial % names.count])
            let original = p
            for _ in 0..<(1 + Int(rng.next() % 10)) {
                let ids = p.knobIDs
                let id = ids[Int(rng.next() % UInt64(ids.count))]
                let delta = Int(rng.next() % 5) - 2
                p = p.steppingKnob(id, by: delta == 0 ? 1 : delta)
            }
            let text = p.setupText
            let file = "edited-\(trial).json"
            let parsed = try Preset.parse(text, file: file)
            var expected = p
            expected.name = parsed.name
            expected.source = file
            #expect(parsed == expected, "trial \(trial): \(p.knobsDiffering(from: original))")
            #expect(parsed.setupText == text, "trial \(trial): byte for byte")
            if trial % 8 == 0 {
                var a = try Session(preset: p, recordsHistory: false), b = try Session(preset: parsed, recordsHistory: false)
                a.step(12)
                b.step(12)
                #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
                #expect(TrainLog.line(a) == TrainLog.line(b))
            }
        }
    }

    @Test func writingNeverOverwrites() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try PresetLibrary.load("xor")
        let first = try p.writeSetup(directory: dir, stem: "xor-edited")
        #expect(first == dir + "/xor-edited.json")
        let edited = p.steppingKnob(.noise, by: 2)
        let second = try edited.writeSetup(directory: dir, stem: "xor-edited")
        #expect(second == dir + "/xor-edited-2.json")
        #expect(try String(contentsOfFile: first, encoding: .utf8) == p.setupText, "the first file is untouched")
        #expect(try String(contentsOfFile: second, encoding: .utf8) == edited.setupText)
        #expect(try PresetLibrary.load(second).data.noise == edited.data.noise)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
        #expect(throws: PresetError.self) { try p.writeSetup(directory: dir + "/missing", stem: "x") }
    }

    /// `nnviz train --preset WRITTEN` prints what a session of the edited set-up prints, line for line.
    @Test func trainFromTheWrittenFileMatchesTheEditedSetup() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var p = try PresetLibrary.load("moons")
        for (id, delta) in [(SetupKnobID.noise, 2), (.batch, -2), (.learningRate, -1), (.optimizer, 1), (.momentum, 1),
                            (.l1, 3), (.l2, 2), (.feature(.x1x2), 1), (.feature(.sinX1), 1), (.seed, 3)] {
            p = p.steppingKnob(id, by: delta)
        }
        #expect(p.knobsDiffering(from: try PresetLibrary.load("moons")).count >= 9)
        let path = try p.writeSetup(directory: dir, stem: "moons-edited")
        var session = try Session(preset: p, recordsHistory: false)
        var lines: [String] = []
        TrainLog.run(&session, steps: 40, every: 10) { lines.append($0) }
        let r = try CLIProcessTests().nnviz(["train", "--preset", path, "--steps", "40", "--every", "10"])
        #expect(r.status == 0 && r.err.isEmpty)
        #expect(r.out == lines.joined(separator: "\n") + "\n")
    }

    // MARK: hand-given points

    static let pointErrors: [MalformedCase] = [
        .init(text: presetText(data: #"{"kind": "xor", "n": 40, "points": [[0.5, 0.5, 2]]}"#),
              expected: "presets/x.json: data.points[0][2]: expected a class 0 or 1, got 2"),
        .init(text: presetText(data: #"{"kind": "xor", "n": 40, "points": [[0.5, 1]]}"#),
              expected: "presets/x.json: data.points[0]: expected a point [x1, x2, class] (3 numbers), got an array"),
        .init(text: presetText(data: #"{"kind": "xor", "n": 40, "points": []}"#),
              expected: "presets/x.json: data.points: expected an array of 1 to 10000 points [x1, x2, class], got an empty array"),
        .init(text: presetText(data: #"{"kind": "xor", "n": 40, "points": [[0.5, "a", 1]]}"#),
              expected: #"presets/x.json: data.points[0][1]: expected a number, got "a""#),
        .init(text: presetText(data: #"{"kind": "sine", "n": 40, "points": [[0.5, 1, 2]]}"#, model: #"{"layers": [1, 4, 1]}"#),
              expected: "presets/x.json: data.points[0]: expected a point [x, y] (2 numbers), got an array"),
        .init(text: presetText(data: #"{"kind": "spirals", "classes": 3, "n": 60, "points": [[0, 0, 3]]}"#, model: #"{"layers": [2, 4, 3]}"#),
              expected: "presets/x.json: data.points[0][2]: expected a class between 0 and 2, got 3"),
    ]

    @Test(arguments: pointErrors)
    func malformedPointsAreOneLineErrors(_ c: MalformedCase) {
        #expect(presetError(c.text) == c.expected)
    }

    @Test func pointsTrainAfterTheGeneratedOnes() throws {
        let p = try Preset.parse(presetText(data: #"{"kind": "spirals", "classes": 3, "n": 60, "test_fraction": 0.2, "points": [[0.5, -0.25, 2], [1, 1, 0]]}"#,
                                            model: #"{"layers": [2, 4, 3]}"#, training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 50}"#),
                                 file: "p.json")
        #expect(p.data.pointCount == 2 && p.data.trainCount == 50)
        let g = try p.data.generate()
        var plain = p.data
        plain.points = []
        let without = try plain.generate()
        #expect(g.test == without.test && g.train.count == without.train.count + 2)
        #expect(Array(g.train.x.suffix(4)) == [0.5, -0.25, 1, 1])
        #expect(Array(g.train.y.suffix(6)) == [0, 0, 1, 1, 0, 0])
        #expect(Array(g.train.x.prefix(without.train.x.count)) == without.train.x)
    }

    /// Clicked points are kept: the written set-up starts from step 0 on the same training set, and a run
    /// from it is bit-identical to a run of the session's set-up.
    @Test func clickedPointsAreWrittenWithTheSetup() throws {
        var s = try Session(preset: try PresetLibrary.load("moons"), recordsHistory: false)
        s.step(5)
        try s.addTrainingPoint(x: [0.25, 1.5], label: 1)
        try s.addTrainingPoint(x: [-1, -0.5], label: 0)
        let kept = try s.setupPreset()
        #expect(kept.data.points == [0.25, 1.5, 1, -1, -0.5, 0])
        let parsed = try Preset.parse(kept.setupText, file: "moons-edited.json")
        #expect(parsed.setupText == kept.setupText)
        var a = try Session(preset: parsed, recordsHistory: false), b = try Session(preset: kept, recordsHistory: false)
        #expect(a.rawData.train == s.rawData.train, "the same training set, clicked points last")
        a.step(15)
        b.step(15)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
        // One more click on a session of the kept set-up adds to the preset's own points.
        try a.addTrainingPoint(x: [0, 0], label: 1)
        #expect(try a.setupPreset().data.points == kept.data.points + [0, 0, 1])
        // Regression points (value targets) and k classes (one-hot back to the class index).
        var sine = try Session(preset: try PresetLibrary.load("regression-1d"), recordsHistory: false)
        try sine.addTrainingPoint(x: [0.5], target: [-0.75])
        #expect(try sine.setupPreset().data.points == [0.5, -0.75])
        var spiral = try Session(preset: try PresetLibrary.load("spiral-3"), recordsHistory: false)
        try spiral.addTrainingPoint(x: [0.1, 0.2], label: 2)
        #expect(try spiral.setupPreset().data.points == [0.1, 0.2, 2])
        #expect(try PresetLibrary.load("moons").data.points.isEmpty)
        // Another data set of the same kind keeps them; one of another input size or task drops them.
        #expect(kept.settingDataset(.xor).data.points == kept.data.points)
        #expect(kept.settingDataset(.sine).data.points.isEmpty && kept.settingDataset(.bowl).data.points.isEmpty)
    }

    // MARK: typed values and the status line

    @Test func typedValuesSetKnobsOrSayWhatWasExpected() throws {
        let p = try PresetLibrary.load("circle")
        #expect(try p.settingKnob(.learningRate, to: "0.05").training.optimizer.lr == 0.05)
        #expect(try p.settingKnob(.noise, to: " 0.3 ").data.noise == 0.3)
        #expect(try p.settingKnob(.trainPercent, to: "70%").data.testFraction == 0.3)
        #expect(try p.settingKnob(.batch, to: "full").training.batch == nil)
        #expect(try p.settingKnob(.l1, to: "1e-4").training.l1 == 1e-4)
        #expect(try p.settingKnob(.l2, to: "off").training.l2 == 0)
        #expect(try p.settingKnob(.optimizer, to: "adamw").training.optimizer.name == .adamw)
        #expect(try p.settingKnob(.activation, to: "tanh").model.activations.dropLast().allSatisfy { $0.kind == .tanh })
        #expect(try p.settingKnob(.feature(.x1Squared), to: "on").model.features == [.x1, .x2, .x1Squared])
        #expect(try p.settingKnob(.feature(.x1), to: "on") == p, "already on")
        #expect(try p.settingKnob(.seed, to: "42").training.seed == 42)
        #expect(try p.settingKnob(.dataset, to: "moons").data.kind == .moons)
        func error(_ id: SetupKnobID, _ text: String) -> String? {
            do { _ = try p.settingKnob(id, to: text); return nil } catch { return error.description }
        }
        #expect(error(.learningRate, "fast") == #"learning rate: expected a number between 1e-06 and 100, got "fast""#)
        #expect(error(.batch, "0") == #"batch size: expected an integer between 1 and 320 or full, got "0""#)
        #expect(error(.trainPercent, "5") == #"train %: expected a whole percentage between 10 and 100, got "5""#)
        #expect(error(.optimizer, "rmsprop") == #"optimiser: expected one of sgd, momentum, adam, adamw, got "rmsprop""#)
        #expect(error(.dropout, "1") == #"dropout: expected a number >= 0 and < 1, or off, got "1""#)
        #expect(error(.momentum, "0.9") == "momentum: not a knob of this preset")
        #expect(error(.feature(.x1), "yes") == #"feature x1: expected on or off, got "yes""#)
    }

    @Test func theDifferenceLineNamesWhatChanged() throws {
        let p = try PresetLibrary.load("circle")
        #expect(p.differenceLine(from: p).isEmpty)
        let e = p.steppingKnob(.noise, by: 3).steppingKnob(.batch, by: -1).togglingFeature(.x1x2)
        #expect(e.differenceLine(from: p) == "noise 0.1 · batch size 30 · x1*x2 on")
        #expect(e.differenceLine(from: p, width: 12) == "noise 0.1 ·…")
    }
}
