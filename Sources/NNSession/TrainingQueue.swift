import Dispatch
import NNCore
import Synchronization

/// Trains one or more sessions (the dashboard: one; compare mode: two to four) on ONE serial queue, in
/// lockstep, and publishes immutable snapshots. No method blocks the caller on training (except `drain()`,
/// for tests and shutdown).
///
/// Each session has a run flag and one of two ways of running:
/// - **paced** (the default): it trains only the steps granted to it (``Command/grant(_:_:)``; the
///   dashboard grants pace × elapsed time every frame), so the pace is whatever the grants say. Grants
///   beyond what the machine does are not hoarded: the budget never exceeds ``maxBacklog`` grants (about a
///   quarter of a second of frames), enough to ride out a busy moment without running on afterwards.
/// - **flat out** (``Command/setFlatOut(_:_:)``, the dashboard's `max` pace): it trains continuously.
///
/// Every round gives each session with work one step, so sessions at the same pace stay at the same step
/// whatever a step of each costs (a fair comparison on the step axis), and all sessions together use one
/// core. Snapshots are published about every ``publishInterval`` while training, and when the work runs
/// out; reading one never waits for training. A session that diverges or stops early stops by itself.
public final class TrainingQueue: Sendable {
    private struct Slot: Sendable {
        var running = false
        var flatOut = false
        /// Steps granted and not yet trained (paced sessions).
        var budget = 0
        var generation = 0
        /// The dashboard's build number of the session (set by a rebuild; published with each snapshot).
        var build = 0
        var lastError: PresetError?

        var hasWork: Bool { running && (flatOut || budget > 0) }
    }

    private struct Control: Sendable {
        var slots: [Slot]
        var loopScheduled = false
    }

    /// Number of sessions (fixed for the queue's life).
    public let count: Int
    private let queue = DispatchQueue(label: "nnviz.training", qos: .userInitiated)
    private let sessions: Mutex<[Session]>
    private let latest: Mutex<[SessionSnapshot]>
    private let control: Mutex<Control>

    /// Starts paused (and paced, with no budget), with every session's initial snapshot published.
    public init(sessions: [Session]) {
        var all = sessions
        for i in all.indices { all[i].historyEvaluation = .onUpdate }
        count = all.count
        self.sessions = Mutex(all)
        latest = Mutex(all.map { $0.snapshot() })
        control = Mutex(Control(slots: Array(repeating: Slot(), count: all.count)))
    }

    /// One session per preset (each with the given training seed, or its own); throws the first preset's
    /// one-line error.
    public convenience init(presets: [Preset], seed: UInt64? = nil) throws(PresetError) {
        var built: [Session] = []
        for p in presets { built.append(try Session(preset: p, seed: seed)) }
        self.init(sessions: built)
    }

    /// One session from a preset.
    public convenience init(preset: Preset, seed: UInt64? = nil) throws(PresetError) {
        try self.init(presets: [preset], seed: seed)
    }

    /// One session resumed from a session file (written by ``save(_:naming:completion:)`` or `nnviz train --save`).
    public convenience init(loading path: String) throws(PresetError) {
        self.init(sessions: [try Session(loading: path)])
    }

    /// The latest published snapshot of session `i`.
    public func snapshot(_ i: Int = 0) -> SessionSnapshot { latest.withLock { $0[i] } }

    /// Every session's latest snapshot, read at once (a publish cycle makes them visible together, so
    /// sessions training in lockstep show the same step).
    public func snapshots() -> [SessionSnapshot] { latest.withLock { $0 } }

    public func isRunning(_ i: Int = 0) -> Bool { control.withLock { $0.slots[i].running } }
    /// Steps granted to session `i` and not yet trained.
    public func budget(_ i: Int = 0) -> Int { control.withLock { $0.slots[i].budget } }
    /// The error of session `i`'s last failed rebuild (nil after a successful one).
    public func lastError(_ i: Int = 0) -> PresetError? { control.withLock { $0.slots[i].lastError } }

    /// A command for one session. Several go to ``batch(_:)`` together so that a key acting on all sessions
    /// (pause, one step, reset) reaches them between the same two rounds: lockstep survives it.
    public enum Command: Sendable {
        /// Train (granted steps, or continuously when flat out) until paused.
        case run(Int)
        /// Stop after the current round; the unused budget is dropped.
        case pause(Int)
        /// Pause and train exactly n steps.
        case step(Int, Int)
        /// Train n steps now, whether running or not (the run flag is kept).
        case advance(Int, Int)
        /// Grant n more steps to a paced session (the budget is capped at ``maxBacklog`` grants: a slow
        /// machine is not left with a growing debt).
        case grant(Int, Int)
        /// Flat out (train continuously while running) or paced.
        case setFlatOut(Int, Bool)
        /// New learning rate; weights, optimiser state and step count kept.
        case setLearningRate(Int, Double)
        /// Replace the session with one built from the preset, tagging its snapshots with `build` (a failure
        /// keeps the old one; see ``lastError(_:)``).
        case rebuild(Int, Preset, seed: UInt64?, build: Int)
    }

    /// Applies the commands atomically with respect to training rounds: run flags, budgets and modes change
    /// under one lock, and the work on sessions (steps, learning rates, rebuilds) runs in one block on the queue.
    public func batch(_ commands: [Command]) {
        var work: [Command] = []
        let schedule = control.withLock { c -> Bool in
            for command in commands {
                switch command {
                case .run(let i): c.slots[i].running = true
                case .pause(let i):
                    c.slots[i].running = false
                    c.slots[i].budget = 0
                case .step(let i, _):
                    c.slots[i].running = false
                    c.slots[i].budget = 0
                    work.append(command)
                case .grant(let i, let n):
                    guard n > 0 else { break }
                    let cap = n.multipliedReportingOverflow(by: TrainingQueue.maxBacklog)
                    let limit = cap.overflow ? Int.max : cap.partialValue
                    let (sum, overflow) = c.slots[i].budget.addingReportingOverflow(n)
                    c.slots[i].budget = overflow ? limit : min(sum, limit)
                case .setFlatOut(let i, let on): c.slots[i].flatOut = on
                case .advance, .setLearningRate, .rebuild: work.append(command)
                }
            }
            guard c.slots.contains(where: \.hasWork), !c.loopScheduled else { return false }
            c.loopScheduled = true
            return true
        }
        publishFlags()
        let todo = work
        if !todo.isEmpty { queue.async { for command in todo { self.perform(command) } } }
        if schedule { queue.async { self.loop() } }
    }

    public func run(_ i: Int = 0) { batch([.run(i)]) }
    public func pause(_ i: Int = 0) { batch([.pause(i)]) }
    public func step(_ i: Int, _ n: Int) { batch([.step(i, n)]) }
    public func grant(_ i: Int, _ n: Int) { batch([.grant(i, n)]) }
    public func setFlatOut(_ i: Int, _ on: Bool) { batch([.setFlatOut(i, on)]) }
    public func setLearningRate(_ i: Int, _ lr: Double) { batch([.setLearningRate(i, lr)]) }
    public func rebuild(_ i: Int, preset: Preset, seed: UInt64? = nil, build: Int = 0) {
        batch([.rebuild(i, preset, seed: seed, build: build)])
    }

    /// On the queue: the session work of one command, then a snapshot of that session.
    private func perform(_ command: Command) {
        switch command {
        case .step(let i, let n), .advance(let i, let n):
            let finished = sessions.withLock { all -> Bool in
                _ = all[i].step(max(0, n))
                return all[i].isFinished
            }
            if finished { control.withLock { $0.slots[i].running = false; $0.slots[i].budget = 0 } }
            publish(i)
        case .setLearningRate(let i, let lr):
            sessions.withLock { $0[i].setLearningRate(lr) }
            publish(i)
        case .rebuild(let i, let preset, let seed, let build):
            do throws(PresetError) {
                var fresh = try Session(preset: preset, seed: seed)
                fresh.historyEvaluation = .onUpdate
                sessions.withLock { $0[i] = fresh }
                control.withLock { $0.slots[i].lastError = nil; $0.slots[i].build = build }
            } catch {
                control.withLock { $0.slots[i].lastError = error }
            }
            publish(i)
        case .run, .pause, .grant, .setFlatOut:
            break
        }
    }

    /// Runs `body` on session `i` on the queue, then publishes it.
    func updateSession(_ i: Int, _ body: @escaping @Sendable (inout Session) -> Void) {
        queue.async {
            self.sessions.withLock { body(&$0[i]) }
            self.publish(i)
        }
    }

    /// Writes session `i` (atomically, resumable bit-identically with `--load`) between two rounds, named after
    /// the step actually saved (`name(step)`, asked on the queue: training goes on until the queue gets to
    /// the save). `completion` runs on the queue with the path and nil or the one-line error.
    public func save(_ i: Int, naming name: @escaping @Sendable (Int) -> String,
                     completion: @escaping @Sendable (_ path: String, PresetError?) -> Void) {
        queue.async {
            let copy = self.sessions.withLock { $0[i] }
            let path = name(copy.step)
            do throws(PresetError) {
                try copy.save(to: path)
                completion(path, nil)
            } catch {
                completion(path, error)
            }
        }
    }

    /// The same with a fixed path.
    public func save(_ i: Int, to path: String, completion: @escaping @Sendable (PresetError?) -> Void = { _ in }) {
        save(i, naming: { _ in path }) { _, error in completion(error) }
    }

    /// Waits until every command sent so far has run (tests, shutdown); while training, returns after the
    /// publish cycle in progress.
    public func drain() { queue.sync {} }

    // MARK: - On the queue

    /// One publish cycle: rounds (each session with work takes one step, in index order) until
    /// ``publishInterval`` has passed or the work runs out, then one snapshot per session that trained.
    private func loop() {
        let start = ContinuousClock.now
        var taken = [Int](repeating: 0, count: count)
        while true {
            let plan = control.withLock { c -> [Bool] in
                c.slots.indices.map { i in
                    guard c.slots[i].hasWork else { return false }
                    if !c.slots[i].flatOut { c.slots[i].budget -= 1 }
                    return true
                }
            }
            guard plan.contains(true) else { break }
            let finished = sessions.withLock { all -> [Int] in
                var done: [Int] = []
                for i in 0..<all.count where plan[i] {
                    taken[i] += all[i].step(1, updateMetrics: false)
                    if all[i].isFinished { done.append(i) }
                }
                return done
            }
            if !finished.isEmpty {
                control.withLock { c in for i in finished { c.slots[i].running = false; c.slots[i].budget = 0 } }
            }
            if ContinuousClock.now - start >= TrainingQueue.publishInterval { break }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        publish((0..<count).filter { taken[$0] > 0 }) { i in seconds > 0 ? Double(taken[i]) / seconds : nil }
        let again = control.withLock { c -> Bool in
            let any = c.slots.contains(where: \.hasWork)
            if !any { c.loopScheduled = false }
            return any
        }
        if again { queue.async { self.loop() } }
    }

    /// Most grants a paced session keeps unspent.
    public static let maxBacklog = 8

    /// Longest time between two snapshots while training (about 30 per second).
    public static let publishInterval = Duration.milliseconds(33)

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
        let flags = control.withLock { c -> [(Bool, Int, Int)] in
            indices.map { i in
                c.slots[i].generation += 1
                return (c.slots[i].running, c.slots[i].generation, c.slots[i].build)
            }
        }
        for k in snaps.indices {
            snaps[k].isRunning = flags[k].0
            snaps[k].generation = flags[k].1
            snaps[k].build = flags[k].2
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
