import Testing
@testable import NNSession
import NNCore

/// Compare mode's training queue, driven through `drain()`: no sleeps, no timing assumptions.
@Suite struct CompareQueueTests {
    func presets() throws -> [Preset] {
        let base = try PresetLibrary.load("default")
        var sgd = base
        sgd.training.optimizer = OptimizerSpec(name: .sgd, lr: 0.05)
        return [base, sgd]
    }

    @Test func startsPausedWithEverySessionsInitialSnapshot() throws {
        let q = try CompareQueue(presets: try presets())
        q.drain()
        #expect(q.count == 2)
        for i in 0..<2 { #expect(q.snapshot(i).step == 0 && !q.isRunning(i)) }
    }

    /// Running sessions advance in lockstep: after any publish cycle they are at the same step, and each is
    /// exactly the session trained on its own (the queue adds no randomness and shares no state).
    @Test func runningSessionsStayInLockstep() throws {
        let ps = try presets()
        let q = try CompareQueue(presets: ps, stepsPerTick: 3)
        q.batch([.run(0), .run(1)])
        q.drain(); q.drain(); q.drain()
        q.batch([.pause(0), .pause(1)])
        q.drain()
        let a = q.snapshot(0).step, b = q.snapshot(1).step
        #expect(a == b && a > 0 && a % 3 == 0)
        for i in 0..<2 {
            var direct = try Session(preset: ps[i])
            direct.step(a)
            #expect(q.snapshot(i).model.parameters == direct.model.parameters)
            #expect(!q.snapshot(i).isRunning)
        }
    }

    /// The sessions of a publish cycle become visible together: read at any moment while running, all
    /// running sessions are at the same step.
    @Test func snapshotsReadTogetherAreFromOneCycle() throws {
        let q = try CompareQueue(presets: try presets() + [try PresetLibrary.load("default")], stepsPerTick: 2)
        q.batch([.run(0), .run(1), .run(2)])
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

    /// One session can be stepped, re-paced or rebuilt on its own; the other is untouched.
    @Test func commandsActOnOneSession() throws {
        let ps = try presets()
        let q = try CompareQueue(presets: ps)
        q.step(1, 5)
        q.drain()
        #expect(q.snapshot(0).step == 0 && q.snapshot(1).step == 5)
        q.setLearningRate(1, 0.2)
        q.drain()
        #expect(q.snapshot(1).lr == 0.2 && q.snapshot(1).step == 5)
        #expect(q.snapshot(0).lr == ps[0].training.optimizer.lr)
        q.setStepsPerTick(0, 0)
        #expect(q.stepsPerTick(0) == 1)
        let edited = ps[0].settingHiddenWidth(0, to: 3)
        q.rebuild(0, preset: edited, seed: 7)
        q.drain()
        #expect(q.snapshot(0).model.sizes[1] == 3 && q.snapshot(0).seed == 7 && q.lastError(0) == nil)
        #expect(q.snapshot(1).step == 5)
    }

    /// A diverging session stops by itself (its snapshot says where); the other keeps training.
    @Test func divergenceStopsOnlyThatSession() throws {
        var ps = try presets()
        ps[1].training.optimizer = OptimizerSpec(name: .sgd, lr: 1e6)
        ps[1].training.clip = nil
        let q = try CompareQueue(presets: ps, stepsPerTick: 2)
        q.batch([.run(0), .run(1)])
        // Until session 1 has diverged (bounded: it diverges within a few steps at lr 1e6).
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
}
