import NNAnalysis
import NNCore
import NNSession

extension SnapshotAdapter {
    /// The end-to-end product's singular values (``DeepLinearProduct``: W_L⋯W₁ from the snapshot's weights,
    /// σ from the smaller Gram matrix): nil unless every activation is linear (then the product is f itself)
    /// and the weights are finite. Cheap for the small matrices of a deep linear net.
    static func singularValues(_ s: SessionSnapshot) -> SingularValuesPoint? {
        let net = s.model
        guard net.activations.allSatisfy({ $0.kind == .linear }), let p = try? DeepLinearProduct(model: net) else { return nil }
        return SingularValuesPoint(step: s.step, values: p.singularValues, effectiveRank: p.effectiveRank, layers: net.layerCount)
    }
}

/// The double-descent sweep of an experiment preset, width by width (``DoubleDescentCurve/Sweep``): the
/// runtime runs it on a worker queue and gets the curve so far after each width; `isCancelled` is checked
/// between widths, so a new seed (or quitting) abandons it at once.
public enum DoubleDescentJob {
    /// The empty curve a sweep starts from (its widths fix the axis).
    public static func start(_ experiment: ExperimentSpec, seed: UInt64) -> DoubleDescentViewModel {
        DoubleDescentViewModel(plannedWidths: experiment.sweepWidths, trainCount: experiment.doubleDescent.trainCount, seed: seed)
    }

    /// Runs the sweep with `seed`, calling `publish` with the curve after every width. Returns false when
    /// cancelled before the end.
    @discardableResult
    public static func run(_ experiment: ExperimentSpec, seed: UInt64, isCancelled: () -> Bool = { false },
                           publish: (DoubleDescentViewModel) -> Void) -> Bool {
        var view = start(experiment, seed: seed)
        publish(view)
        if isCancelled() { return false }
        var sweep = ExperimentLog.sweep(experiment, seed: seed)
        while !sweep.isFinished {
            if isCancelled() { return false }
            guard let p = sweep.step() else { break }
            view.append(width: p.width, trainError: p.trainError, testError: p.testError)
            publish(view)
        }
        return true
    }
}
