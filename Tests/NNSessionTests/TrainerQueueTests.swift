import Foundation
import Testing
@testable import NNSession
import NNCore

/// The queue is driven through its synchronous `drain()` hook: no sleeps, no timing assumptions.
@Suite struct TrainerQueueTests {
    func makeQueue(_ name: String = "gaussians", stepsPerTick: Int = 4) throws -> TrainerQueue {
        try TrainerQueue(preset: try PresetLibrary.load(name), stepsPerTick: stepsPerTick)
    }

    @Test func startsPausedWithTheInitialSnapshot() throws {
        let q = try makeQueue()
        q.drain()
        #expect(q.snapshot.step == 0 && !q.isRunning && !q.snapshot.isRunning)
    }

    @Test func singleStepsArePublishedInOrder() throws {
        let q = try makeQueue()
        let g0 = q.snapshot.generation
        q.stepOnce(); q.stepOnce(); q.stepOnce()
        q.drain()
        #expect(q.snapshot.step == 3)
        #expect(q.snapshot.generation == g0 + 3)
        q.step(5)
        q.drain()
        #expect(q.snapshot.step == 8)
    }

    @Test func runTrainsInChunksUntilPaused() throws {
        let q = try makeQueue(stepsPerTick: 4)
        q.run()
        #expect(q.isRunning && q.snapshot.isRunning)
        q.drain(); q.drain(); q.drain()
        q.pause()
        q.drain()
        let stopped = q.snapshot.step
        #expect(stopped >= 4 && stopped % 4 == 0)
        #expect(!q.snapshot.isRunning)
        q.drain()
        #expect(q.snapshot.step == stopped)
        // The history holds the rows published (step 0 first, the current step last).
        let rows = q.snapshot.history.rows
        #expect(rows.first?.step == 0 && rows.last?.step == stopped)
        // Same steps as a session stepped directly: the queue adds no randomness of its own.
        var direct = try Session(preset: try PresetLibrary.load("gaussians"))
        direct.step(stopped)
        #expect(q.snapshot.model.parameters == direct.model.parameters)
    }

    @Test func stepsPerTickIsAdjustable() throws {
        let q = try makeQueue(stepsPerTick: 1)
        q.setStepsPerTick(0)
        #expect(q.stepsPerTick == 1)
        q.setStepsPerTick(7)
        q.run(); q.drain(); q.pause(); q.drain()
        #expect(q.snapshot.step % 7 == 0 && q.snapshot.step > 0)
    }

    @Test func rebuildAppliesAnEditedPreset() throws {
        let q = try makeQueue()
        q.step(3)
        let edited = q.snapshot.preset.settingHiddenWidth(0, to: 9)
        q.rebuild(preset: edited)
        q.drain()
        #expect(q.snapshot.step == 0 && q.snapshot.model.sizes == [2, 9, 1] && q.lastError == nil)
        q.reset(seed: 42)
        q.drain()
        #expect(q.snapshot.seed == 42 && q.snapshot.model.sizes == [2, 9, 1])
    }

    /// A learning-rate change keeps the run: same weights and step, and the next steps equal those of a
    /// session whose rate was changed directly at the same point.
    @Test func learningRateChangesKeepTheRun() throws {
        let q = try makeQueue()
        q.step(5)
        q.scaleLearningRate(by: 0.5)
        q.drain()
        #expect(q.snapshot.step == 5 && q.snapshot.preset.training.optimizer.lr == 0.05 && q.snapshot.lr == 0.05)
        q.step(3)
        q.setLearningRate(.nan)  // ignored
        q.drain()
        var direct = try Session(preset: try PresetLibrary.load("gaussians"))
        direct.step(5)
        direct.setLearningRate(0.05)
        direct.step(3)
        #expect(q.snapshot.model.parameters == direct.model.parameters && q.snapshot.lr == 0.05)
    }

    @Test func aFailedRebuildKeepsTheOldSession() throws {
        let q = try makeQueue()
        q.step(2)
        var broken = q.snapshot.preset
        broken.data = DataSpec(kind: .csv, csv: CSVSpec(path: "/nonexistent/points.csv"))
        q.rebuild(preset: broken)
        q.drain()
        #expect(q.lastError?.description == "/nonexistent/points.csv: no such file (named by presets/gaussians.json at data.path)")
        #expect(q.snapshot.step == 2 && q.snapshot.presetName == "gaussians")
    }

    @Test func divergencePausesTheRun() throws {
        var p = try PresetLibrary.load("lecture-regression-2d")
        p.training.optimizer = OptimizerSpec(name: .sgd, lr: 1e9)
        let q = try TrainerQueue(preset: p, stepsPerTick: 3)
        q.run()
        for _ in 0..<20 where q.isRunning { q.drain() }
        #expect(!q.isRunning)
        #expect(q.snapshot.divergence != nil && !q.snapshot.isRunning)
    }

    @Test func publishCallbackSeesEverySnapshot() throws {
        let seen = Mutex<[Int]>([])
        let q = try TrainerQueue(preset: try PresetLibrary.load("xor"), stepsPerTick: 2) { snap in
            seen.withLock { $0.append(snap.step) }
        }
        q.stepOnce(); q.step(2)
        q.drain()
        #expect(seen.withLock { $0 } == [1, 3])
    }

    /// The dashboard's `s`: the file is named after the step it holds, which is the queue's step when it
    /// gets to the save (here 5, queued before it), not the snapshot's step when asked (0).
    @Test func saveNamesTheFileAfterTheStepItHolds() throws {
        let q = try makeQueue("xor")
        q.drain()
        let dir = NSTemporaryDirectory() + "nnviz-qsave-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let asked = q.snapshot.step
        q.step(5)
        let result = Mutex<(path: String, ok: Bool)?>(nil)
        q.save(naming: { "\(dir)/xor-step\($0).json" }) { path, error in result.withLock { $0 = (path, error == nil) } }
        q.drain()
        let r = try #require(result.withLock { $0 })
        #expect(asked == 0 && r.ok && r.path == "\(dir)/xor-step5.json")
        #expect(try Session(loading: r.path).step == 5)
    }
}

import Synchronization
