import NNAnalysis
import NNCore
import NNSession
import Foundation

/// Measures λmax and λmin of a snapshot's training objective for the sharpness pane, by Lanczos
/// warm-started from the previous measurement's eigenvectors (a few Hessian-vector products each once
/// training moves slowly). One job per training run; measurements must come in step order. Thread-safe:
/// the trackers (mutable warm-start vectors) are only touched under `lock`, so a worker queue may own it.
public final class SharpnessJob: @unchecked Sendable {
    private let lock = NSLock()
    private let top = SharpnessTracker(tolerance: 1e-8)
    private let bottom = SharpnessTracker(tolerance: 1e-8, seed: 1, smallest: true)

    public init() {}

    /// (step, λmax, λmin) at the snapshot; λmin is NaN when it could not be had; nil when λmax could not
    /// (weights or objective not finite) or when cancelled.
    public func measure(_ s: SessionSnapshot, isCancelled: () -> Bool = { false }) -> (step: Int, lambdaMax: Double, lambdaMin: Double)? {
        guard let op = try? HessianOperator(model: s.model, loss: s.loss, l2: s.preset.training.l2,
                                               l1: s.preset.training.l1, data: s.train),
              op.value.isFinite else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard !isCancelled(), let hi = top.lambdaMax(operator: op, isCancelled: isCancelled) else { return nil }
        let lo = bottom.lambdaMax(operator: op, isCancelled: isCancelled)
        if isCancelled() { return nil }
        return (s.step, hi, lo ?? .nan)
    }

    /// An empty sharpness history with the snapshot's optimiser limit (2/η, (2 + 2β)/η, …) at its current η.
    public static func emptyModel(_ s: SessionSnapshot, logSteps: Bool = true) -> SharpnessViewModel {
        SharpnessViewModel(optimizer: s.preset.training.trainingConfig(seed: s.seed).optimizer, learningRate: s.lr, logSteps: logSteps)
    }
}

/// The weights of a training run at evenly spaced steps, at most `capacity` of them (when full, every other
/// one is dropped and the spacing doubles), oldest first: the path the landscape pane projects and the
/// trajectory directions come from.
public struct TrajectoryRecorder: Sendable, Equatable {
    public let capacity: Int
    public private(set) var steps: [Int] = []
    public private(set) var weights: [[Double]] = []
    /// Steps between kept checkpoints (doubles when the recorder thins itself).
    public private(set) var spacing: Int

    public init(capacity: Int = 200, spacing: Int = 1) {
        self.capacity = max(2, capacity)
        self.spacing = max(1, spacing)
    }

    /// Offers the weights at `step`: kept when the step is on the current spacing (and later than the last).
    public mutating func offer(step: Int, weights theta: [Double]) {
        guard step % spacing == 0, steps.last.map({ step > $0 }) ?? true else { return }
        if let first = weights.first, first.count != theta.count { steps = []; weights = [] }
        steps.append(step); weights.append(theta)
        if steps.count > capacity {
            spacing *= 2
            let keep = steps.indices.filter { steps[$0] % spacing == 0 }
            steps = keep.map { steps[$0] }; weights = keep.map { weights[$0] }
        }
    }

    /// Forgets the run (a reset or a new preset).
    public mutating func clear(spacing newSpacing: Int = 1) {
        steps = []; weights = []; spacing = max(1, newSpacing)
    }
}
