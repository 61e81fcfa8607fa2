import Dashboard
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import PaneModels
import Synchronization
import TerminalUI

/// The live dashboard: one `@MainActor` object owns the UI state, the backend and the frame timer.
/// Training runs on the engine's queue, the Hessian on `hessianQueue`; both hand results back through
/// thread-safe boxes that the frame reads, so neither ever blocks a frame.
@MainActor
final class DashboardRuntime {
    let backend: NCursesBackend
    let engine: DashboardEngine
    var state: AppState
    var context: RenderContext
    var preset: Preset
    let fps: Int
    /// `--record`: every drawn frame goes to the asciicast file too.
    let recording: DashboardRecording?
    /// Where `s` writes session files.
    let saveDirectory: String
    /// The frame being drawn and the one on screen.
    var frame = Buffer(width: 0, height: 0)
    var onScreen: Buffer?
    var dirty = true
    var sources: MainQueueSources?
    var lastGeneration = -1
    var lastSnapshot: SessionSnapshot?
    let adapterQueue = DispatchQueue(label: "nnviz.adapter", qos: .userInitiated)
    let adapted = Mailbox<(SessionSnapshot, DashboardModel)>()
    var adapterBusy = false
    /// Snapshots older than this belong to a session replaced by a rebuild.
    var firstCurrentGeneration = 0

    // Hessian: a generation token cancels stale work; results come back through a Mutex.
    let hessianQueue = DispatchQueue(label: "nnviz.hessian", qos: .utility)
    let mailbox = HessianMailbox()
    let hessianWorkspace = HessianWorkspace()
    var hessianRunning = false
    var lastHessianStep = -1
    /// Automatic Hessian every this many steps (when the last one is done), at most once a second.
    let hessianEvery = 200
    var lastHessianStart: UInt64 = 0
    /// An experiment preset's sweep (double descent), on its own queue.
    let sweeps = SweepWorker()

    // Lecture panes' jobs and the `g` overlay (DashboardLectureJobs.swift).
    let lectureJobs = LectureJobRunner()
    var lectureKey: String?

    // Rates.
    var framesThisSecond = 0
    var secondStart = DispatchTime.now().uptimeNanoseconds
    var stepsAtSecondStart = 0

    init(backend: NCursesBackend, engine: DashboardEngine, preset: Preset, seed: UInt64?, fps: Int, theme: Theme,
         saveDirectory: String = ".", presenting: Bool = false, recording: DashboardRecording? = nil) {
        self.recording = recording
        self.backend = backend
        self.saveDirectory = saveDirectory
        self.engine = engine
        var preset = preset
        if let seed { preset.experiment?.doubleDescent.seed = seed }
        self.preset = preset
        self.fps = fps
        state = AppState(size: backend.size, config: ModelConfig(preset: preset, seed: seed),
                         choices: Choices(preset: preset))
        state.apply(presetView: preset)
        context = RenderContext(theme: theme)
        state.presenting = presenting
        if presenting { state.focus = state.mainPane }
    }

    /// Starts the frame timer and the signal sources (all on the main queue).
    func start() {
        sources = MainQueueSources(fps: fps, onSignal: { [weak self] code in self?.shutdown(exitCode: code) },
                                   onFrame: { [weak self] in self?.frameTick() })
        engine.setRunning(state.running)
        engine.setStepsPerTick(state.stepsPerFrame)
        startSweep()
    }

    /// One frame: input, new results, training tick, then draw if anything changed.
    func frameTick() {
        if DashboardTestHooks.crashOnFirstFrame, framesDrawn > 0 {
            fatalError("NNVIZ_TEST_CRASH: deliberate crash to test terminal restoration")
        }
        while let event = backend.pollEvent() {
            let appEvent: AppEvent
            switch event {
            case .key(let k): appEvent = .key(k)
            case .mouse(let m): appEvent = .mouse(m)
            case .resize(let s):
                appEvent = .resize(s)
                onScreen = nil   // repaint everything after a resize
                recording?.resize(s)
            }
            dispatch(appEvent)
            if state.quitRequested { return }
        }
        pullSnapshot()
        pullHessian()
        pullLecture()
        pullSweep()
        if state.running { engine.tick() }
        measureRates()
        if dirty { draw() }
    }

    func dispatch(_ event: AppEvent) {
        let effects = Reducer.reduce(&state, event)
        dirty = true
        for effect in effects { perform(effect) }
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .quit: shutdown(exitCode: 0)
        case .setRunning(let on): engine.setRunning(on)
        case .step(let n): engine.step(n)
        case .setStepsPerFrame(let n): engine.setStepsPerTick(n)
        case .setLearningRate(let lr):
            preset = preset.applying(state.config, keepExplicitWeights: true)
            engine.setLearningRate(lr)
        case .rebuild(let config):
            cancelHessian()
            preset = preset.rebuilt(with: config)
            state.config = ModelConfig(preset: preset, seed: config.seed)
            state.choices = Choices(preset: preset)
            lastHessianStep = -1
            firstCurrentGeneration = lastGeneration + 1
            engine.rebuild(preset, seed: config.seed)
            startSweep()
        case .computeHessian: startHessian()
        case .setAutoHessian: break   // read from state on each snapshot
        case .saveSession: saveSession()
        case .runGradcheck: startGradcheck()
        case .addPoint(let x, let y, let label):
            // The queue publishes a snapshot with the point; the next frames show it. A rebuild (r, d, N, an
            // edit) regenerates the data from the preset, so clicked points last until then.
            state.message = engine.addPoint([x, y], label: label)
        }
    }

    /// New snapshots are turned into view models on `adapterQueue` (curve sampling, kinks, the 2D map and
    /// its regions take milliseconds): at most one job in flight, always for the newest snapshot, so the
    /// frame only picks up finished models and never waits.
    func pullSnapshot() {
        if let (snap, model) = adapted.take() {
            adapterBusy = false
            // A model of the session before a rebuild is stale: drop it (and never start a Hessian for it).
            guard snap.generation >= firstCurrentGeneration else { return }
            lastSnapshot = snap
            dispatch(.snapshot(model))
            maybeStartHessian(snap)
            startLectureJob(snap)
        }
        guard !adapterBusy, let snap = engine.latestSnapshot(), snap.generation != lastGeneration else { return }
        lastGeneration = snap.generation
        adapterBusy = true
        let box = adapted
        adapterQueue.async { box.post((snap, SnapshotAdapter.model(from: snap))) }
    }

    func maybeStartHessian(_ snap: SessionSnapshot) {
        let now = DispatchTime.now().uptimeNanoseconds
        if state.autoHessian, !hessianRunning, snap.divergence == nil,
           lastHessianStep < 0 || (snap.step - lastHessianStep >= hessianEvery && now &- lastHessianStart >= 1_000_000_000) {
            startHessian()
        }
    }

    // MARK: Hessian on a worker queue

    func startHessian() {
        guard let snap = lastSnapshot, !hessianRunning else { return }
        hessianRunning = true
        lastHessianStep = snap.step
        lastHessianStart = DispatchTime.now().uptimeNanoseconds
        let box = mailbox, workspace = hessianWorkspace
        let token = box.newToken()
        dispatch(.hessianStarted)
        hessianQueue.async {
            let result = workspace.compute(snap) { box.currentToken != token }
            if case .success(let view) = result {
                box.post(token: token, view)
            } else {
                box.post(token: token, nil)
            }
        }
    }

    func cancelHessian() {
        _ = mailbox.newToken()
        hessianRunning = false
    }

    func pullHessian() {
        guard let done = mailbox.take() else { return }
        guard done.token == mailbox.currentToken else { return }   // stale: the model changed meanwhile
        hessianRunning = false
        dispatch(.spectrum(done.view ?? state.spectrum))
    }

    // MARK: drawing and rates

    func measureRates() {
        framesThisSecond += 1
        let now = DispatchTime.now().uptimeNanoseconds
        let elapsed = Double(now &- secondStart) / 1e9
        guard elapsed >= 1 else { return }
        let steps = lastSnapshot?.step ?? 0
        let sps = lastSnapshot?.stepsPerSecond ?? Double(max(0, steps - stepsAtSecondStart)) / elapsed
        let fpsNow = Double(framesThisSecond) / elapsed
        framesDrawn = 0
        framesThisSecond = 0
        secondStart = now
        stepsAtSecondStart = steps
        let before = (state.fps.rounded(), state.stepsPerSecond.rounded())
        _ = Reducer.reduce(&state, .tick(fps: fpsNow, stepsPerSecond: state.running ? sps : 0))
        // A spectrum on screen shows its age in seconds: redraw each second, paused or not.
        if before != (state.fps.rounded(), state.stepsPerSecond.rounded()) || state.spectrum != nil { dirty = true }
    }

    var framesDrawn = 0
    /// Frame timing, collected when NNVIZ_FRAME_STATS names a file (written at exit).
    let stats: FrameStats? = ProcessInfo.processInfo.environment["NNVIZ_FRAME_STATS"].map(FrameStats.init)

    func draw() {
        let t0 = DispatchTime.now().uptimeNanoseconds
        DashboardRenderer.render(state, into: &frame, context: &context)
        let t1 = DispatchTime.now().uptimeNanoseconds
        let cells = backend.draw(frame, previous: onScreen)
        recording?.frame(frame, previous: onScreen)
        let t2 = DispatchTime.now().uptimeNanoseconds
        stats?.record(render: t1 &- t0, flush: t2 &- t1, cells: cells, size: state.size)
        // Double buffering without copies: the drawn frame becomes "on screen", the old one is reused.
        if let old = onScreen {
            onScreen = frame
            frame = old
        } else {
            onScreen = frame
        }
        dirty = false
        framesDrawn += 1
    }

    /// Restores the terminal and exits (quit key, SIGINT, SIGTERM, SIGHUP).
    func shutdown(exitCode: Int32) {
        sources?.cancel()
        cancelHessian()
        cancelLectureJobs()
        sweeps.cancel()
        engine.setRunning(false)
        backend.close()
        recording?.finish()
        stats?.write()
        exit(exitCode)
    }
}

/// Hands Hessian results from the worker queue to the frame: a token per request (a newer token cancels
/// older work, which checks `currentToken` between phases) and the latest result behind a Mutex.
final class HessianMailbox: Sendable {
    private let token = Atomic<Int>(0)
    private let result = Mutex<(token: Int, view: SpectrumViewModel?)?>(nil)

    var currentToken: Int { token.load(ordering: .acquiring) }

    /// A new request token; any older computation sees it and stops.
    func newToken() -> Int { token.add(1, ordering: .acquiringAndReleasing).newValue }

    func post(token: Int, _ view: SpectrumViewModel?) { result.withLock { $0 = (token, view) } }

    /// The posted result, if any (emptying the box).
    func take() -> (token: Int, view: SpectrumViewModel?)? {
        result.withLock { r in
            defer { r = nil }
            return r
        }
    }
}

/// A one-slot box for handing a value from a worker queue to the frame (latest wins).
final class Mailbox<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)
    func post(_ value: Value) { slot.withLock { $0 = value } }
    func take() -> Value? {
        slot.withLock { v in
            defer { v = nil }
            return v
        }
    }
}
