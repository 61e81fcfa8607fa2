import Foundation
import Testing
@testable import NNSession
import NNCore

/// The settings panel's edits through ``PresetEdit``: knob steps and typed values, hand-given points, and
/// the live retune of a running session (the knobs that keep the weights).
@Suite struct SettingsEditTests {
    @Test func knobEditsAreTheSetupModelsAndValidated() throws {
        let p = try PresetLibrary.load("moons")
        for id in p.knobIDs {
            for delta in [-2, -1, 1, 3] {
                let q = try PresetEdit.apply(.stepKnob(id, by: delta), to: p)
                #expect(q == p.steppingKnob(id, by: delta), "\(id) by \(delta)")
            }
        }
        #expect(try PresetEdit.apply(.setKnob(.noise, to: "0.25"), to: p).data.noise == 0.25)
        #expect(throws: PresetEditError("learning rate: expected a number between 1e-06 and 100, got \"abc\"")) {
            try PresetEdit.apply(.setKnob(.learningRate, to: "abc"), to: p)
        }
        // Momentum is not a knob of an Adam preset.
        #expect(p.training.optimizer.name == .adam)
        #expect(throws: PresetEditError("momentum: not a knob of this preset")) {
            try PresetEdit.apply(.stepKnob(.momentum, by: 1), to: p)
        }
    }

    @Test func oneHiddenLayersActivationSteps() throws {
        let p = try PresetLibrary.load("moons")
        let kinds = Activation.Kind.allCases
        #expect(p.model.activations.map(\.kind) == [.relu, .relu, .linear])
        let i = try #require(kinds.firstIndex(of: .relu))
        let q = try PresetEdit.apply(.stepHiddenActivation(hidden: 1, by: 1), to: p)
        #expect(q.model.activations.map(\.kind) == [.relu, kinds[(i + 1) % kinds.count], .linear])
        let back = try PresetEdit.apply(.stepHiddenActivation(hidden: 1, by: -1), to: q)
        #expect(back == p)
        let wrap = try PresetEdit.apply(.stepHiddenActivation(hidden: 0, by: -(i + 1)), to: p)
        #expect(wrap.model.activations[0].kind == kinds[kinds.count - 1], "cyclic")
        #expect(throws: PresetEditError("no hidden layer h3 (the net has 2)")) {
            try PresetEdit.apply(.stepHiddenActivation(hidden: 2, by: 1), to: p)
        }
        #expect(!PresetEdit.stepHiddenActivation(hidden: 0, by: 1).rebuildsSession)
        // The running session takes it with its weights.
        var s = try Session(preset: p, recordsHistory: false)
        s.step(3)
        #expect(s.canRetune(to: q))
        let theta = s.model.parameters
        try s.retune(to: q)
        #expect(s.model.parameters == theta)
        #expect(s.model.activations.map(\.kind) == q.model.activations.map(\.kind))
    }

    @Test func whichKnobEditsRebuild() {
        #expect(PresetEdit.stepKnob(.noise, by: 1).rebuildsSession)
        #expect(PresetEdit.stepKnob(.feature(.x1Squared), by: 1).rebuildsSession)
        #expect(PresetEdit.setKnob(.seed, to: "4").rebuildsSession)
        #expect(!PresetEdit.stepKnob(.batch, by: 1).rebuildsSession)
        #expect(!PresetEdit.stepKnob(.activation, by: 1).rebuildsSession)
        #expect(!PresetEdit.setKnob(.l2, to: "0.1").rebuildsSession)
        #expect(!PresetEdit.addPoint([0, 0, 1]).rebuildsSession)
        #expect(PresetEdit.erasePoints.rebuildsSession)
    }

    @Test func pointsAreAddedCheckedAndErased() throws {
        let xor = try PresetLibrary.load("xor")
        var p = try PresetEdit.apply(.addPoint([0.5, -0.25, 1]), to: xor)
        p = try PresetEdit.apply(.addPoint([-1, 1, 0]), to: p)
        #expect(p.data.points == [0.5, -0.25, 1, -1, 1, 0])
        #expect(throws: PresetEditError("a class 0 or 1, got 2")) { try PresetEdit.apply(.addPoint([0, 0, 2]), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.addPoint([0, 0]), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.addPoint([.nan, 0, 1]), to: p) }
        let erased = try PresetEdit.apply(.erasePoints, to: p)
        #expect(erased.data.points.isEmpty)
        #expect(erased == xor)
        #expect(throws: PresetEditError("no hand-given points to erase")) { try PresetEdit.apply(.erasePoints, to: erased) }
        // 1D regression: (x, y) points with any value; the session trains on them after the generated ones.
        let sine = try PresetLibrary.load("regression-1d")
        let q = try PresetEdit.apply(.addPoint([0.3, 7.5]), to: sine)
        #expect(q.data.points == [0.3, 7.5])
        let s = try Session(preset: q, recordsHistory: false)
        #expect(s.rawData.train.count == sine.data.trainCount + 1)
        #expect(s.rawData.train.input(s.rawData.train.count - 1).map { $0 } == [0.3])
        #expect(s.rawData.train.target(s.rawData.train.count - 1).map { $0 } == [7.5])
    }

    /// Property: any sequence of settings edits (steps, typed values, points) gives a preset the parser
    /// accepts, and the file `w` writes reads back equal and is rewritten byte for byte.
    @Test func anySettingsEditSequenceRoundTripsThroughTheWrittenFile() throws {
        let dir = NSTemporaryDirectory() + "nnviz-settings-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededRNG(seed: 16)
        let names = ["circle", "moons", "regression-1d", "spiral-3", "xor", "gaussians"]
        let typed: [SetupKnobID: [String]] = [
            .noise: ["0", "0.33", "2"], .batch: ["3", "full"], .learningRate: ["0.007", "2e-4"], .l1: ["off", "0.002"],
            .l2: ["1e-3", "off"], .dropout: ["0.25", "off"], .seed: ["0", "12345"], .trainPercent: ["75", "100%"],
            .schedule: ["cosine", "constant"], .optimizer: ["sgd", "momentum", "adamw"], .initializer: ["xavier", "he"],
        ]
        for trial in 0..<36 {
            var p = try PresetLibrary.load(names[trial % names.count])
            for _ in 0..<(1 + Int(rng.next() % 12)) {
                let ids = p.knobIDs
                let id = ids[Int(rng.next() % UInt64(ids.count))]
                let edit: PresetEdit
                switch rng.next() % 4 {
                case 0 where typed[id] != nil:
                    let values = typed[id] ?? []
                    edit = .setKnob(id, to: values[Int(rng.next() % UInt64(values.count))])
                case 1 where p.data.inputSize == 2 && p.data.task != .regression:
                    let k: UInt64 = p.data.task == .binary ? 2 : 3
                    edit = .addPoint([Double(rng.next() % 200) / 100 - 1, Double(rng.next() % 200) / 100 - 1, Double(rng.next() % k)])
                case 1 where p.data.inputSize == 1:
                    edit = .addPoint([Double(rng.next() % 200) / 100 - 1, Double(rng.next() % 300) / 100])
                default:
                    let delta = Int(rng.next() % 5) - 2
                    edit = .stepKnob(id, by: delta == 0 ? 1 : delta)
                }
                do { p = try PresetEdit.apply(edit, to: p) } catch {
                    // A typed value a knob refuses (e.g. a batch above the training set) leaves p as it was.
                    guard case .setKnob = edit else { throw error }
                }
            }
            let path = try p.writeSetup(directory: dir, stem: "trial")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes == Data(p.setupText.utf8), "trial \(trial): the file is the set-up's text")
            let back = try PresetLibrary.load(path)
            var expected = p
            expected.name = back.name
            expected.source = back.source
            #expect(back == expected, "trial \(trial)")
            #expect(back.setupText == p.setupText, "trial \(trial): byte for byte")
        }
    }

    /// A preset trained full-batch by plain SGD with a constant rate follows no random stream, so a retuned
    /// run must equal a fresh session of the edited preset started from the retuned run's weights.
    @Test func retuneKeepsTheWeightsAndTrainsUnderTheNewKnobs() throws {
        var p = try PresetLibrary.load("circle")
        for (id, v) in [(SetupKnobID.optimizer, "sgd"), (.batch, "full"), (.schedule, "constant"), (.dropout, "off"),
                        (.l1, "off"), (.l2, "off")] {
            p = try PresetEdit.apply(.setKnob(id, to: v), to: p)
        }
        var a = try Session(preset: p, recordsHistory: false)
        a.step(7)
        let before = a.model.parameters
        var q = p
        for (id, v) in [(SetupKnobID.l2, "0.01"), (.l1, "0.001"), (.learningRate, "0.05"), (.activation, "tanh")] {
            q = try PresetEdit.apply(.setKnob(id, to: v), to: q)
        }
        #expect(a.canRetune(to: q))
        try a.retune(to: q)
        #expect(a.model.parameters.map(\.bitPattern) == before.map(\.bitPattern), "the weights stay")
        #expect(a.step == 7)
        var fresh = q
        fresh.model.explicitParameters = before
        var b = try Session(preset: fresh, recordsHistory: false)
        #expect(a.metrics == b.metrics, "the metrics are the edited objective's")
        a.step(6)
        b.step(6)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
        // Data, features and seeds need a new session.
        let noisier = try PresetEdit.apply(.stepKnob(.noise, by: 1), to: q)
        #expect(!a.canRetune(to: noisier))
        #expect(throws: PresetError.self) { try a.retune(to: noisier) }
        #expect(a.preset == q)
    }

    /// Changing the optimiser restarts its moments: the run equals a fresh Adam run from the same weights.
    @Test func retuneToAnotherOptimiserStartsItsMoments() throws {
        var p = try PresetLibrary.load("moons")
        for (id, v) in [(SetupKnobID.optimizer, "momentum"), (.batch, "full"), (.schedule, "constant"), (.dropout, "off")] {
            p = try PresetEdit.apply(.setKnob(id, to: v), to: p)
        }
        var a = try Session(preset: p, recordsHistory: false)
        a.step(5)
        let q = try PresetEdit.apply(.setKnob(.optimizer, to: "adam"), to: p)
        try a.retune(to: q)
        var fresh = q
        fresh.model.explicitParameters = a.model.parameters
        var b = try Session(preset: fresh, recordsHistory: false)
        a.step(4)
        b.step(4)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
    }
}
