import Foundation
import Synchronization
import Testing
@testable import NNSession
import NNCore

/// The one training queue (one session in the dashboard, two to four in compare mode), driven through its
/// synchronous `drain()` hook: no sleeps, no timing assumptions.
@Suite struct TrainingQueueTests {
    func makeQueue(_ name: String = "gaussians") throws -> TrainingQueue {
        try TrainingQueue(preset: try PresetLibrary.load(name))
    }

    func twoPresets() throws -> [Preset] {
        let base = try PresetLibrary.load("default")
        var sgd = base
        sgd.training.optimizer = OptimizerSpec(name: .sgd, lr: 0.05)
        return [base, sgd]
    }

    @Test func startsPausedWithTheInitialSnapshots() throws {
        let q = try TrainingQueue(presets: try twoPresets())
        q.drain()
        #expect(q.count == 2)
        for i in 0..<2 { #expect(q.snapshot(i).step == 0 && !q.isRunning(i) && !q.snapshot(i).isRunning) }
    }

    @Test func stepsAndAdvancesArePublishedInOrder() throws {
        let q = try makeQueue()
        let g0 = q.snapshot().generation
        q.step(0, 1); q.step(0, 1); q.step(0, 1)
        q.drain()
        #expect(q.snapshot().step == 3 && q.snapshot().generation == g0 + 3)
        q.run()
        q.batch([.advance(0, 5)])
        q.drain()
        // `advance` trains now and keeps the run flag; `step` pauses.
        #expect(q.snapshot().step == 8 && q.isRunning())
        q.step(0, 2)
        q.drain()
        #expect(q.snapshot().step == 10 && !q.isRunning())
    }

    /// A paced session trains exactly the steps granted, then waits: the pace is whatever the grants say.
    @Test func pacedTrainingTrainsExactlyTheGrants() throws {
        let q = try makeQueue()
        q.run()
        q.drain()
        #expect(q.snapshot().step == 0)
        for n in [3, 1, 4, 1, 5] {
            q.grant(0, n)
            q.drain(); q.drain()
        }
        #expect(q.snapshot().step == 14 && q.budget() == 0)
        // Same steps as a session stepped directly: the queue adds no randomness of its own.
        var direct = try Session(preset: try PresetLibrary.load("gaussians"))
        direct.step(14)
        #expect(q.snapshot().model.parameters == direct.model.parameters)
        // Grants while paused are kept only up to `maxBacklog` grants, and dropped by a pause.
        q.pause()
        q.batch(Array(repeating: .grant(0, 10), count: TrainingQueue.maxBacklog + 3))
        #expect(q.budget() == 10 * TrainingQueue.maxBacklog)
        q.pause()
        #expect(q.budget() == 0)
        q.drain()
        #expect(q.snapshot().step == 14)
    }

    @Test func flatOutTrainsUntilPaused() throws {
        let q = try makeQueue()
        q.batch([.setFlatOut(0, true), .run(0)])
        #expect(q.isRunning() && q.snapshot().isRunning)
        q.drain(); q.drain(); q.drain()
        q.pause()
        q.drain()
        let stopped = q.snapshot().step
        #expect(stopped >= 1 && !q.snapshot().isRunning)
        q.drain()
        #expect(q.snapshot().step == stopped)
        let rows = q.snapshot().history.rows
        #expect(rows.first?.step == 0 && rows.last?.step == stopped)
        var direct = try Session(preset: try PresetLibrary.load("gaussians"))
        direct.step(stopped)
        #expect(q.snapshot().model.parameters == direct.model.parameters)
    }

    /// Running sessions advance in lockstep, paced or flat out: after any publish cycle they are at the same
    /// step, and each is exactly the session trained on its own.
    @Test(arguments: [false, true])
    func runningSessionsStayInLockstep(flatOut: Bool) throws {
        let ps = try twoPresets()
        let q = try TrainingQueue(presets: ps)
        q.batch([.setFlatOut(0, flatOut), .setFlatOut(1, flatOut), .run(0), .run(1)])
        for _ in 0..<3 {
            q.batch([.grant(0, 7), .grant(1, 7)])
            q.drain()
        }
        q.batch([.pause(0), .pause(1)])
        q.drain()
        let a = q.snapshot(0).step, b = q.snapshot(1).step
        #expect(a == b && a > 0)
        if !flatOut { #expect(a == 21) }
        for i in 0..<2 {
            var direct = try Session(preset: ps[i])
            direct.step(a)
            #expect(q.snapshot(i).model.parameters == direct.model.parameters)
        }
    }

    /// The sessions of a publish cycle become visible together: read at any moment while running, all
    /// running sessions are at the same step.
    @Test func snapshotsReadTogetherAreFromOneCycle() throws {
        let q = try TrainingQueue(presets: try twoPresets() + [try PresetLibrary.load("default")])
        q.batch((0..<3).flatMap { [TrainingQueue.Command.setFlatOut($0, true), .run($0)] })
        var seen = Set<Int>()
        for _ in 0..<20 {
            let steps = q.snapshots().map(\.step)
            #expect(Set(steps).count == 1, "\(steps)")
            seen.insert(steps[0])
            q.drain()
        }
        q.batch([.pause(0), .pause(1), .pause(2)])
        q.drain()
        #expect(seen.count > 1, "the run never advanced")
    }

    /// One session can be stepped, re-rated or rebuilt on its own; the other is untouched. A rebuild tags
    /// the new session's snapshots with its build number.
    @Test func commandsActOnOneSession() throws {
        let ps = try twoPresets()
        let q = try TrainingQueue(presets: ps)
        q.step(1, 5)
        q.drain()
        #expect(q.snapshot(0).step == 0 && q.snapshot(1).step == 5)
        q.setLearningRate(1, 0.2)
        q.drain()
        #expect(q.snapshot(1).lr == 0.2 && q.snapshot(1).step == 5)
        #expect(q.snapshot(0).lr == ps[0].training.optimizer.lr)
        let edited = ps[0].settingHiddenWidth(0, to: 3)
        q.rebuild(0, preset: edited, seed: 7, build: 4)
        q.drain()
        #expect(q.snapshot(0).model.sizes[1] == 3 && q.snapshot(0).seed == 7 && q.lastError(0) == nil)
        #expect(q.snapshot(0).build == 4 && q.snapshot(1).build == 0)
        #expect(q.snapshot(1).step == 5)
    }

    /// A learning-rate change keeps the run: same weights and step, and the next steps equal those of a
    /// session whose rate was changed directly at the same point.
    @Test func learningRateChangesKeepTheRun() throws {
        let q = try makeQueue()
        q.step(0, 5)
        q.setLearningRate(0, 0.05)
        q.drain()
        #expect(q.snapshot().step == 5 && q.snapshot().lr == 0.05)
        q.step(0, 3)
        q.setLearningRate(0, .nan)  // ignored
        q.drain()
        var direct = try Session(preset: try PresetLibrary.load("gaussians"))
        direct.step(5)
        direct.setLearningRate(0.05)
        direct.step(3)
        #expect(q.snapshot().model.parameters == direct.model.parameters && q.snapshot().lr == 0.05)
    }

    @Test func aFailedRebuildKeepsTheOldSession() throws {
        let q = try makeQueue()
        q.step(0, 2)
        var broken = q.snapshot().preset
        broken.data = DataSpec(kind: .csv, csv: CSVSpec(path: "/nonexistent/points.csv"))
        q.rebuild(0, preset: broken)
        q.drain()
        #expect(q.lastError()?.description == "/nonexistent/points.csv: no such file (named by presets/gaussians.json at data.path)")
        #expect(q.snapshot().step == 2 && q.snapshot().presetName == "gaussians")
    }

    /// A diverging session stops by itself (its snapshot says where); the other keeps training.
    @Test func divergenceStopsOnlyThatSession() throws {
        var ps = try twoPresets()
        ps[1].training.optimizer = OptimizerSpec(name: .sgd, lr: 1e6)
        ps[1].training.clip = nil
        let q = try TrainingQueue(presets: ps)
        q.batch([.setFlatOut(0, true), .setFlatOut(1, true), .run(0), .run(1)])
        for _ in 0..<200 where q.snapshot(1).divergence == nil { q.drain() }
        let d = try #require(q.snapshot(1).divergence)
        #expect(!q.isRunning(1))
        let at = q.snapshot(0).step
        #expect(q.isRunning(0))
        for _ in 0..<3 { q.drain() }
        #expect(q.snapshot(0).step > at)
        #expect(q.snapshot(1).divergence == d)
        q.pause(0)
        q.drain()
    }

    /// The dashboard's `s`: the file is named after the step it holds, which is the queue's step when it
    /// gets to the save (here 5, queued before it), not the snapshot's step when asked (0).
    @Test func saveNamesTheFileAfterTheStepItHolds() throws {
        let q = try makeQueue("xor")
        q.drain()
        let dir = NSTemporaryDirectory() + "nnviz-qsave-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let asked = q.snapshot().step
        q.step(0, 5)
        let result = Mutex<(path: String, ok: Bool)?>(nil)
        q.save(0, naming: { "\(dir)/xor-step\($0).json" }) { path, error in result.withLock { $0 = (path, error == nil) } }
        q.drain()
        let r = try #require(result.withLock { $0 })
        #expect(asked == 0 && r.ok && r.path == "\(dir)/xor-step5.json")
        #expect(try Session(loading: r.path).step == 5)
    }
}
