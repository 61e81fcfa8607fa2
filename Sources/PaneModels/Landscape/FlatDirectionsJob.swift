import NNAnalysis
import NNCore
import NNSession

/// Builds the flat-directions view model from a snapshot: the full Hessian and its eigendecomposition
/// (vectors included), so only up to `limit` parameters (the `hessian-optimum` preset has P = 321).
/// Pure and synchronous, for a worker; `isCancelled` is consulted per Hessian column and inside the
/// decomposition (per reflector, per QL eigenvalue, per back-transformed row).
public enum FlatDirectionsJob {
    /// Largest P decomposed (the eigenvectors cost O(P³) time and P² memory).
    public static let limit = 1200

    public static func compute(_ s: SessionSnapshot, isCancelled: () -> Bool = { false })
        -> Result<FlatDirectionsViewModel, SpectrumJob.Failure> {
        compute(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train, step: s.step,
                isCancelled: isCancelled)
    }

    public static func compute(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset, step: Int,
                               isCancelled: () -> Bool = { false }) -> Result<FlatDirectionsViewModel, SpectrumJob.Failure> {
        let P = model.parameterCount
        guard P <= limit else {
            return .failure(.refused("flat directions need the full eigendecomposition: P = \(P) > \(limit)"))
        }
        let op: HessianOperator
        do { op = try HessianOperator(model: model, loss: loss, l2: l2, l1: l1, data: data) } catch {
            return .failure(.refused("\(error)"))
        }
        guard let h = op.fullHessian(isCancelled: isCancelled),
              let dec = SymmetricEigensolver.decompose(h, n: P, isCancelled: isCancelled)
        else { return .failure(.cancelled) }
        return .success(FlatDirectionsViewModel(model: model, values: dec.values, vectors: dec.vectors, step: step))
    }
}
