import NNAnalysis
import NNCore
import NNSession

/// The Hessian spectrum of a snapshot's training objective, for the spectrum pane. Slow (seconds for
/// P in the thousands): the runtime runs it on a worker queue and passes `isCancelled`, which the Hessian
/// (per column), the eigensolver (per reflector) and Lanczos (per step) consult, so a model change, `r` or
/// quitting abandons the work within one such unit.
public enum SpectrumJob {
    /// Up to this many parameters the full Hessian is formed and all eigenvalues computed exactly.
    public static let exactLimit = 1200

    public enum Failure: Error, Equatable { case cancelled, refused(String) }

    public static func compute(_ s: SessionSnapshot, isCancelled: () -> Bool = { false })
        -> Result<SpectrumViewModel, Failure> {
        var workspace = SpectrumWorkspace()
        return compute(s, workspace: &workspace, isCancelled: isCancelled)
    }

    /// The same, with the P×P Hessian and the eigensolver's arrays taken from `workspace`: the dashboard
    /// keeps one for its Hessian worker, so the automatic Hessian (every few hundred steps, for the whole
    /// run) reuses one block instead of allocating two fresh P×P matrices each time.
    public static func compute(_ s: SessionSnapshot, workspace: inout SpectrumWorkspace,
                               isCancelled: () -> Bool = { false }) -> Result<SpectrumViewModel, Failure> {
        let op: HessianOperator
        do {
            op = try HessianOperator(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train)
        } catch {
            return .failure(.refused("\(error)"))
        }
        if isCancelled() { return .failure(.cancelled) }
        let P = op.parameterCount
        let summary: SpectrumSummary
        if P <= exactLimit {
            guard op.fullHessian(into: &workspace.hessian, isCancelled: isCancelled),
                  let ev = SymmetricEigensolver.eigenvalues(overwriting: &workspace.hessian, n: P, workspace: &workspace.eigen,
                                                            isCancelled: isCancelled)
            else { return .failure(.cancelled) }
            summary = SpectrumSummary(eigenvalues: ev, bins: 80)
        } else {
            let apply: SymmetricOperator = { v, out in op.hvp(v, into: &out) }
            // Fewer HVPs for large P·n (the same work cap as `nnviz inspect`).
            var o = InspectOptions()
            (o.lanczosMaxSteps, o.slqSteps, o.slqProbes, o.hutchinsonSamples) = (120, 60, 2, 4)
            o = o.budgeted(parameterCount: P, points: s.train.count)
            guard let ext = Lanczos.extremeEigenvalues(dimension: P, count: 1, maxSteps: o.lanczosMaxSteps,
                                                       isCancelled: isCancelled, apply: apply),
                  let q = Lanczos.spectralDensity(dimension: P, steps: o.slqSteps, probes: o.slqProbes,
                                                  isCancelled: isCancelled, apply: apply),
                  let tr = Lanczos.hutchinsonTrace(dimension: P, samples: o.hutchinsonSamples, isCancelled: isCancelled,
                                                   apply: apply)
            else { return .failure(.cancelled) }
            summary = SpectrumSummary(lambdaMin: ext.smallest.first ?? 0, lambdaMax: ext.largest.first ?? 0,
                                      trace: tr.trace, traceStandardError: tr.standardError, quadrature: q, bins: 80)
        }
        return .success(view(summary, step: s.step))
    }

    /// The pane's view of a summary: each histogram bin becomes one weighted value at its centre.
    public static func view(_ s: SpectrumSummary, step: Int) -> SpectrumViewModel {
        let h = s.histogram
        var values: [Double] = [], weights: [Double] = []
        for b in 0..<min(h.counts.count, max(0, h.edges.count - 1)) where h.counts[b] > 0 {
            values.append(0.5 * (h.edges[b] + h.edges[b + 1]))
            weights.append(h.counts[b])
        }
        let method = s.method == "exact" ? "exact, all \(s.parameterCount)" : "Lanczos + SLQ"
        return SpectrumViewModel(eigenvalues: values, weights: weights, lambdaMax: s.lambdaMax, lambdaMin: s.lambdaMin,
                                 negativeCount: s.negativeCount, nearZeroCount: s.nearZeroCount,
                                 parameterCount: s.parameterCount, method: method, step: step)
    }
}

/// The reusable memory of `SpectrumJob.compute`: the P×P Hessian (overwritten by the eigensolver) and the
/// eigensolver's working arrays. Sized on first use and whenever P changes; owned by whoever runs the jobs
/// one at a time (the dashboard's Hessian worker keeps one behind a lock).
public struct SpectrumWorkspace: Sendable {
    var hessian: [Double] = []
    var eigen = SymmetricEigenWorkspace()

    public init() {}

    /// Doubles held (for tests and memory accounting).
    public var capacity: Int { hessian.count + 7 * eigen.order }
}
