import NNAnalysis
import NNCore
import NNSession

/// Builds the landscape pane's view model from a snapshot: the directions, the grid, the projected path
/// and the two slices. Pure and synchronous (a worker runs it); `isCancelled` is consulted inside the
/// expensive parts (the Hessian per column, the eigensolver per reflector, Lanczos per step, the grid per
/// point), so a stale job stops within one such unit and its result is dropped.
public enum LandscapeJob {
    /// Grid points per axis in the dashboard (odd: (0, 0) is on the grid) and points per slice.
    public static let gridSize = 31
    public static let slicePoints = 41

    /// The next direction kind for the cycling key (hessian → random → trajectory → hessian).
    public static func next(_ kind: LandscapeDirectionKind) -> LandscapeDirectionKind {
        let all = LandscapeDirectionKind.allCases
        let i = all.firstIndex(of: kind) ?? 0
        return all[(i + 1) % all.count]
    }

    /// From a snapshot: `path` holds earlier weights, oldest first (the trajectory directions and the drawn
    /// path come from them; at most 200 are used, evenly spaced).
    public static func compute(_ s: SessionSnapshot, directions kind: LandscapeDirectionKind, path: [[Double]],
                               span: Double = 1, isCancelled: () -> Bool = { false })
        -> Result<LandscapeViewModel, SpectrumJob.Failure> {
        compute(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train, directions: kind, path: path,
                seed: s.seed, step: s.step, span: span, isCancelled: isCancelled)
    }

    public static func compute(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset, directions kind: LandscapeDirectionKind,
                               path: [[Double]], seed: UInt64, step: Int, span: Double = 1, grid: Int = gridSize,
                               isCancelled: () -> Bool = { false }) -> Result<LandscapeViewModel, SpectrumJob.Failure> {
        let op: HessianOperator
        do { op = try HessianOperator(model: model, loss: loss, l2: l2, l1: l1, data: data) } catch {
            return .failure(.refused("\(error)"))
        }
        let theta = model.parameters
        let checkpoints = thinned(path, limit: 200)
        let dirs: LandscapeDirections
        do {
            switch kind {
            case .hessian: dirs = try LossLandscape.hessianDirections(operator: op, seed: seed, isCancelled: isCancelled)
            case .random: dirs = LossLandscape.randomDirections(model: model, seed: seed)
            case .trajectory: dirs = try LossLandscape.trajectoryDirections(checkpoints: checkpoints + [theta], final: theta)
            }
        } catch is AnalysisCancelled {
            return .failure(.cancelled)
        } catch {
            return .failure(.refused("\(error)"))
        }
        if isCancelled() { return .failure(.cancelled) }
        let objective = Objective(loss: loss, l2: l2, l1: l1)
        let axis = LossLandscape.linspace(span: span, count: grid)
        guard let values = LossLandscape.grid(model: model, objective: objective, data: data, u: dirs.u, v: dirs.v,
                                              alphas: axis, betas: axis, isCancelled: isCancelled)
        else { return .failure(.cancelled) }
        let sliceAxis = LossLandscape.linspace(span: span, count: slicePoints)
        let base = values[grid / 2][grid / 2]
        guard let sliceU = slice("along u", dirs.u, eigenvector: kind == .hessian, op: op, model: model, objective: objective,
                                 data: data, alphas: sliceAxis,
                                 base: base, isCancelled: isCancelled)
        else { return .failure(.cancelled) }
        var sliceMin: LandscapeSlice?
        let P = op.parameterCount
        if P >= 1 {
            // λmin's eigenvector: the top eigenpair of −H.
            var rng = AnalysisRNG(seed: seed &+ 1)
            let start = (0..<P).map { _ in rng.gaussian() }
            guard let r = Lanczos.largestEigenpairs(dimension: P, count: 1, maxSteps: min(P, 300), tolerance: 1e-10, start: start,
                                                    isCancelled: isCancelled, apply: { x, out in
                op.hvp(x, into: &out)
                for i in out.indices { out[i] = -out[i] }
            }) else { return .failure(.cancelled) }
            if let w = r.vectors.first, r.values.first?.isFinite == true {
                guard let s = slice("along λmin vec", w, eigenvector: true, op: op, model: model, objective: objective, data: data,
                                    alphas: sliceAxis, base: base, isCancelled: isCancelled)
                else { return .failure(.cancelled) }
                sliceMin = s
            }
        }
        if isCancelled() { return .failure(.cancelled) }
        var m = LandscapeViewModel(directions: kind, method: dirs.method, alphas: axis, betas: axis, grid: values, centre: theta,
                                   u: dirs.u, v: dirs.v, current: LandscapePoint(alpha: 0, beta: 0), path: [],
                                   eigenvalues: dirs.eigenvalues, sliceU: sliceU, sliceMin: sliceMin, step: step)
        m.path = (checkpoints + [theta]).compactMap { m.project($0) }
        return .success(m)
    }

    /// J along d with the quadratic model's coefficients gᵀd and dᵀHd (nil when `isCancelled` fired).
    static func slice(_ label: String, _ d: [Double], eigenvector: Bool, op: HessianOperator, model: MLP, objective: Objective, data: Dataset,
                      alphas: [Double], base: Double, isCancelled: () -> Bool = { false }) -> LandscapeSlice? {
        guard let grid = LossLandscape.grid(model: model, objective: objective, data: data, u: d, v: d, alphas: alphas,
                                            betas: [0], isCancelled: isCancelled) else { return nil }
        let values = grid.map { $0[0] }
        let hd = op.hvp(d)
        var slope = 0.0, curvature = 0.0
        for i in d.indices { slope += op.gradient[i] * d[i]; curvature += d[i] * hd[i] }
        return LandscapeSlice(label: label, alphas: alphas, values: values, base: base, slope: slope, curvature: curvature,
                              isEigenvector: eigenvector)
    }

    /// At most `limit` of `items`, evenly spaced, the first and last kept.
    static func thinned<T>(_ items: [T], limit: Int) -> [T] {
        guard items.count > limit, limit >= 2 else { return items }
        return (0..<limit).map { k in items[Int((Double(k) * Double(items.count - 1) / Double(limit - 1)).rounded())] }
    }
}
