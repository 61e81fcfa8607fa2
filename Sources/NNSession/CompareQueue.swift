import Dispatch
import NNCore
import Synchronization

/// Trains two to four sessions side by side (compare mode) on ONE serial queue, in lockstep: every round
/// gives each running session its `stepsPerTick` steps, so sessions at the same speed setting are always
/// at the same step, whatever a step of each costs (batch 1 next to full batch, a wide net next to a
/// narrow one). A comparison on the step axis is then fair, and all sessions together use one core (each
/// gets its share of it, shown as its steps per second) — the same load as a single ``TrainerQueue``.
///
/// Each session has its own run flag, speed, learning rate and snapshot, so one can be paused, stepped,
/// rebuilt or diverge while the others go on. Snapshots are published about every ``TrainerQueue/publishInterval``
/// behind a `Mutex`; reading one never waits for training. No method blocks the caller except `drain()`.
public final class CompareQueue: Sendable {
    private struct Slot: Sendable {
        var running = false
        var stepsPerTick = 1
        var generation = 0
        var lastError: PresetError?
    }

    private struct Control: Sendable {
        var slots: [Slot]
        var loopScheduled = false
    }

    /// Number of sessions (fixed for the queue's life).
    public let count: Int
    private let queue = DispatchQueue(label: "nnviz.compare", qos: .userInitiated)
    private let sessions: Mutex<[Session]>
    private let latest: Mutex<[SessionSnapshot]>
    private let control: Mutex<Control>

    /// Starts paused, with every session's initial snapshot published.
    public init(sessions: [Session], stepsPerTick: Int = 1) {
        var all = sessions
        for i in all.indices { all[i].historyEvaluation = .onUpdate }
        count = all.count
        self.sessions = Mutex(all)
        latest = Mutex(all.map { $0.snapshot() })
        let slot = Slot(stepsPerTick: max(1, stepsPerTick))
        control = Mutex(Control(slots: Array(repeating: slot, count: all.count)))
    }

    /// Builds one session per preset (each with the given training seed, or its own); throws the first
    /// preset's one-line error.
    public convenience init(presets: [Preset], seed: UInt64? = nil, stepsPerTick: Int = 1) throws(PresetError) {
        var built: [Session] = []
        for p in presets { built.append(try Session(preset: p, seed: seed)) }
        self.init(sessions: built, stepsPerTick: stepsPerTick)
    }

    /// The latest published snapshot of session `i`.
    public func snapshot(_ i: Int) -> SessionSnapshot { latest.withLock { $0[i] } }

    /// Every session's latest snapshot, read at once: after a publish cycle they are all from it (the
    /// cycle publishes them together), so running sessions show the same step.
    public func snapshots() -> [SessionSnapshot] { latest.withLock { $0 } }

    public func isRunning(_ i: Int) -> Bool { control.withLock { $0.slots[i].running } }
    public func stepsPerTick(_ i: Int) -> Int { control.withLock { $0.slots[i].stepsPerTick } }
    /// The error of session `i`'s last failed rebuild (nil after a successful one).
    public func lastError(_ i: Int) -> PresetError? { control.withLock { $0.slots[i].lastError } }

    /// A command for one session. Several go to ``batch(_:)`` together so that a key acting on all sessions
    /// (pause, one step, reset) reaches them between the same two rounds: lockstep survives it.
    public enum Command: Sendable {
        /// Train continuously (in lockstep with the other running sessions) until paused.
        case run(Int)
        /// Stop after the current round.
        case pause(Int)
        /// Pause and train exactly n steps.
        case step(Int, Int)
        /// Steps per round while running (≥ 1).
        case setStepsPerTick(Int, Int)
        /// New learning rate; weights, optimiser state and step count kept.
        case setLearningRate(Int, Double)
        /// Replace the session with one built from the preset (a failure keeps the old one; see ``lastError(_:)``).
        case rebuild(Int, Preset, seed: UInt64?)
    }

    /// Applies the commands atomically with respect to training rounds: run flags and speeds change under
    /// one lock, and the work on sessions (steps, learning rates, rebuilds) runs in one block on the queue.
    public func batch(_ commands: [Command]) {
        var work: [Command] = []
        let schedule = control.withLock { c -> Bool in
            for command in commands {
                switch command {
                case .run(let i): c.slots[i].running = true
                case .pause(let i): c.slots[i].running = false
                case .step(let i, _):
                    c.slots[i].running = false
                    work.append(command)
                case .setStepsPerTick(let i, let n): c.slots[i].stepsPerTick = max(1, n)
                case .setLearningRate, .rebuild: work.append(command)
                }
            }
            guard c.slots.contains(where: \.running), !c.loopScheduled else { return false }
            c.loopScheduled = true
            return true
        }
        publishFlags()
        let todo = work
        if !todo.isEmpty { queue.async { for command in todo { self.perform(command) } } }
        if schedule { queue.async { self.loop() } }
    }

    public func run(_ i: Int) { batch([.run(i)]) }
    public func pause(_ i: Int) { batch([.pause(i)]) }
    public func step(_ i: Int, _ n: Int) { batch([.step(i, n)]) }
    public func setStepsPerTick(_ i: Int, _ n: Int) { batch([.setStepsPerTick(i, n)]) }
    public func setLearningRate(_ i: Int, _ lr: Double) { batch([.setLearningRate(i, lr)]) }
    public func rebuild(_ i: Int, preset: Preset, seed: UInt64? = nil) { batch([.rebuild(i, preset, seed: seed)]) }

    /// On the queue: the session work of one command, then a snapshot of that session.
    private func perform(_ command: Command) {
        switch command {
        case .step(let i, let n):
            sessions.withLock { _ = $0[i].step(max(0, n)) }
            publish(i)
        case .setLearningRate(let i, let lr):
            sessions.withLock { $0[i].setLearningRate(lr) }
            publish(i)
        case .rebuild(let i, let preset, let seed):
            do throws(PresetError) {
                var fresh = try Session(preset: preset, seed: seed)
                fresh.historyEvaluation = .onUpdate
                sessions.withLock { $0[i] = fresh }
                control.withLock { $0.slots[i].lastError = nil }
            } catch {
                control.withLock { $0.slots[i].lastError = error }
            }
            publish(i)
        case .run, .pause, .setStepsPerTick:
            break
        }
    }

    /// Writes session `i` to `path` (atomically, resumable with `--load`) between two rounds.
    public func save(_ i: Int, to path: String, completion: @escaping @Sendable (PresetError?) -> Void = { _ in }) {
        queue.async {
            let copy = self.sessions.withLock { $0[i] }
            do throws(PresetError) {
                try copy.save(to: path)
                completion(nil)
            } catch {
                completion(error)
            }
        }
    }

    /// Waits until every command sent so far has run (tests, shutdown); while running, returns after the
    /// publish cycle in progress.
    public func drain() { queue.sync {} }

    // MARK: - On the queue

    /// One publish cycle: rounds (each running session takes its steps, in index order) until
    /// ``TrainerQueue/publishInterval`` has passed or nobody runs, then one snapshot per session that was
    /// meant to train. A session that diverges or stops early stops by itself; the others go on.
    private func loop() {
        let start = ContinuousClock.now
        var taken = [Int](repeating: 0, count: count)
        var touched = [Bool](repeating: false, count: count)
        while true {
            let plan = control.withLock { c in c.slots.map { $0.running ? $0.stepsPerTick : 0 } }
            guard plan.contains(where: { $0 > 0 }) else { break }
            let finished = sessions.withLock { all -> [Int] in
                var done: [Int] = []
                for i in 0..<all.count where plan[i] > 0 {
                    touched[i] = true
                    taken[i] += all[i].step(plan[i], updateMetrics: false)
                    if all[i].isFinished { done.append(i) }
                }
                return done
            }
            if !finished.isEmpty { control.withLock { c in for i in finished { c.slots[i].running = false } } }
            if ContinuousClock.now - start >= TrainerQueue.publishInterval { break }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        publish((0..<count).filter { touched[$0] }) { i in
            taken[i] > 0 && seconds > 0 ? Double(taken[i]) / seconds : nil
        }
        let again = control.withLock { c -> Bool in
            let any = c.slots.contains { $0.running }
            if !any { c.loopScheduled = false }
            return any
        }
        if again { queue.async { self.loop() } }
    }

    private func publish(_ i: Int) { publish([i]) { _ in nil } }

    /// Snapshots of the sessions `indices`, made visible together (one lock), with their rates (nil: keep
    /// the last measured one).
    private func publish(_ indices: [Int], stepsPerSecond rate: (Int) -> Double?) {
        guard !indices.isEmpty else { return }
        var snaps = sessions.withLock { all -> [SessionSnapshot] in
            indices.map { i in
                all[i].updateMetrics()
                return all[i].snapshot()
            }
        }
        let flags = control.withLock { c -> [(Bool, Int)] in
            indices.map { i in
                c.slots[i].generation += 1
                return (c.slots[i].running, c.slots[i].generation)
            }
        }
        for k in snaps.indices {
            snaps[k].isRunning = flags[k].0
            snaps[k].generation = flags[k].1
            snaps[k].stepsPerSecond = rate(indices[k])
        }
        let ready = snaps
        latest.withLock { all in
            for (k, i) in indices.enumerated() {
                var snap = ready[k]
                if snap.stepsPerSecond == nil { snap.stepsPerSecond = all[i].stepsPerSecond }
                all[i] = snap
            }
        }
    }

    private func publishFlags() {
        let running = control.withLock { c in c.slots.map(\.running) }
        latest.withLock { all in for i in all.indices { all[i].isRunning = running[i] } }
    }
}
