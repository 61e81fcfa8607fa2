import NNAnalysis
import NNCore
import NNSession

/// λmax (and λmin) of a snapshot's training objective by Lanczos on Hessian-vector products, for compare
/// mode's λmax panes: a few dozen HVPs (about two gradients each) instead of the whole spectrum, so four
/// sessions can be tracked at once. The extreme Ritz values converge first; the tolerance is relative.
/// Runs on a worker queue (never on main); `isCancelled` is checked before each Lanczos step.
public enum LambdaMaxJob {
    /// Lanczos steps at most (each one HVP); fewer for small P, where P steps give the exact values.
    public static let maxSteps = 48

    public static func compute(_ s: SessionSnapshot, isCancelled: () -> Bool = { false })
        -> Result<SpectrumViewModel, SpectrumJob.Failure> {
        let op: HessianOperator
        do {
            op = try HessianOperator(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train)
        } catch {
            return .failure(.refused("\(error)"))
        }
        if isCancelled() { return .failure(.cancelled) }
        let P = op.parameterCount
        guard P > 0 else { return .failure(.refused("no parameters")) }
        guard let ext = Lanczos.extremeEigenvalues(dimension: P, count: 1, maxSteps: min(P, maxSteps), tolerance: 1e-8,
                                                   isCancelled: isCancelled, apply: { v, out in op.hvp(v, into: &out) })
        else { return .failure(.cancelled) }
        guard let top = ext.largest.last, let bottom = ext.smallest.first, top.isFinite else {
            return .failure(.refused("λmax is not finite"))
        }
        let method = ext.converged ? "Lanczos \(ext.hvps) HVPs" : "Lanczos \(ext.hvps) HVPs, not converged"
        return .success(SpectrumViewModel(eigenvalues: [bottom, top], lambdaMax: top, lambdaMin: bottom,
                                          negativeCount: nil, nearZeroCount: nil, parameterCount: P, method: method,
                                          step: s.step))
    }
}
