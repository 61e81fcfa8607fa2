import Foundation
import Testing
@testable import NNSession
import NNCore

@Suite struct SessionTests {
    @Test func everyShippedPresetBuildsAndTrains() throws {
        for entry in try PresetLibrary.list() {
            let preset = try entry.result.get()
            var session = try Session(preset: preset)
            let before = session.snapshot()
            #expect(before.step == 0 && before.presetName == preset.name)
            #expect(before.model.sizes == preset.model.layers)
            if preset.data.kind == .csv {
                // The file decides n (the preset's count is unused): every row is a train or a test point.
                let all = try #require(preset.data.csv).load().data
                #expect(before.train.count + before.test.count == all.count && before.train.count > 0)
            } else {
                #expect(before.train.count == preset.data.trainCount && before.test.count == preset.data.testCount)
            }
            #expect(session.step(2) == 2)
            let after = session.snapshot()
            #expect(after.step == 2 && after.trainLoss.isFinite && after.divergence == nil)
            #expect(after.history.rows.map(\.step) == [0, 1, 2])
            #expect(after.targetCurve.isEmpty == !preset.data.kind.isOneDimensional)
        }
    }

    /// The hand-set sawtooth net computes f_L exactly (the arithmetic is exact on dyadic inputs) and so
    /// has zero loss on its own data.
    @Test func sawtoothPresetComputesTheSawtoothExactly() throws {
        let session = try Session(preset: try PresetLibrary.load("sawtooth"))
        let model = session.model
        let xs = (0...256).map { -2 + Double($0) / 64 } + session.data.train.x
        let out = model.predict(xs, count: xs.count)
        for (x, y) in zip(xs, out) { #expect(y == DataSpec.sawtooth(x, depth: 4), "x = \(x)") }
        #expect(session.metrics.trainObjective < 1e-28)
    }

    /// The objective and accuracy against a direct computation from predictions.
    @Test func metricsMatchADirectComputation() throws {
        var p = try PresetLibrary.load("xor")
        p.training.l2 = 0.01
        var session = try Session(preset: p)
        session.step(5)
        let m = session.metrics
        let d = session.data.train
        let z = session.model.predict(d.x, count: d.count)
        var bce = 0.0, hits = 0
        for i in 0..<d.count {
            let y = d.y[i]
            bce += max(z[i], 0) - z[i] * y + log1p(exp(-abs(z[i])))
            if (z[i] > 0) == (y > 0.5) { hits += 1 }
        }
        let l2 = 0.5 * 0.01 * session.model.parameters.reduce(0) { $0 + $1 * $1 }
        #expect(abs(m.trainObjective - (bce / Double(d.count) + l2)) < 1e-12)
        #expect(m.accuracy == Double(hits) / Double(d.count))
    }

    @Test func sameSeedSameRunOtherSeedOtherStart() throws {
        let p = try PresetLibrary.load("xor")
        var a = try Session(preset: p), b = try Session(preset: p)
        a.step(30); b.step(30)
        #expect(a.model.parameters == b.model.parameters && a.metrics == b.metrics)
        let c = try Session(preset: p, seed: 99)
        #expect(c.seed == 99 && c.model.parameters != a.model.parameters)
        #expect(c.data == a.data)  // the data keeps its own seed
    }

    @Test func divergenceStopsTrainingAndSaysWhatToDo() throws {
        var p = try PresetLibrary.load("lecture-regression-2d")
        p.training.optimizer = OptimizerSpec(name: .sgd, lr: 1e9)
        var session = try Session(preset: p)
        let taken = session.step(50)
        let snap = session.snapshot()
        let d = try #require(snap.divergence)
        #expect(taken < 50 && session.isFinished && d.step <= taken)
        #expect(d.message == "diverged at step \(d.step): lower the learning rate with - and reset with r")
        #expect(session.step(10) == 0)
    }

    @Test func historyStaysBounded() throws {
        var session = try Session(preset: try PresetLibrary.load("gaussians"), historyCapacity: 16)
        session.step(300)
        let rows = session.snapshot().history.rows
        #expect(rows.count <= 17 && rows.first?.step == 0 && rows.last?.step == 300)
    }

    @Test func csvSessionsAndTheirErrors() throws {
        let dir = NSTemporaryDirectory() + "nnviz-csv-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = (0..<40).map { i in "\(Double(i) / 10),\(Double(i % 7) / 7),\(i % 3)" }
        try ("a,b,label\n" + rows.joined(separator: "\n")).write(toFile: dir + "/pts.csv", atomically: true, encoding: .utf8)
        let good = presetText(data: #"{"kind": "csv", "path": "pts.csv", "task": "multiclass", "test_fraction": 0.25}"#,
                              model: #"{"layers": [2, 6, 3]}"#)
        try good.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        var s = try Session(preset: try PresetLibrary.load(dir + "/p.json"))
        #expect(s.data.task == .multiclass(classes: 3) && s.data.train.count == 30)
        #expect(s.preset.training.loss == .softmaxCrossEntropy)
        s.step(3)
        #expect(s.metrics.accuracy != nil)
        let wrong = presetText(data: #"{"kind": "csv", "path": "pts.csv", "task": "multiclass"}"#, model: #"{"layers": [3, 6, 3]}"#)
        try wrong.write(toFile: dir + "/q.json", atomically: true, encoding: .utf8)
        #expect(sessionError(dir + "/q.json") == "\(dir)/q.json: model.layers[0]: expected 2 (the input size of the CSV file \(dir)/pts.csv), got 3")
        try "1,2,0\n1,x,1\n".write(toFile: dir + "/pts.csv", atomically: true, encoding: .utf8)
        #expect(sessionError(dir + "/p.json") == "\(dir)/pts.csv: line 2: column 2: expected a finite number, got \"x\"")
        try FileManager.default.removeItem(atPath: dir + "/pts.csv")
        #expect(sessionError(dir + "/p.json") == "\(dir)/pts.csv: no such file (named by \(dir)/p.json at data.path)")
    }

    func sessionError(_ path: String) -> String? {
        do { _ = try Session(preset: try PresetLibrary.load(path)); return nil } catch { return error.description }
    }
}

@Suite struct SessionEarlyStoppingTests {
    /// Early stopping (patience in epochs, on the test loss) ends the run: the snapshot says so, the best
    /// weights are restored, further steps do nothing, and the headless log ends without an error.
    @Test func earlyStoppingEndsTheRun() throws {
        var p = try PresetLibrary.load("gaussians")
        p.training.earlyStoppingPatience = 1
        p.training.optimizer.lr = 1
        var session = try Session(preset: p)
        let taken = session.step(3000)
        let snap = session.snapshot()
        #expect(snap.stoppedEarly && snap.divergence == nil && taken < 3000)
        #expect(session.step(5) == 0)
        let best = try #require(session.trainer.bestTestLoss)
        #expect(abs(try #require(session.metrics.testLoss) - best) < 1e-12)
    }
}
