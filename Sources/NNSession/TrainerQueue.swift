import Dispatch
import NNCore
import Synchronization

/// Trains a ``Session`` on its own serial queue and publishes immutable snapshots; no method blocks the
/// caller on training (except the `drain()` hook for tests and shutdown).
///
/// - `run()` trains continuously in chunks of `stepsPerTick` steps, publishing a snapshot about every
///   ``publishInterval`` and re-enqueueing itself, so commands sent meanwhile (pause, step, rebuild) run
///   between publish cycles.
/// - `pause()`, `stepOnce()` (pauses, then trains exactly one step), `setStepsPerTick(_:)`.
/// - `rebuild(preset:seed:)` replaces the session (after an edit or a reset); a preset whose data cannot
///   be built (e.g. a broken CSV file) leaves the old session and sets ``lastError``.
/// - ``snapshot`` is the latest published picture, read under a `Mutex` (never waits for a chunk).
/// Divergence or early stopping pauses the run by itself.
public final class TrainerQueue: Sendable {
    private struct Control: Sendable {
        var running = false
        var loopScheduled = false
        var stepsPerTick = 10
        var generation = 0
        var lastError: PresetError?
    }

    private let queue = DispatchQueue(label: "nnviz.trainer", qos: .userInitiated)
    private let session: Mutex<Session>
    private let control = Mutex(Control())
    private let latest: Mutex<SessionSnapshot>
    private let onPublish: (@Sendable (SessionSnapshot) -> Void)?

    /// Starts paused, with the session's initial snapshot published.
    /// `onPublish` is called on the trainer queue after each new snapshot (e.g. to wake a UI).
    public init(session: Session, stepsPerTick: Int = 10, onPublish: (@Sendable (SessionSnapshot) -> Void)? = nil) {
        var session = session
        session.historyEvaluation = .onUpdate
        self.session = Mutex(session)
        self.latest = Mutex(session.snapshot())
        self.onPublish = onPublish
        control.withLock { $0.stepsPerTick = max(1, stepsPerTick) }
    }

    /// Convenience: builds the session from a preset (throws its one-line error).
    public convenience init(preset: Preset, seed: UInt64? = nil, stepsPerTick: Int = 10,
                            onPublish: (@Sendable (SessionSnapshot) -> Void)? = nil) throws(PresetError) {
        self.init(session: try Session(preset: preset, seed: seed), stepsPerTick: stepsPerTick, onPublish: onPublish)
    }

    /// The latest published snapshot.
    public var snapshot: SessionSnapshot { latest.withLock { $0 } }

    public var isRunning: Bool { control.withLock { $0.running } }
    public var stepsPerTick: Int { control.withLock { $0.stepsPerTick } }
    /// The error of the last failed ``rebuild(preset:seed:)`` (nil after a successful one).
    public var lastError: PresetError? { control.withLock { $0.lastError } }

    /// Trains continuously until paused (or the run diverges or stops early).
    public func run() {
        let schedule = control.withLock { c -> Bool in
            c.running = true
            if c.loopScheduled { return false }
            c.loopScheduled = true
            return true
        }
        if schedule { queue.async { self.tick() } }
        publishFlags()
    }

    /// Stops continuous training after the current chunk.
    public func pause() {
        control.withLock { $0.running = false }
        publishFlags()
    }

    /// Toggles between run and pause.
    public func toggle() { isRunning ? pause() : run() }

    /// Pauses and trains exactly one step.
    public func stepOnce() { step(1) }

    /// Pauses and trains `count` steps.
    public func step(_ count: Int) {
        control.withLock { $0.running = false }
        queue.async {
            self.session.withLock { _ = $0.step(max(0, count)) }
            self.publish()
        }
    }

    /// Steps per chunk while running (≥ 1).
    public func setStepsPerTick(_ n: Int) {
        control.withLock { $0.stepsPerTick = max(1, n) }
    }

    /// Changes the learning rate of the running session (weights, optimiser state and step count kept).
    public func setLearningRate(_ lr: Double) {
        queue.async {
            self.session.withLock { $0.setLearningRate(lr) }
            self.publish()
        }
    }

    /// Multiplies the learning rate by `factor` (clamped to ``Preset/editableLearningRates``), keeping the run.
    public func scaleLearningRate(by factor: Double) {
        queue.async {
            self.session.withLock { $0.scaleLearningRate(by: factor) }
            self.publish()
        }
    }

    /// Replaces the session with one built from `preset` (keeps running if it was running).
    public func rebuild(preset: Preset, seed: UInt64? = nil) {
        queue.async { self.rebuildNow(preset: preset, seed: seed) }
    }

    /// Rebuilds the current session's preset (a reset), with a new training seed if given.
    public func reset(seed: UInt64? = nil) {
        queue.async {
            let (preset, current) = self.session.withLock { ($0.preset, $0.seed) }
            self.rebuildNow(preset: preset, seed: seed ?? current)
        }
    }

    private func rebuildNow(preset: Preset, seed: UInt64?) {
        do throws(PresetError) {
            var fresh = try Session(preset: preset, seed: seed)
            fresh.historyEvaluation = .onUpdate
            session.withLock { $0 = fresh }
            control.withLock { $0.lastError = nil }
        } catch {
            control.withLock { $0.lastError = error }
        }
        publish()
    }

    /// Writes the whole session to `path` (``Session/save(to:)``: atomic, resumable bit-identically), between
    /// two training chunks so the state is consistent; training goes on. `completion` runs on the trainer
    /// queue with nil on success or the one-line error (the dashboard's `s` key shows either).
    public func save(to path: String, completion: @escaping @Sendable (PresetError?) -> Void = { _ in }) {
        save(naming: { _ in path }) { _, error in completion(error) }
    }

    /// The same, with the file named after the step actually saved (`name(step)`, asked on the trainer
    /// queue): the dashboard's `<preset>-step<N>` must name the step inside the file, not the one on
    /// screen when the key was pressed (training goes on until the queue gets to the save).
    public func save(naming name: @escaping @Sendable (Int) -> String,
                     completion: @escaping @Sendable (_ path: String, PresetError?) -> Void) {
        queue.async {
            let copy = self.session.withLock { $0 }
            let path = name(copy.step)
            do throws(PresetError) {
                try copy.save(to: path)
                completion(path, nil)
            } catch {
                completion(path, error)
            }
        }
    }

    /// Convenience: resumes a session file written by ``save(to:completion:)`` or `nnviz train --save`.
    public convenience init(loading path: String, stepsPerTick: Int = 10,
                            onPublish: (@Sendable (SessionSnapshot) -> Void)? = nil) throws(PresetError) {
        self.init(session: try Session(loading: path), stepsPerTick: stepsPerTick, onPublish: onPublish)
    }

    /// Runs `body` on the session on the trainer queue, then publishes (hook for extensions in other files,
    /// e.g. TrainerQueue+TrainingPoints.swift).
    func updateSession(_ body: @escaping @Sendable (inout Session) -> Void) {
        queue.async {
            self.session.withLock { body(&$0) }
            self.publish()
        }
    }

    /// Waits until every command sent so far has run (tests, shutdown). While running, returns after the
    /// chunk in progress.
    public func drain() { queue.sync {} }

    // MARK: - On the queue

    /// One publish cycle while running: chunks of `stepsPerTick` steps until ``publishInterval`` has passed
    /// (or the run is paused, diverges or stops), then one metrics evaluation and one snapshot. A small
    /// `stepsPerTick` therefore costs no extra evaluations, and pause takes effect after the next chunk.
    private func tick() {
        let start = ContinuousClock.now
        var taken = 0
        var finished = false
        while true {
            let (running, steps) = control.withLock { c -> (Bool, Int) in (c.running, c.stepsPerTick) }
            guard running else { break }
            let (n, done) = session.withLock { s -> (Int, Bool) in (s.step(steps, updateMetrics: false), s.isFinished) }
            taken += n
            finished = done
            if finished || ContinuousClock.now - start >= TrainerQueue.publishInterval { break }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if finished { control.withLock { $0.running = false } }
        if taken > 0 { publish(stepsPerSecond: seconds > 0 ? Double(taken) / seconds : nil) }
        let again = control.withLock { c -> Bool in
            if !c.running { c.loopScheduled = false }
            return c.running
        }
        if again { queue.async { self.tick() } } else if taken == 0 { publish() }
    }

    /// Longest time between two snapshots while running (about 30 per second).
    public static let publishInterval = Duration.milliseconds(33)

    private func publish(stepsPerSecond: Double? = nil) {
        var snap = session.withLock { s -> SessionSnapshot in
            s.updateMetrics()
            return s.snapshot()
        }
        let (running, generation) = control.withLock { c -> (Bool, Int) in
            c.generation += 1
            return (c.running, c.generation)
        }
        snap.isRunning = running
        snap.generation = generation
        snap.stepsPerSecond = stepsPerSecond ?? latest.withLock { $0.stepsPerSecond }
        latest.withLock { $0 = snap }
        onPublish?(snap)
    }

    /// Updates the running flag of the published snapshot right away (no training needed).
    private func publishFlags() {
        let running = control.withLock { $0.running }
        latest.withLock { $0.isRunning = running }
    }
}
