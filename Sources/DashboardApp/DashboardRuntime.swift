import Dashboard
import Dispatch
import NNSession
import PaneModels
import TerminalUI

/// The clock the runtime reads once per frame (seconds, monotonic, any origin). Tests pass a manual one.
public protocol RuntimeClock: Sendable {
    func now() -> Double
}

/// The system's monotonic clock.
public struct MonotonicClock: RuntimeClock {
    public init() {}
    public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// A terminal the runtime can draw on, read from and close (ncurses in the dashboard, memory in tests).
public protocol TerminalBackend: Backend {
    /// Restores the terminal (idempotent).
    func close()
}

/// Receives every drawn frame (the `--record` asciicast writer).
@MainActor
public protocol FrameObserver: AnyObject {
    /// One drawn frame, before it becomes the one on screen.
    func frame(_ buffer: Buffer, previous: Buffer?)
    func resize(_ size: Size)
    /// The dashboard ends.
    func finish()
}

/// Where the jobs run.
public struct JobExecutors: Sendable {
    public var adapter: JobExecutor
    public var analysis: JobExecutor
    public var lecture: JobExecutor
    public var gradcheck: JobExecutor
    public var sweep: JobExecutor

    public init(adapter: JobExecutor, analysis: JobExecutor, lecture: JobExecutor, gradcheck: JobExecutor, sweep: JobExecutor) {
        self.adapter = adapter
        self.analysis = analysis
        self.lecture = lecture
        self.gradcheck = gradcheck
        self.sweep = sweep
    }

    /// A serial Dispatch queue per kind of work (the dashboard).
    public static func dispatch() -> JobExecutors {
        JobExecutors(adapter: DispatchExecutor(label: "nnviz.adapter", qos: .userInitiated),
                     analysis: DispatchExecutor(label: "nnviz.analysis"), lecture: DispatchExecutor(label: "nnviz.lecture"),
                     gradcheck: DispatchExecutor(label: "nnviz.gradcheck", qos: .userInitiated),
                     sweep: DispatchExecutor(label: "nnviz.sweep"))
    }

    /// Everything at once on the caller's thread (tests).
    public static let inline = JobExecutors(adapter: InlineExecutor(), analysis: InlineExecutor(), lecture: InlineExecutor(),
                                            gradcheck: InlineExecutor(), sweep: InlineExecutor())
}

/// The live dashboard, single or compare: one `@MainActor` owner of the program state, one frame loop,
/// one ``TrainingQueue`` for all sessions and one ``LatestJobWorker`` per kind of background work.
///
/// Each frame: input events, then `.tick(now:)`, then finished results go to the program's pure reducer,
/// whose effects this runtime performs (grant steps, start jobs, rebuild a session, save); new snapshots are
/// handed to the adapter job; the frame is drawn when something on screen changed. The runtime decides
/// nothing itself (no timing rule, no edit) and never writes the state: only the reducer does.
@MainActor
public final class DashboardRuntime<Program: DashboardProgram> {
    public private(set) var state: Program
    public let queue: TrainingQueue
    let backend: TerminalBackend
    let clock: RuntimeClock
    var context: RenderContext
    let observer: FrameObserver?
    let stats: FrameStats?
    let saveDirectory: String
    /// Called last when the dashboard ends (the executable exits the process).
    let terminate: @MainActor (Int32) -> Void
    public private(set) var exitCode: Int32?

    var frameBuffer = Buffer(width: 0, height: 0)
    var onScreen: Buffer?
    var dirty = true
    public private(set) var framesDrawn = 0
    var sources: MainQueueSources?
    /// `nnviz lecture`: performs the deck's effects (open another step). Set by the lecture's owner.
    public var onLecture: (@MainActor (DeckEffect) -> Void)?
    /// Stopped by ``stop()`` (the terminal stays open for the next runtime).
    public private(set) var isStopped = false

    /// Per session: the snapshot behind the newest view model (what jobs run on) and the queue generation
    /// last handed to the adapter.
    var adaptedSnapshots: [SessionSnapshot?]
    var submittedGenerations: [Int]
    var adaptedGenerations: [Int]

    struct Adapted: Sendable {
        var index: Int
        var snapshot: SessionSnapshot
        var model: DashboardModel
    }
    let adapter: LatestJobWorker<[Adapted]>
    let spectra: [LatestJobWorker<AppEvent>]
    let lectures: [LatestJobWorker<AppEvent>]
    let gradchecks: [LatestJobWorker<AppEvent>]
    let sweeps: [LatestJobWorker<AppEvent>]
    let workspaces: [HessianWorkspace]
    /// The landscape, sharpness and flat-directions work of each session.
    let geometry: [LandscapeWorkers]

    public init(state: Program, queue: TrainingQueue, backend: TerminalBackend, clock: RuntimeClock = MonotonicClock(),
                executors: JobExecutors = .dispatch(), theme: Theme, saveDirectory: String = ".",
                observer: FrameObserver? = nil, stats: FrameStats? = nil,
                terminate: @escaping @MainActor (Int32) -> Void) {
        self.state = state
        self.queue = queue
        self.backend = backend
        self.clock = clock
        self.context = RenderContext(theme: theme)
        self.observer = observer
        self.stats = stats
        self.saveDirectory = saveDirectory
        self.terminate = terminate
        let n = state.sessionCount
        adaptedSnapshots = Array(repeating: nil, count: n)
        submittedGenerations = Array(repeating: -1, count: n)
        adaptedGenerations = Array(repeating: -1, count: n)
        adapter = LatestJobWorker(executor: executors.adapter)
        spectra = (0..<n).map { _ in LatestJobWorker(executor: executors.analysis) }
        lectures = (0..<n).map { _ in LatestJobWorker(executor: executors.lecture) }
        gradchecks = (0..<n).map { _ in LatestJobWorker(executor: executors.gradcheck) }
        sweeps = (0..<n).map { _ in LatestJobWorker(executor: executors.sweep) }
        workspaces = (0..<n).map { _ in HessianWorkspace() }
        geometry = (0..<n).map { _ in LandscapeWorkers(executor: executors.analysis) }
    }

    /// Performs the program's start effects (pace, run flags, sweeps). Tests call it, then ``frame()``.
    public func begin() {
        perform(state.startEffects)
    }

    /// ``begin()``, then the frame timer and the signal sources on the main queue.
    public func run(fps: Int) {
        begin()
        sources = MainQueueSources(fps: fps, onSignal: { [weak self] code in self?.shutdown(exitCode: code) },
                                   onFrame: { [weak self] in self?.frame() })
    }

    /// One frame: input, the tick, finished results, new snapshots to adapt, then drawing if needed.
    public func frame() {
        guard exitCode == nil, !isStopped else { return }
        if DashboardTestHooks.crashOnFirstFrame, framesDrawn > 0 {
            fatalError("NNVIZ_TEST_CRASH: deliberate crash to test terminal restoration")
        }
        while let event = backend.pollEvent() {
            switch event {
            case .key(let k): dispatch(.key(k))
            case .mouse(let m): dispatch(.mouse(m))
            case .resize(let s):
                onScreen = nil   // repaint everything after a resize
                observer?.resize(s)
                dispatch(.resize(s))
            }
            if exitCode != nil || isStopped { return }
        }
        let before = state.tickFingerprint
        let effects = state.update(.tick(now: clock.now()))
        if before != state.tickFingerprint { dirty = true }
        perform(effects)
        if isStopped { return }
        collectResults()
        submitSnapshots()
        if dirty, exitCode == nil { draw() }
    }

    /// An event through the reducer, then its effects.
    public func dispatch(_ event: ProgramEvent) {
        let effects = state.update(event)
        dirty = true
        perform(effects)
    }

    // MARK: effects

    func perform(_ effects: [CompareEffect]) {
        var commands: [TrainingQueue.Command] = []
        for effect in effects {
            switch effect {
            case .quit:
                flush(&commands)
                shutdown(exitCode: 0)
                return
            case .session(let i, let e):
                perform(i, e, &commands)
            case .lecture(let e):
                flush(&commands)
                onLecture?(e)
                if isStopped { return }
            }
        }
        flush(&commands)
    }

    /// The commands of one event go to the queue together, so lockstep survives a key acting on all sessions.
    func flush(_ commands: inout [TrainingQueue.Command]) {
        if !commands.isEmpty { queue.batch(commands) }
        commands = []
    }

    func perform(_ i: Int, _ effect: Effect, _ commands: inout [TrainingQueue.Command]) {
        switch effect {
        case .quit: shutdown(exitCode: 0)
        case .setRunning(let on): commands.append(on ? .run(i) : .pause(i))
        case .step(let n): commands.append(.step(i, n))
        case .advance(let n): commands.append(.advance(i, n))
        case .trainSteps(let n): commands.append(.grant(i, n))
        case .setPace(let pace): commands.append(.setFlatOut(i, pace == .max))
        case .setLearningRate(let lr): commands.append(.setLearningRate(i, lr))
        case .rebuild(let preset, let build):
            spectra[i].cancel()
            geometry[i].reset()
            commands.append(.rebuild(i, preset, seed: nil, build: build))
        case .startJob(let kind): start(kind, session: i)
        case .addPoint(let x, let y, let label):
            flush(&commands)
            dispatch(.session(i, .status(TrainingPoints.add(x: x, y: y, label: label, to: queue, session: i))))
        case .saveSession: save(i)
        case .retune(let preset):
            flush(&commands)
            queue.retune(i, to: preset)
        case .addTarget(let x, let y):
            flush(&commands)
            let line: String
            do throws(TrainingPointError) {
                try queue.addTrainingPoint(i, x: [x], target: [y])
                line = "added the point (\(Fmt.num(x)), \(Fmt.num(y)))"
            } catch {
                line = error.message
            }
            dispatch(.session(i, .status(line)))
        case .writeSetup(let preset, let stem):
            let line: String
            do {
                let path = try preset.writeSetup(directory: ".", stem: stem)
                let name = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
                line = "wrote \(name) (nnviz --preset \(name) starts this set-up from step 0)"
            } catch {
                line = error.description
            }
            dispatch(.session(i, .status(line)))
        }
    }

    // MARK: jobs

    func start(_ kind: JobKind, session i: Int) {
        let app = state.session(i)
        guard let snap = adaptedSnapshots[i] ?? (kind == .sweep ? queue.snapshot(i) : nil) else {
            switch kind {
            case .gradcheck: dispatch(.session(i, .gradcheck(.failed("no snapshot yet"))))
            case .spectrum, .lambdaMax: dispatch(.session(i, .spectrum(nil, build: app.build)))
            case .landscape, .sharpness, .flatDirections:
                if let u = LandscapeWorkers.noSnapshot(kind, directions: app.landscape.directions) {
                    dispatch(.session(i, .landscape(u, build: app.build)))
                }
            case .lecture, .sweep: break
            }
            return
        }
        switch kind {
        case .spectrum, .lambdaMax:
            let workspace = workspaces[i]
            spectra[i].submit(cancelling: true) { isCancelled, post in
                let result = kind == .spectrum ? workspace.compute(snap, isCancelled: isCancelled)
                    : LambdaMaxJob.compute(snap, isCancelled: isCancelled)
                if case .failure(.cancelled) = result { return }
                post(.spectrum(try? result.get(), build: snap.build))
            }
        case .lecture:
            guard let key = app.lectureKey else { return }
            let featured = app.presetPane
            lectures[i].submit(cancelling: true) { isCancelled, post in
                LectureJobs.run(featured: featured, snapshot: snap, isCancelled: isCancelled, post: { post(.lecture($0, key: key)) })
            }
        case .gradcheck:
            gradchecks[i].submit(cancelling: true) { _, post in post(.gradcheck(LectureJobs.gradcheck(snap))) }
        case .landscape, .sharpness, .flatDirections:
            geometry[i].start(kind, app: app, snap: snap)
        case .sweep:
            guard let experiment = app.preset.experiment else { return }
            sweeps[i].submit(cancelling: true) { isCancelled, post in
                DoubleDescentJob.run(experiment, seed: experiment.doubleDescent.seed, isCancelled: isCancelled) {
                    post(.doubleDescent($0))
                }
            }
        }
    }

    /// Finished results of every worker go to the reducer (stale ones were dropped by the workers; the
    /// reducer drops those of an older build).
    func collectResults() {
        if let done = adapter.take() {
            for r in done {
                adaptedSnapshots[r.index] = r.snapshot
                geometry[r.index].record(r.snapshot)
                adaptedGenerations[r.index] = r.snapshot.generation
                dispatch(.session(r.index, .snapshot(r.model)))
            }
        }
        for i in 0..<state.sessionCount {
            for worker in [spectra[i], lectures[i], gradchecks[i], sweeps[i]] {
                if let event = worker.take() { dispatch(.session(i, event)) }
            }
            for event in geometry[i].take() { dispatch(.session(i, event)) }
        }
    }

    /// Hands every session whose snapshot changed to the adapter, in one job (so the panels of a lockstep
    /// run show the same step), one job at a time. A job includes every session not yet adapted at its
    /// newest snapshot, so a result that replaces an untaken one loses nothing.
    func submitSnapshots() {
        guard !adapter.isBusy else { return }
        let snaps = queue.snapshots()
        guard snaps.indices.contains(where: { snaps[$0].generation != submittedGenerations[$0] }) else { return }
        let changed = snaps.indices.filter { snaps[$0].generation != adaptedGenerations[$0] }
        for i in snaps.indices { submittedGenerations[i] = snaps[i].generation }
        guard !changed.isEmpty else { return }
        let todo = changed.map { (index: $0, snapshot: snaps[$0], options: state.session($0).adapterOptions) }
        adapter.submit { _, post in
            post(todo.map { Adapted(index: $0.index, snapshot: $0.snapshot,
                                    model: SnapshotAdapter.model(from: $0.snapshot, options: $0.options)) })
        }
    }

    // MARK: saving

    /// `s`: the session to `<preset>-step<N>.nnviz.json` (in compare mode `<preset>-<n>-step<N>`, n its panel
    /// number), named after the step actually saved; the answer comes back to the hint line.
    func save(_ i: Int) {
        let directory = saveDirectory
        let name = state.sessionCount > 1 ? "\(state.session(i).preset.name)-\(i + 1)" : state.session(i).preset.name
        queue.save(i, naming: { Self.savePath(directory: directory, presetName: name, step: $0) }) { [weak self] path, error in
            DispatchQueue.main.async {
                MainActor.assumeIsolated {
                    self?.dispatch(.session(i, .status(error.map { "save failed: \($0.description)" } ?? "saved to \(path)")))
                }
            }
        }
    }

    /// `dir/<name>-step<N>.nnviz.json`, the name reduced to letters, digits, `-` and `_` (a preset given
    /// as a path must not turn into directories).
    public nonisolated static func savePath(directory: String, presetName: String, step: Int) -> String {
        let safe = String(presetName.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let name = "\(safe.isEmpty ? "session" : safe)-step\(step).nnviz.json"
        return directory.isEmpty || directory == "." ? name
            : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    // MARK: drawing and shutdown

    func draw() {
        let t0 = DispatchTime.now().uptimeNanoseconds
        state.render(into: &frameBuffer, context: &context)
        let t1 = DispatchTime.now().uptimeNanoseconds
        let cells = backend.draw(frameBuffer, previous: onScreen)
        observer?.frame(frameBuffer, previous: onScreen)
        let t2 = DispatchTime.now().uptimeNanoseconds
        stats?.record(render: t1 &- t0, flush: t2 &- t1, cells: cells, size: frameBuffer.size)
        // Double buffering without copies: the drawn frame becomes "on screen", the old one is reused.
        if let old = onScreen {
            onScreen = frameBuffer
            frameBuffer = old
        } else {
            onScreen = frameBuffer
        }
        dirty = false
        framesDrawn += 1
    }

    /// Stops this dashboard without closing the terminal (a lecture opens its next step in a new runtime on the
    /// same backend): the frame timer, the signal sources and every job stop, training pauses. Idempotent.
    public func stop() {
        guard !isStopped, exitCode == nil else { return }
        isStopped = true
        sources?.cancel()
        adapter.cancel()
        for w in spectra + lectures + gradchecks + sweeps { w.cancel() }
        for g in geometry { g.cancel() }
        queue.batch((0..<state.sessionCount).map { .pause($0) })
    }

    /// Restores the terminal and ends (quit key, SIGINT, SIGTERM, SIGHUP). Idempotent. Never waits for a job:
    /// every worker is cancelled (a running Hessian, eigensolver or Lanczos run sees its probe turn true and
    /// stops within one column or step) and `terminate` follows at once.
    public func shutdown(exitCode code: Int32) {
        guard exitCode == nil else { return }
        exitCode = code
        sources?.cancel()
        adapter.cancel()
        for w in spectra + lectures + gradchecks + sweeps { w.cancel() }
        for g in geometry { g.cancel() }
        queue.batch((0..<state.sessionCount).map { .pause($0) })
        backend.close()
        observer?.finish()
        stats?.write()
        terminate(code)
    }
}
