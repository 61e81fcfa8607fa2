import Dashboard
import Dispatch
import Foundation
import NCursesBackend
import NNSession
import PaneModels
import TerminalUI

/// Compare mode's live loop: like ``DashboardRuntime`` (one `@MainActor` owner, one Dispatch frame timer on
/// main, signal sources on main) but with 2–4 sessions. They share everything that costs: ONE training
/// queue (``CompareQueue``, lockstep rounds), ONE adapter queue turning snapshots into view models (one job
/// at a time for all sessions whose snapshot changed, so the panels show the same step), and ONE λmax queue (Lanczos on HVPs, ``LambdaMaxJob``). The frame timer only collects
/// finished results, applies keys and draws when something changed: an idle screen costs ~0% CPU.
@MainActor
final class CompareRuntime {
    /// What the runtime keeps per session (its preset and the hand-off boxes of its results).
    @MainActor final class Slot {
        var preset: Preset
        var lastGeneration = -1
        var firstCurrentGeneration = 0
        var lastSnapshot: SessionSnapshot?
        let lambda = HessianMailbox()
        var lambdaRunning = false
        var lastLambdaStep = -1
        var lastLambdaStart: UInt64 = 0

        init(preset: Preset) { self.preset = preset }
    }

    let backend: NCursesBackend
    /// Trains all sessions; the commands of one key press go to it as one batch (lockstep survives them).
    let queue: CompareQueue
    var pending: [CompareQueue.Command] = []
    let slots: [Slot]
    var state: CompareState
    var context: RenderContext
    let fps: Int
    let saveDirectory: String
    /// `--record`: every drawn frame (and resize) goes to the asciicast file too, as in the single dashboard.
    let recording: DashboardRecording?
    var frame = Buffer(width: 0, height: 0)
    var onScreen: Buffer?
    var dirty = true
    var sources: MainQueueSources?
    let adapterQueue = DispatchQueue(label: "nnviz.compare.adapter", qos: .userInitiated)
    /// View models of all sessions whose snapshot changed, adapted in one job (so they show the same step).
    let adapted = Mailbox<[Adapted]>()
    var adapterBusy = false
    var lastAdaptStart: UInt64 = 0
    let lambdaQueue = DispatchQueue(label: "nnviz.compare.lambda", qos: .utility)
    /// Snapshots are adapted at most this often (ns); one job does every changed session.
    let adaptInterval: UInt64 = 33_000_000

    struct Adapted: Sendable {
        var index: Int
        var snapshot: SessionSnapshot
        var model: DashboardModel
    }
    /// Automatic λmax every this many steps of a session (when its last one is done), at most once a second.
    let lambdaEvery = 100
    var framesThisSecond = 0
    var secondStart = DispatchTime.now().uptimeNanoseconds

    init(backend: NCursesBackend, queue: CompareQueue, entries: [CompareEntry], seed: UInt64?, fps: Int,
         theme: Theme, saveDirectory: String, presenting: Bool = false, recording: DashboardRecording? = nil) {
        self.backend = backend
        self.recording = recording
        self.queue = queue
        slots = entries.map { Slot(preset: $0.preset) }
        state = CompareSetup.initialState(entries, size: backend.size, seed: seed)
        state.presenting = presenting
        context = RenderContext(theme: theme)
        self.fps = fps
        self.saveDirectory = saveDirectory
    }

    func start() {
        sources = MainQueueSources(fps: fps, onSignal: { [weak self] code in self?.shutdown(exitCode: code) },
                                   onFrame: { [weak self] in self?.frameTick() })
        queue.batch(state.sessions.indices.flatMap { i -> [CompareQueue.Command] in
            [.setStepsPerTick(i, state.sessions[i].app.stepsPerFrame), state.sessions[i].app.running ? .run(i) : .pause(i)]
        })
    }

    func frameTick() {
        while let event = backend.pollEvent() {
            switch event {
            case .key(let k): dispatch(.key(k))
            case .mouse(let m): dispatch(.mouse(m))
            case .resize(let s):
                onScreen = nil
                recording?.resize(s)
                dispatch(.resize(s))
            }
            if state.quitRequested { return }
        }
        pullSnapshots()
        for i in slots.indices { pullLambda(i) }
        measureRates()
        if dirty { draw() }
    }

    func dispatch(_ event: CompareEvent) {
        let effects = CompareReducer.reduce(&state, event)
        dirty = true
        for effect in effects {
            switch effect {
            case .quit: shutdown(exitCode: 0)
            case .session(let i, let e): perform(i, e)
            }
        }
        if !pending.isEmpty {
            queue.batch(pending)
            pending = []
        }
    }

    func perform(_ i: Int, _ effect: Effect) {
        let slot = slots[i]
        switch effect {
        case .quit: shutdown(exitCode: 0)
        case .setRunning(let on): pending.append(on ? .run(i) : .pause(i))
        case .step(let n): pending.append(.step(i, n))
        case .setStepsPerFrame(let n): pending.append(.setStepsPerTick(i, n))
        case .setLearningRate(let lr):
            slot.preset = slot.preset.applying(state.sessions[i].app.config, keepExplicitWeights: true)
            pending.append(.setLearningRate(i, lr))
        case .rebuild(let config):
            cancelLambda(i)
            slot.preset = slot.preset.rebuilt(with: config)
            state.sessions[i].app.config = ModelConfig(preset: slot.preset, seed: config.seed)
            state.sessions[i].app.choices = Choices(preset: slot.preset)
            slot.lastLambdaStep = -1
            slot.firstCurrentGeneration = slot.lastGeneration + 1
            pending.append(.rebuild(i, slot.preset, seed: config.seed))
        case .computeHessian: startLambda(i)
        case .setAutoHessian: break
        case .saveSession: save(i)
        case .addPoint: break   // compare mode adds no points (a click focuses a session)
        case .runGradcheck: break   // the compare reducer refuses `g` (no overlay in compare panels)
        }
    }

    /// New snapshots → view models on the adapter queue: one job at a time, for every session whose
    /// snapshot changed, all read at once from the queue, so the panels show the same step of a lockstep run.
    func pullSnapshots() {
        if let results = adapted.take() {
            adapterBusy = false
            for r in results where r.snapshot.generation >= slots[r.index].firstCurrentGeneration {
                slots[r.index].lastSnapshot = r.snapshot
                dispatch(.session(r.index, .snapshot(r.model)))
                maybeStartLambda(r.index, r.snapshot)
            }
        }
        let now = DispatchTime.now().uptimeNanoseconds
        guard !adapterBusy, now &- lastAdaptStart >= adaptInterval else { return }
        let changed = queue.snapshots().enumerated().filter { $0.element.generation != slots[$0.offset].lastGeneration }
        guard !changed.isEmpty else { return }
        for (i, snap) in changed { slots[i].lastGeneration = snap.generation }
        adapterBusy = true
        lastAdaptStart = now
        let box = adapted
        let todo = changed.map { (index: $0.offset, snapshot: $0.element) }
        adapterQueue.async {
            box.post(todo.map { Adapted(index: $0.index, snapshot: $0.snapshot, model: SnapshotAdapter.model(from: $0.snapshot)) })
        }
    }

    func maybeStartLambda(_ i: Int, _ snap: SessionSnapshot) {
        let slot = slots[i]
        let now = DispatchTime.now().uptimeNanoseconds
        if state.sessions[i].app.autoHessian, !slot.lambdaRunning, snap.divergence == nil,
           slot.lastLambdaStep < 0 || (snap.step - slot.lastLambdaStep >= lambdaEvery && now &- slot.lastLambdaStart >= 1_000_000_000) {
            startLambda(i)
        }
    }

    func startLambda(_ i: Int) {
        let slot = slots[i]
        guard let snap = slot.lastSnapshot, !slot.lambdaRunning else { return }
        slot.lambdaRunning = true
        slot.lastLambdaStep = snap.step
        slot.lastLambdaStart = DispatchTime.now().uptimeNanoseconds
        let box = slot.lambda
        let token = box.newToken()
        dispatch(.session(i, .hessianStarted))
        lambdaQueue.async {
            let result = LambdaMaxJob.compute(snap) { box.currentToken != token }
            if case .success(let view) = result { box.post(token: token, view) } else { box.post(token: token, nil) }
        }
    }

    func cancelLambda(_ i: Int) {
        _ = slots[i].lambda.newToken()
        slots[i].lambdaRunning = false
    }

    func pullLambda(_ i: Int) {
        let slot = slots[i]
        guard let done = slot.lambda.take(), done.token == slot.lambda.currentToken else { return }
        slot.lambdaRunning = false
        dispatch(.session(i, .spectrum(done.view ?? state.sessions[i].app.spectrum)))
    }

    /// `s`: session `i` to `<preset>-<n>-step<N>.nnviz.json` (n = its panel number, so sessions never collide).
    func save(_ i: Int) {
        let slot = slots[i]
        let path = DashboardRuntime.savePath(directory: saveDirectory, presetName: "\(slot.preset.name)-\(i + 1)",
                                             step: queue.snapshot(i).step)
        queue.save(i, to: path) { [weak self] error in
            DispatchQueue.main.async {
                MainActor.assumeIsolated {
                    self?.dispatch(.session(i, .status(error.map { "save failed: \($0.description)" } ?? "saved to \(path)")))
                }
            }
        }
    }

    func measureRates() {
        framesThisSecond += 1
        let now = DispatchTime.now().uptimeNanoseconds
        let elapsed = Double(now &- secondStart) / 1e9
        guard elapsed >= 1 else { return }
        let before = statusNumbers()
        _ = CompareReducer.reduce(&state, .tick(fps: Double(framesThisSecond) / elapsed))
        for (i, slot) in slots.enumerated() {
            let sps = state.sessions[i].app.running ? (slot.lastSnapshot?.stepsPerSecond ?? 0) : 0
            _ = CompareReducer.reduce(&state, .session(i, .tick(fps: state.fps, stepsPerSecond: sps)))
        }
        framesThisSecond = 0
        secondStart = now
        if before != statusNumbers() { dirty = true }
    }

    func statusNumbers() -> [Double] {
        [state.fps.rounded()] + state.sessions.map { $0.app.stepsPerSecond.rounded() }
    }

    func draw() {
        CompareRenderer.render(state, into: &frame, context: &context)
        backend.draw(frame, previous: onScreen)
        recording?.frame(frame, previous: onScreen)
        if let old = onScreen {
            onScreen = frame
            frame = old
        } else {
            onScreen = frame
        }
        dirty = false
    }

    func shutdown(exitCode: Int32) {
        sources?.cancel()
        for i in slots.indices { cancelLambda(i) }
        queue.batch(slots.indices.map { .pause($0) })
        backend.close()
        recording?.finish()
        exit(exitCode)
    }
}
