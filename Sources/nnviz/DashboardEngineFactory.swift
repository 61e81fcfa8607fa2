import NNSession

/// Builds the engine behind the dashboard. Until NNSession's `TrainerQueue` is merged this is an engine
/// that never publishes a snapshot (the dashboard runs, shows empty panes, and handles keys and signals).
func makeDashboardEngine(preset: Preset, seed: UInt64?) -> DashboardEngine {
    IdleEngine()
}

/// Placeholder engine: accepts every command, trains nothing.
final class IdleEngine: DashboardEngine {
    func latestSnapshot() -> SessionSnapshot? { nil }
    func setRunning(_ running: Bool) {}
    func setStepsPerTick(_ steps: Int) {}
    func tick() {}
    func step(_ n: Int) {}
    func rebuild(_ preset: Preset, seed: UInt64) {}
    func setLearningRate(_ lr: Double) {}
    func addPoint(_ x: [Double], label: Int) {}
}
