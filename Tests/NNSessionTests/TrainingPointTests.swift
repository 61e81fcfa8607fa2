import Foundation
import Testing
@testable import NNSession
import NNCore

/// Adding a clicked point to a running session: the run keeps its state, the point is used, and the
/// result is deterministic. Small presets, few steps (debug builds are slow).
@Suite struct TrainingPointTests {
    static func xor(steps: Int) throws -> Session {
        var s = try Session(preset: try PresetLibrary.load("xor"), historyCapacity: 64)
        s.step(steps)
        return s
    }

    @Test func sessionGainsThePointAndKeepsTheRun() throws {
        var s = try Self.xor(steps: 7)
        let before = s
        let n = s.data.train.count
        try s.addTrainingPoint(x: [0.4, -0.6], label: 1)
        #expect(s.data.train.count == n + 1 && s.trainer.train == s.data.train)
        #expect(Array(s.data.train.input(n)) == [0.4, -0.6] && Array(s.data.train.target(n)) == [1])
        #expect(s.data.test == before.data.test)
        #expect(s.model.parameters == before.model.parameters)
        #expect(s.trainer.optimizerState == before.trainer.optimizerState)
        #expect(s.trainer.rng == before.trainer.rng)
        #expect(s.step == 7 && s.epoch == before.epoch && s.trainer.batchSize == 32)
        // Metrics are re-evaluated over the n + 1 points at once (independent pass over the data).
        var ws = BackpropWorkspace(for: s.model, batchCapacity: 17)
        let eval = s.trainer.config.objective.evaluate(model: s.model, data: s.data.train, workspace: &ws)
        #expect(abs(s.metrics.trainObjective - eval.objective) <= 1e-12 * max(1, eval.objective))
        #expect(s.metricsStep == 7)
        let snap = s.snapshot()
        #expect(snap.train.count == n + 1 && snap.step == 7)
    }

    /// Same session, same point at the same step → bit-identical θ afterwards; and the point changes the run.
    @Test func trainingAfterAPointIsDeterministicAndUsesIt() throws {
        var a = try Self.xor(steps: 3), b = try Self.xor(steps: 3), plain = try Self.xor(steps: 3)
        for i in 0..<6 {
            try a.addTrainingPoint(x: [Double(i) * 0.1, 0.5], label: i % 2)
            try b.addTrainingPoint(x: [Double(i) * 0.1, 0.5], label: i % 2)
        }
        a.step(12); b.step(12); plain.step(12)
        #expect(a.step == 15 && b.step == 15)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
        #expect(a.model.parameters != plain.model.parameters)
    }

    /// Clicked points are part of the saved data: a resumed run continues bit-identically with them.
    @Test func clickedPointsSurviveSaveAndResume() throws {
        var a = try Self.xor(steps: 5)
        try a.addTrainingPoint(x: [0.9, -0.9], label: 1)
        a.step(3)
        let path = NSTemporaryDirectory() + "nnviz-clicks-\(UInt64.random(in: 0...UInt64.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.save(to: path)
        var b = try Session(loading: path, historyCapacity: 64)
        #expect(b.data.train == a.data.train && b.step == 8)
        a.step(4); b.step(4)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
    }

    @Test func multiclassTargetsAreOneHot() throws {
        #expect(try Session.clickTarget(label: 1, task: .multiclass(classes: 3), targetSize: 3) == [0, 1, 0])
        #expect(try Session.clickTarget(label: 0, task: .binary, targetSize: 1) == [0])
        #expect(throws: TrainingPointError.self) { try Session.clickTarget(label: 3, task: .multiclass(classes: 3), targetSize: 3) }
        #expect(throws: TrainingPointError.self) { try Session.clickTarget(label: 2, task: .binary, targetSize: 1) }
    }

    @Test func regressionRefusesClickedClassesAndStaysUnchanged() throws {
        var s = try Session(preset: try PresetLibrary.load("lecture-regression-2d"), historyCapacity: 16)
        let n = s.data.train.count
        #expect(throws: TrainingPointError("clicked points need classes: this data set is a regression (values)")) {
            try s.addTrainingPoint(x: [0, 0], label: 0)
        }
        #expect(throws: TrainingPointError.self) { try s.addTrainingPoint(x: [0, .nan], target: [1]) }
        #expect(throws: TrainingPointError.self) { try s.addTrainingPoint(x: [0], target: [1]) }
        #expect(s.data.train.count == n && s.trainer.train.count == n)
        // An explicit value target is accepted (the API; the dashboard's clicks have no value to give).
        try s.addTrainingPoint(x: [0.5, 0.5], target: [0.5])
        #expect(s.data.train.count == n + 1)
    }

    @Test func queueAddsThePointAndPublishes() throws {
        let q = try TrainingQueue(preset: try PresetLibrary.load("xor"))
        q.step(0, 4)
        q.drain()
        let before = q.snapshot()
        try q.addTrainingPoint(x: [-0.25, 0.75], label: 0)
        q.drain()
        let after = q.snapshot()
        #expect(after.generation == before.generation + 1)
        #expect(after.step == 4 && after.model.parameters == before.model.parameters)
        #expect(after.train.count == before.train.count + 1)
        #expect(Array(after.train.input(before.train.count)) == [-0.25, 0.75])
        q.step(0, 2)
        q.drain()
        #expect(q.snapshot().step == 6 && q.snapshot().train.count == before.train.count + 1)
        let r = try TrainingQueue(preset: try PresetLibrary.load("lecture-regression-2d"))
        #expect(throws: TrainingPointError.self) { try r.addTrainingPoint(x: [0, 0], label: 1) }
    }
}
