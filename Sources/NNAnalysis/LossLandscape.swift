import Foundation
import NNCore

/// How the two directions u, v of a loss-landscape plane are chosen.
public enum LandscapeDirectionKind: String, Sendable, CaseIterable, Equatable {
    /// Unit eigenvectors of the two algebraically largest Hessian eigenvalues.
    case hessian
    /// Filter-normalised Gaussian directions (Li et al. 2018), seeded.
    case random
    /// The first two principal directions of the training path θ_k − θ_N.
    case trajectory
}

/// Two directions u, v (length P, θ order) spanning a plane through θ, and what they came from.
public struct LandscapeDirections: Sendable, Equatable {
    public var kind: LandscapeDirectionKind
    public var u: [Double]
    public var v: [Double]
    /// How they were computed, in words (`exact eigenvectors`, `Lanczos …`, …).
    public var method: String
    /// `hessian`: [λ₁, λ₂], the two algebraically largest eigenvalues, λ₁ ≥ λ₂.
    public var eigenvalues: [Double]?
    /// `trajectory`: the checkpoints' coordinates ⟨θ_k − θ_N, u⟩ and ⟨θ_k − θ_N, v⟩, in step order.
    public var pathAlpha: [Double]?
    public var pathBeta: [Double]?
}

/// The loss landscape J(θ + α u + β v) on a plane through θ, and the three ways to choose the plane.
public enum LossLandscape {
    /// `count` evenly spaced values from −span to span, both ends included (count 1: [0]).
    public static func linspace(span: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [0] : [] }
        let h = 2 * span / Double(count - 1)
        let mid = (count - 1) / 2
        // Symmetric by construction, and exactly 0 in the middle for odd counts.
        return (0..<count).map { i in
            if count % 2 == 1 && i == mid { return 0 }
            return i < count / 2 ? -span + Double(i) * h : span - Double(count - 1 - i) * h
        }
    }

    // MARK: - Directions

    /// Unit eigenvectors of the two largest Hessian eigenvalues. When P ≤ `exactLimit` the full Hessian is
    /// formed: λ₁, λ₂ are its exact eigenvalues (dense solver) and u, v come from Lanczos on the dense matrix
    /// (full reorthogonalisation, to a residual ‖Hu − λu‖ near round-off; a complete eigendecomposition,
    /// several times slower, is the fallback when that residual stays above 1e-9·|λ|max). Above the limit
    /// λ₁, λ₂, u, v are Lanczos Ritz pairs from Hessian-vector products. `method` says which, with the
    /// residual. Starts are seeded by `seed`; each vector's sign is fixed so its largest-magnitude entry is
    /// positive.
    /// `isCancelled` is consulted inside the Hessian, the eigensolver and Lanczos (see ``AnalysisCancelled``);
    /// when it fires, ``AnalysisCancelled`` is thrown.
    public static func hessianDirections(operator op: HessianOperator, exactLimit: Int = 2500, lanczosSteps: Int = 300,
                                         seed: UInt64 = 0, isCancelled: () -> Bool = { false }) throws -> LandscapeDirections {
        let P = op.parameterCount
        guard P >= 2 else { throw AnalysisError.dataMismatch("hessian directions need at least 2 parameters, the model has \(P)") }
        var rng = AnalysisRNG(seed: seed)
        let start = (0..<P).map { _ in rng.gaussian() }
        var u: [Double], v: [Double], l1: Double, l2: Double, method: String
        if P <= exactLimit {
            guard let h = op.fullHessian(isCancelled: isCancelled),
                  let ev = SymmetricEigensolver.eigenvalues(h, n: P, isCancelled: isCancelled) else { throw AnalysisCancelled() }
            l1 = ev[P - 1]; l2 = ev[P - 2]
            let apply: SymmetricOperator = { x, out in denseProduct(h, x, into: &out) }
            guard let r = Lanczos.largestEigenpairs(dimension: P, count: 2, maxSteps: P, tolerance: 1e-14, start: start,
                                                    isCancelled: isCancelled, apply: apply) else { throw AnalysisCancelled() }
            let scale = max(Swift.abs(ev[0]), Swift.abs(ev[P - 1]), Double.leastNormalMagnitude)
            if r.vectors.count == 2 {
                u = r.vectors[0]; v = r.vectors[1]
            } else {
                u = []; v = []
            }
            var res = u.isEmpty ? Double.infinity : max(residual(apply, u, l1), residual(apply, v, l2))
            if res <= 1e-9 * scale {
                method = "full Hessian (P = \(P)): exact eigenvalues; eigenvectors by Lanczos on it (\(r.steps) steps), "
                    + "residual ‖Hu − λu‖ ≤ \(shortNumber(res))"
            } else {
                guard let dec = SymmetricEigensolver.decompose(h, n: P, isCancelled: isCancelled) else { throw AnalysisCancelled() }
                u = dec.vector(P - 1); v = dec.vector(P - 2)
                res = max(residual(apply, u, l1), residual(apply, v, l2))
                method = "full Hessian (P = \(P)): exact eigendecomposition, residual ‖Hu − λu‖ ≤ \(shortNumber(res))"
            }
        } else {
            let apply: SymmetricOperator = { x, out in op.hvp(x, into: &out) }
            guard let r = Lanczos.largestEigenpairs(dimension: P, count: 2, maxSteps: min(P, lanczosSteps), start: start,
                                                    isCancelled: isCancelled, apply: apply) else { throw AnalysisCancelled() }
            guard r.values.count == 2 else { throw AnalysisError.dataMismatch("Lanczos found fewer than 2 eigenvalues") }
            l1 = r.values[0]; l2 = r.values[1]; u = r.vectors[0]; v = r.vectors[1]
            let res = max(residual(apply, u, l1), residual(apply, v, l2))
            method = "Lanczos on Hessian-vector products (P = \(P) > \(exactLimit)), \(r.steps) steps, "
                + "residual ‖Hu − λu‖ ≤ \(shortNumber(res))" + (r.converged ? "" : ", not converged")
        }
        orthonormalize(&u, &v)
        fixSign(&u); fixSign(&v)
        return LandscapeDirections(kind: .hessian, u: u, v: v, method: method, eigenvalues: [l1, l2])
    }

    /// One Gram–Schmidt pass: v loses its component along u and both are scaled to unit length. Eigenvectors of
    /// distinct eigenvalues of a symmetric matrix are orthogonal, so this only removes the round-off that
    /// Lanczos (whose reorthogonalisation keeps its basis orthogonal to about √ε) leaves between them.
    static func orthonormalize(_ u: inout [Double], _ v: inout [Double]) {
        guard !u.isEmpty, u.count == v.count else { return }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let nu = dot(u, u).squareRoot()
        if nu > 0 { for i in u.indices { u[i] /= nu } }
        let c = dot(u, v)
        for i in v.indices { v[i] -= c * u[i] }
        let nv = dot(v, v).squareRoot()
        if nv > 0 { for i in v.indices { v[i] /= nv } }
    }

    /// out = H x for a dense symmetric P×P matrix (row-major).
    static func denseProduct(_ h: [Double], _ x: [Double], into out: inout [Double]) {
        let n = x.count
        h.withUnsafeBufferPointer { hb in x.withUnsafeBufferPointer { xb in out.withUnsafeMutableBufferPointer { ob in
            guard let hp = hb.baseAddress, let xp = xb.baseAddress, let op = ob.baseAddress else { return }
            for i in 0..<n { op[i] = kdot(hp + i * n, xp, n) }
        }}}
    }

    /// ‖A x − λ x‖.
    static func residual(_ apply: SymmetricOperator, _ x: [Double], _ lambda: Double) -> Double {
        var ax = [Double](repeating: 0, count: x.count)
        apply(x, &ax)
        for i in ax.indices { ax[i] -= lambda * x[i] }
        return Lanczos.norm2(ax)
    }

    /// Three significant digits, for `method` strings.
    static func shortNumber(_ x: Double) -> String { String(format: "%.3g", x) }

    /// Li et al.'s filter normalisation with one "filter" per unit: for every layer and output unit r, a
    /// Gaussian vector over the unit's incoming weights W[r, :] rescaled to ‖W[r, :]‖ of θ (a unit with zero
    /// weights gets zero). Biases (and LayerNorm/BatchNorm γ, β) are 0 in both directions, as in the
    /// paper's code. u and v come from one seeded stream (u first) and are not orthogonalised.
    public static func randomDirections(model: MLP, seed: UInt64) -> LandscapeDirections {
        var rng = AnalysisRNG(seed: seed)
        let u = filterNormalized(model: model, rng: &rng)
        let v = filterNormalized(model: model, rng: &rng)
        return LandscapeDirections(kind: .random, u: u, v: v,
                                   method: "filter-normalised Gaussian (per unit incoming weights; biases 0), seed \(seed)")
    }

    static func filterNormalized(model: MLP, rng: inout AnalysisRNG) -> [Double] {
        let theta = model.parameters
        var d = [Double](repeating: 0, count: theta.count)
        for l in 0..<model.layerCount {
            let o = model.weightOffset(layer: l), cols = model.sizes[l], rows = model.sizes[l + 1]
            for r in 0..<rows {
                let base = o + r * cols
                var g = [Double](repeating: 0, count: cols)
                var gn = 0.0, tn = 0.0
                for c in 0..<cols {
                    g[c] = rng.gaussian(); gn += g[c] * g[c]; tn += theta[base + c] * theta[base + c]
                }
                guard gn > 0, tn > 0 else { continue }
                let s = (tn / gn).squareRoot()
                for c in 0..<cols { d[base + c] = g[c] * s }
            }
        }
        return d
    }

    /// The first two principal directions of the differences θ_k − θ_N (θ_N = `final`, the centre of the
    /// plane), uncentred so the plane passes through θ_N: u, v are the top two right singular vectors of the
    /// m × P matrix D of differences (from the m × m Gram matrix D Dᵀ). The path coordinates are
    /// ⟨θ_k − θ_N, u⟩ and ⟨θ_k − θ_N, v⟩; u's sign puts the first checkpoint at α ≤ 0, v's at β ≤ 0.
    /// Throws when the differences do not span two dimensions (the second singular value ≤ 1e-6 of the first).
    public static func trajectoryDirections(checkpoints: [[Double]], final theta: [Double]) throws -> LandscapeDirections {
        let P = theta.count, m = checkpoints.count
        guard checkpoints.allSatisfy({ $0.count == P }) else { throw AnalysisError.dataMismatch("checkpoints differ in length from θ") }
        let diffs = checkpoints.map { c in (0..<P).map { c[$0] - theta[$0] } }
        var gram = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                var s = 0.0
                diffs[i].withUnsafeBufferPointer { a in diffs[j].withUnsafeBufferPointer { b in
                    if let ap = a.baseAddress, let bp = b.baseAddress { s = kdot(ap, bp, P) }
                }}
                gram[i * m + j] = s; gram[j * m + i] = s
            }
        }
        let dec = SymmetricEigensolver.decompose(gram, n: m)
        let top = m >= 1 ? dec.values[m - 1] : 0
        guard m >= 2, top > 0, dec.values[m - 2] > 1e-12 * top else {
            throw AnalysisError.dataMismatch("the training path does not span two directions (train more steps)")
        }
        func direction(_ idx: Int) -> [Double] {
            var x = [Double](repeating: 0, count: P)
            for k in 0..<m {
                let a = dec.vectors[idx * m + k]
                if a != 0 { for r in 0..<P { x[r] += a * diffs[k][r] } }
            }
            let nx = Lanczos.norm2(x)
            return x.map { $0 / nx }
        }
        var u = direction(m - 1), v = direction(m - 2)
        // Make v exactly orthogonal to u (they are up to round-off), then normalise.
        let c = zip(u, v).reduce(0.0) { $0 + $1.0 * $1.1 }
        for r in 0..<P { v[r] -= c * u[r] }
        let nv = Lanczos.norm2(v)
        v = v.map { $0 / nv }
        func coords(_ w: [Double]) -> [Double] { diffs.map { d in zip(d, w).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        var pa = coords(u), pb = coords(v)
        if let first = pa.first, first > 0 { u = u.map { -$0 }; pa = pa.map { -$0 } }
        if let first = pb.first, first > 0 { v = v.map { -$0 }; pb = pb.map { -$0 } }
        return LandscapeDirections(kind: .trajectory, u: u, v: v,
                                   method: "principal directions of θ_k − θ_N over \(m) checkpoints (uncentred)",
                                   eigenvalues: nil, pathAlpha: pa, pathBeta: pb)
    }

    /// The steps of at most `limit` evenly spaced checkpoints over 0…steps, both ends included, ascending
    /// and distinct (all steps when there are few).
    public static func checkpointSteps(steps: Int, limit: Int = 200) -> [Int] {
        guard steps > 0 else { return [0] }
        let m = min(limit, steps + 1)
        guard m > 1 else { return [steps] }
        var out: [Int] = []
        for k in 0..<m {
            let s = Int((Double(k) * Double(steps) / Double(m - 1)).rounded())
            if out.last != s { out.append(s) }
        }
        return out
    }

    // MARK: - The grid

    /// `grid[i][j] = J(θ + alphas[i]·u + betas[j]·v)`, J = loss over all of `data` + ½λ‖·‖² (dropout off;
    /// BatchNorm in training mode over the whole set, as the Hessian). One scratch model and one workspace
    /// serve every point: each point is one batched forward pass over the data, nothing allocated per point.
    public static func grid(model: MLP, objective: Objective, data: Dataset, u: [Double], v: [Double],
                            alphas: [Double], betas: [Double]) -> [[Double]] {
        grid(model: model, objective: objective, data: data, u: u, v: v, alphas: alphas, betas: betas,
             isCancelled: { false }) ?? []
    }

    /// The same, consulting `isCancelled` before each point (one pass over the data): nil when it fired.
    public static func grid(model: MLP, objective: Objective, data: Dataset, u: [Double], v: [Double],
                            alphas: [Double], betas: [Double], isCancelled: () -> Bool) -> [[Double]]? {
        let P = model.parameterCount
        precondition(u.count == P && v.count == P, "directions must have length P")
        let theta = model.parameters
        var scratch = model
        var ws = BackpropWorkspace(for: model, batchCapacity: Swift.max(1, Swift.min(data.count, model.hasBatchNormalization ? data.count : 256)))
        var out = [[Double]](repeating: [Double](repeating: 0, count: betas.count), count: alphas.count)
        for (i, a) in alphas.enumerated() {
            for (j, b) in betas.enumerated() {
                if isCancelled() { return nil }
                scratch.parameters.withUnsafeMutableBufferPointer { p in
                    theta.withUnsafeBufferPointer { t in u.withUnsafeBufferPointer { ub in v.withUnsafeBufferPointer { vb in
                        for k in 0..<P { p[k] = t[k] + a * ub[k] + b * vb[k] }
                    }}}
                }
                out[i][j] = objective.value(model: scratch, data: data, workspace: &ws)
            }
        }
        return out
    }

    /// Fixes an eigenvector's sign: its largest-magnitude entry becomes positive.
    static func fixSign(_ x: inout [Double]) {
        var best = 0.0
        for e in x where Swift.abs(e) > Swift.abs(best) { best = e }
        if best < 0 { for i in x.indices { x[i] = -x[i] } }
    }
}
