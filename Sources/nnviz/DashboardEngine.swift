import NNSession

/// What the dashboard runtime needs from training, whatever runs it: a thread-safe latest snapshot and
/// commands that return at once (the work happens on the engine's own serial queue, never on main).
protocol DashboardEngine: AnyObject, Sendable {
    /// The newest published snapshot (cheap: a lock and a copy of a reference-counted value).
    func latestSnapshot() -> SessionSnapshot?
    /// Continuous training on/off.
    func setRunning(_ running: Bool)
    /// Steps per tick while running.
    func setStepsPerTick(_ steps: Int)
    /// Called once per frame while running: schedule one tick of training unless one is still going.
    func tick()
    /// Exactly `n` steps now (used by `n` while paused).
    func step(_ n: Int)
    /// Rebuild the session from an edited preset (new weights from its seed).
    func rebuild(_ preset: Preset, seed: UInt64)
    /// Change the learning rate without re-initialising.
    func setLearningRate(_ lr: Double)
    /// Add a training point of class `label` at input `x` to the running session (2D maps); returns the
    /// line for the hint bar (what was added, or why not).
    func addPoint(_ x: [Double], label: Int) -> String
    /// Add the regression point (x, y) to a running 1D session; returns the line for the hint bar.
    func addTarget(x: Double, y: Double) -> String
    /// Apply an edited preset that keeps the run (same data, shape and seed) to the running session.
    func retune(_ preset: Preset)
    /// Write the whole session to `path` atomically; `completion` gets nil or the one-line error
    /// (on the engine's queue).
    func save(to path: String, completion: @escaping @Sendable (String?) -> Void)
    /// The same, the file named after the step actually saved: `name(step)`; `completion` gets the path
    /// and nil or the one-line error.
    func save(naming name: @escaping @Sendable (Int) -> String,
              completion: @escaping @Sendable (_ path: String, String?) -> Void)
}

extension DashboardEngine {
    /// For engines that cannot say which step they save: the latest published one.
    func save(naming name: @escaping @Sendable (Int) -> String,
              completion: @escaping @Sendable (_ path: String, String?) -> Void) {
        let path = name(latestSnapshot()?.step ?? 0)
        save(to: path) { completion(path, $0) }
    }
}
