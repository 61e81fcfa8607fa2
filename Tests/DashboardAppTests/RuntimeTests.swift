import Synchronization
import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp
@testable import PaneModels

/// A clock the test moves by hand.
final class ManualClock: RuntimeClock {
    private let time = Mutex(100.0)
    func now() -> Double { time.withLock { $0 } }
    func advance(_ dt: Double) { time.withLock { $0 += dt } }
}

/// The exit codes the runtime ended with.
@MainActor final class ExitLog {
    var codes: [Int32] = []
}

/// A terminal in memory that also records whether it was closed.
final class FakeTerminal: TerminalBackend {
    let memory: MemoryBackend
    var closed = false
    init(width: Int, height: Int) { memory = MemoryBackend(width: width, height: height) }
    var size: Size { memory.size }
    @discardableResult func draw(_ buffer: Buffer, previous: Buffer?) -> Int { memory.draw(buffer, previous: previous) }
    func pollEvent() -> InputEvent? { memory.pollEvent() }
    func close() { closed = true }
    func press(_ c: Unicode.Scalar) { memory.pending.append(.key(.char(c))) }
    var text: String { memory.screen.text }
}

/// The runtime driven frame by frame with a manual clock, an in-memory terminal, jobs run inline and the
/// real training queue drained after each frame: deterministic, no sleeps.
@MainActor
@Suite struct RuntimeTests {
    struct Rig<Program: DashboardProgram> {
        let runtime: DashboardRuntime<Program>
        let clock: ManualClock
        let terminal: FakeTerminal
        let exits: ExitLog

        /// `frames` frames of `dt` seconds each, the queue drained after each.
        @MainActor func run(frames: Int, dt: Double = 1.0 / 32) {
            for _ in 0..<frames {
                clock.advance(dt)
                runtime.frame()
                runtime.queue.drain()
                runtime.queue.drain()
            }
        }
    }

    func rig<Program: DashboardProgram>(_ state: Program, queue: TrainingQueue, size: Size = Size(width: 120, height: 36)) -> Rig<Program> {
        let clock = ManualClock()
        let terminal = FakeTerminal(width: size.width, height: size.height)
        let exits = ExitLog()
        let runtime = DashboardRuntime(state: state, queue: queue, backend: terminal, clock: clock, executors: .inline,
                                       theme: Theme(mode: .color256), terminate: { code in exits.codes.append(code) })
        runtime.begin()
        return Rig(runtime: runtime, clock: clock, terminal: terminal, exits: exits)
    }

    func single(_ name: String, pace: Pace? = nil) throws -> Rig<AppState> {
        var preset = try PresetLibrary.load(name)
        if let pace { preset.view.pace = pace }
        return rig(AppState(size: Size(width: 120, height: 36), preset: preset), queue: try TrainingQueue(preset: preset))
    }

    /// The pace is honoured end to end: reducer grants → queue budget → steps trained = pace × time.
    @Test func theQueueTrainsAtThePace() throws {
        let r = try single("default", pace: .perSecond(64))
        r.run(frames: 96)   // 3 s at 32 frames a second
        #expect(r.runtime.queue.snapshot().step == 190)   // the first tick starts the clock: 95 frames of 2 steps
        #expect(r.runtime.state.model != nil)
        #expect(r.terminal.text.contains("pace 64/s"))
        // Rates are measured from the ticks and the adapted snapshots (about a frame behind).
        #expect(abs(r.runtime.state.stepsPerSecond - 64) <= 4, "\(r.runtime.state.stepsPerSecond)")
        #expect(abs(r.runtime.state.fps - 32) < 1e-6)
    }

    /// The automatic spectrum runs as a job and its result reaches the screen; `m` trains 1,000 steps at once.
    @Test func jobsAndKeysReachTheScreen() throws {
        let r = try single("hessian-optimum", pace: .perSecond(32))
        r.run(frames: 4)
        #expect(r.runtime.state.spectrum != nil && !r.runtime.state.hessianComputing)
        #expect(r.terminal.text.contains("Hessian spectrum"))
        let before = r.runtime.queue.snapshot().step
        r.terminal.press("m")
        r.run(frames: 1)
        #expect(r.runtime.queue.snapshot().step >= before + 1000)
        #expect(r.terminal.text.contains("training 1,000 steps at once"))
    }

    /// An edit rebuilds the session from the edited preset; snapshots of the old session are dropped.
    @Test func editsRebuildTheSession() throws {
        let r = try single("default", pace: .perSecond(320))
        r.run(frames: 10)
        #expect(r.runtime.queue.snapshot().step > 50)
        r.terminal.press("]")
        r.run(frames: 1)
        let s = r.runtime.state
        #expect(s.build == 1 && s.hiddenWidths == [17, 16])
        #expect(r.runtime.queue.snapshot().build == 1 && r.runtime.queue.snapshot().model.sizes == [1, 17, 16, 1])
        r.run(frames: 2)
        #expect(r.runtime.state.model?.build == 1 && (r.runtime.state.model?.step ?? 1000) < 50)
        #expect(r.terminal.text.contains("h1 width 17"))
    }

    @Test func aPausedDemoWaitsForSpace() throws {
        let r = try single("relu-regions")
        r.run(frames: 20)
        #expect(r.runtime.queue.snapshot().step == 0 && r.terminal.text.contains("space: train"))
        r.terminal.press(" ")
        r.run(frames: 20)
        #expect(r.runtime.queue.snapshot().step > 0)
    }

    @Test func quitRestoresTheTerminalAndEndsOnce() throws {
        let r = try single("default")
        r.run(frames: 2)
        r.terminal.press("q")
        r.run(frames: 3)
        #expect(r.runtime.exitCode == 0 && r.terminal.closed)
        #expect(r.exits.codes == [0])
        #expect(!r.runtime.queue.isRunning())
    }

    /// Compare mode on the same runtime: one pace, every session at the same step.
    @Test func compareSessionsTrainInLockstepAtThePace() throws {
        let entries = try CompareSetup.entries(of: try PresetLibrary.load("optimizers"))
        var state = CompareSetup.initialState(entries, size: Size(width: 160, height: 48), seed: nil)
        state.pace = .perSecond(64)
        let r = rig(state, queue: try TrainingQueue(presets: entries.map(\.preset)), size: Size(width: 160, height: 48))
        r.run(frames: 64)
        let steps = r.runtime.queue.snapshots().map(\.step)
        #expect(steps == Array(repeating: 126, count: 4))
        #expect(r.terminal.text.contains("pace 64/s"))
        // λmax jobs ran for every session.
        #expect(r.runtime.state.sessions.allSatisfy { !$0.lambdas.values.isEmpty })
    }

    /// The double-descent sweep is computed by a job and revealed two widths a second.
    @Test func aSweepIsRevealedWhileTimePasses() throws {
        let preset = try PresetLibrary.load("double-descent")
        let r = rig(AppState(size: Size(width: 120, height: 36), preset: preset), queue: try TrainingQueue(preset: preset))
        r.run(frames: 1)
        let all = try #require(r.runtime.state.sweep.computed)
        #expect(all.isComplete && all.widths.count > 10)
        #expect((r.runtime.state.doubleDescent?.widths.count ?? 0) <= 1)
        r.run(frames: 65)   // the first shows one width, 64 more (two seconds) four more
        #expect(r.runtime.state.doubleDescent?.widths.count == 5)
    }
}

/// The generic latest-job worker: one job at a time, the newest request pending, cancellation drops results.
@Suite struct LatestJobWorkerTests {
    /// Runs work only when told to.
    final class StepExecutor: JobExecutor {
        let queue = Mutex<[@Sendable () -> Void]>([])
        func execute(_ work: @escaping @Sendable () -> Void) { queue.withLock { $0.append(work) } }
        func runNext() -> Bool {
            guard let w = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return false }
            w()
            return true
        }
    }

    @Test func busyKeepsOnlyTheNewestRequest() {
        let ex = StepExecutor()
        let w = LatestJobWorker<Int>(executor: ex)
        w.submit { _, post in post(1) }
        w.submit { _, post in post(2) }
        w.submit { _, post in post(3) }
        #expect(w.isBusy)
        #expect(ex.runNext())   // job 1, then job 3 is started (2 was replaced)
        #expect(w.take() == 1)
        #expect(ex.runNext())
        #expect(w.take() == 3)
        #expect(!ex.runNext() && !w.isBusy)
    }

    @Test func cancellingDropsTheRunningJobsResults() {
        let ex = StepExecutor()
        let w = LatestJobWorker<Int>(executor: ex)
        let sawCancel = Mutex(false)
        w.submit { isCancelled, post in
            sawCancel.withLock { $0 = isCancelled() }
            post(1)
        }
        w.submit(cancelling: true) { _, post in post(2) }
        #expect(ex.runNext())   // the first job runs, cancelled: its result is dropped
        #expect(sawCancel.withLock { $0 } && w.take() == nil)
        #expect(ex.runNext())
        #expect(w.take() == 2)
        w.submit { _, post in post(4) }
        w.cancel()
        #expect(ex.runNext())
        #expect(w.take() == nil && !w.isBusy)
    }
}
