import Dashboard
import Dispatch
import NNSession
import PaneModels
import Synchronization

/// Runs an experiment preset's double-descent sweep on its own queue, width by width: a token per start
/// (a newer start or `cancel()` stops older work between widths), the curve so far behind a Mutex for the
/// frame to pick up. Never blocks a frame.
final class SweepWorker: Sendable {
    private let queue = DispatchQueue(label: "nnviz.sweep", qos: .utility)
    private let token = Atomic<Int>(0)
    private let latest = Mutex<(token: Int, view: DoubleDescentViewModel)?>(nil)

    /// Stops any running sweep (it notices before its next width); returns the new token.
    @discardableResult
    func cancel() -> Int { token.add(1, ordering: .acquiringAndReleasing).newValue }

    /// Starts the sweep for `experiment` with `seed`, abandoning any older one.
    func start(_ experiment: ExperimentSpec, seed: UInt64) {
        let mine = cancel()
        queue.async { [self] in
            DoubleDescentJob.run(experiment, seed: seed, isCancelled: { self.token.load(ordering: .acquiring) != mine }) { view in
                self.latest.withLock { $0 = (mine, view) }
            }
        }
    }

    /// The newest curve of the current sweep, if a new one arrived (emptying the box).
    func take() -> DoubleDescentViewModel? {
        let current = token.load(ordering: .acquiring)
        return latest.withLock { r in
            defer { r = nil }
            guard let r, r.token == current else { return nil }
            return r.view
        }
    }
}

extension DashboardRuntime {
    /// (Re)starts the sweep of an experiment preset with its current seed; nothing for other presets.
    func startSweep() {
        guard let experiment = preset.experiment else { return }
        sweeps.start(experiment, seed: experiment.doubleDescent.seed)
    }

    func pullSweep() {
        if let view = sweeps.take() { dispatch(.doubleDescent(view)) }
    }
}
