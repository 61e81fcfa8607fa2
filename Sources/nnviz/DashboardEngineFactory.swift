import Dashboard
import NNSession
import PaneModels

/// Builds the engine behind the dashboard: NNSession's `TrainerQueue` (its own serial queue, snapshots
/// behind a Mutex). Throws the preset's one-line error before the terminal is touched.
func makeDashboardEngine(preset: Preset, seed: UInt64?) throws(PresetError) -> DashboardEngine {
    TrainerQueueEngine(queue: try TrainerQueue(preset: preset, seed: seed, stepsPerTick: 1))
}

/// The engine for a session file written by `s` or `nnviz train --save` (its one-line error if bad).
func makeDashboardEngine(loading path: String) throws(PresetError) -> TrainerQueueEngine {
    TrainerQueueEngine(queue: try TrainerQueue(loading: path, stepsPerTick: 1))
}

/// `TrainerQueue` as a `DashboardEngine`. The queue trains continuously by itself while running, so a
/// frame tick has nothing to do.
final class TrainerQueueEngine: DashboardEngine {
    let queue: TrainerQueue

    init(queue: TrainerQueue) { self.queue = queue }

    func latestSnapshot() -> SessionSnapshot? { queue.snapshot }
    func setRunning(_ running: Bool) { running ? queue.run() : queue.pause() }
    func setStepsPerTick(_ steps: Int) { queue.setStepsPerTick(steps) }
    func tick() {}
    func step(_ n: Int) { queue.step(n) }
    func rebuild(_ preset: Preset, seed: UInt64) { queue.rebuild(preset: preset, seed: seed) }

    /// Keeps weights, optimiser state and step count (TrainerQueue.setLearningRate).
    func setLearningRate(_ lr: Double) { queue.setLearningRate(lr) }
    func save(to path: String, completion: @escaping @Sendable (String?) -> Void) {
        queue.save(to: path) { error in completion(error?.description) }
    }
    func save(naming name: @escaping @Sendable (Int) -> String,
              completion: @escaping @Sendable (_ path: String, String?) -> Void) {
        queue.save(naming: name) { path, error in completion(path, error?.description) }
    }

    /// Appends the point to the running session (TrainerQueue.addTrainingPoint: weights, optimiser state
    /// and step kept); the queue publishes a snapshot that shows it.
    func addPoint(_ x: [Double], label: Int) -> String {
        guard x.count == 2 else { return "points can only be added on the 2D map" }
        return TrainingPoints.add(x: x[0], y: x[1], label: label, to: queue)
    }
}
