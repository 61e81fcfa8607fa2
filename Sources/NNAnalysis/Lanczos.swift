import CNNKernels
import Foundation

/// A symmetric linear operator given only by its action: `apply(v, &out)` sets out = A v (length P).
public typealias SymmetricOperator = (_ v: [Double], _ out: inout [Double]) -> Void

/// Lanczos with partial reorthogonalisation (float64; Simon's ω estimates keep the basis semi-orthogonal, repairs by
/// blocked classical Gram–Schmidt), stochastic
/// Lanczos quadrature (SLQ) for the spectral density (Ghorbani et al. 2019), and Hutchinson's trace —
/// everything from matrix-vector products only, for Hessians too large to form (P ≫ 2,000).
public enum Lanczos {
    /// The m-step Lanczos tridiagonal T = QᵀAQ from the unit start vector q₁ (α diagonal, β off-diagonal).
    public struct Tridiagonal: Sendable, Equatable {
        public var alpha: [Double]
        public var beta: [Double]
        /// True when the Krylov space became invariant (β ≈ 0) before the requested steps: T's eigenvalues
        /// are then exact eigenvalues of A.
        public var invariant: Bool
        /// True when `isCancelled` stopped the run (see ``AnalysisCancelled``): T is then incomplete and
        /// callers report the cancellation instead of values.
        public var cancelled = false
    }

    /// Doubles the Lanczos basis may hold (2^25: 256 MB), and the work of full reorthogonalisation,
    /// about 4·m²·P, may take (2^33 ≈ 8.6·10⁹ flops): together they cap the steps for large P
    /// (P = 2·10⁶: 16 steps), so no caller can ask for unbounded memory or minutes of work.
    public static let basisLimit = 1 << 25
    public static let reorthogonalizationLimit = 1 << 33

    /// The most steps ``tridiagonalize(dimension:steps:start:apply:basis:stop:)`` takes for dimension P
    /// (at least 2).
    public static func maxSteps(dimension P: Int) -> Int {
        guard P > 0 else { return 0 }
        let byMemory = basisLimit / P
        let byWork = Int((Double(reorthogonalizationLimit) / (4 * Double(P))).squareRoot())
        return max(2, min(byMemory, byWork))
    }

    /// Runs up to `steps` Lanczos steps (at most ``maxSteps(dimension:)``) from `start` (normalised here). `basis` (optional) receives the
    /// orthonormal Lanczos vectors (steps × P). `stop` is consulted after each step with the current T;
    /// `isCancelled` before each step (one operator application and its reorthogonalisation): when it fires,
    /// the run ends with `cancelled` set.
    public static func tridiagonalize(dimension P: Int, steps: Int, start: [Double], apply: SymmetricOperator,
                                      basis: UnsafeMutablePointer<[Double]>? = nil,
                                      stop: ((Tridiagonal) -> Bool)? = nil,
                                      isCancelled: () -> Bool = { false }) -> Tridiagonal {
        precondition(start.count == P)
        let m = min(steps, P, maxSteps(dimension: P))
        var t = Tridiagonal(alpha: [], beta: [], invariant: false)
        if m == 0 || P == 0 { return t }
        let s0 = norm2(start)
        guard s0 > 0 else { return t }
        // The basis grows one vector at a time (no m × P block up front: 107 MB for C3 at 200 steps).
        let store = LanczosBasis(dimension: P)
        defer { store.release() }
        store.append { q in for i in 0..<P { q[i] = start[i] / s0 } }
        var w = [Double](repeating: 0, count: P)
        var qj = [Double](repeating: 0, count: P)
        var coefficients = [Double](repeating: 0, count: m)
        // Partial reorthogonalisation (Simon 1984; PROPACK's bound): ω[k] estimates q_{j+1}·q_k from the
        // recurrence the Lanczos vectors obey; only when some |ω[k]| exceeds √ε is w reorthogonalised against
        // the whole basis (and the next vector too). Semi-orthogonality (≤ √ε) keeps the Ritz values as accurate
        // as full reorthogonalisation does, at a fraction of the passes over the stored basis.
        let eps = Double.ulpOfOne / 2, delta = eps.squareRoot()
        var omegaOld: [Double] = [], omega: [Double] = [1]
        var forceNext = false
        var anorm = 0.0
        for j in 0..<m {
            if isCancelled() { t.cancelled = true; break }
            qj.withUnsafeMutableBufferPointer { b in if let d = b.baseAddress { d.update(from: store.rows[j], count: P) } }
            apply(qj, &w)
            w.withUnsafeMutableBufferPointer { wb in coefficients.withUnsafeMutableBufferPointer { cb in
                guard let W = wb.baseAddress, let C = cb.baseAddress else { return }
                let a = kdot(store.rows[j], W, P)
                t.alpha.append(a)
                // Three-term recurrence.
                kaxpy(-a, store.rows[j], W, P)
                if j > 0 { kaxpy(-t.beta[j - 1], store.rows[j - 1], W, P) }
                var before = kdot(W, W, P).squareRoot()
                // Orthogonality estimates for q_{j+1} = w/‖w‖ against q_0…q_j.
                var next = [Double](repeating: 0, count: j + 2)
                let bj = Swift.max(before, Double.leastNormalMagnitude)
                for k in 0..<j {
                    var x = t.beta[k] * omega[k + 1] + (t.alpha[k] - a) * omega[k]
                    if k > 0 { x += t.beta[k - 1] * omega[k - 1] }
                    x -= t.beta[j - 1] * omegaOld[k]
                    let noise = eps * (t.beta[k] + bj) * 0.3
                    next[k] = (x + (x >= 0 ? noise : -noise)) / bj
                }
                next[j] = eps * Double(P) * (j > 0 ? t.beta[0] : bj) / bj * 0.6
                next[j + 1] = 1
                var worst = 0.0
                for k in 0...j { worst = Swift.max(worst, Swift.abs(next[k])) }
                if worst > delta || forceNext {
                    // Classical Gram–Schmidt as two matrix-vector products against the stored basis
                    // (c = Qᵀw, w −= Qc), repeated when the norm dropped by more than 1/√2 (Daniel–Gragg–
                    // Kaufman–Stewart): each stored vector is read once per product.
                    for _ in 0..<2 {
                        store.table.withUnsafeBufferPointer { rb in
                            guard let R = rb.baseAddress else { return }
                            nnk_multi_dot(R, j + 1, W, P, C)
                            nnk_combine_sub(R, j + 1, C, W, P)
                        }
                        let after = kdot(W, W, P).squareRoot()
                        if after >= 0.7071067811865476 * before { break }
                        before = after
                    }
                    for k in 0...j { next[k] = eps }
                    forceNext = !forceNext
                }
                omegaOld = omega
                omega = next
            }}
            let b = norm2(w)
            anorm = max(anorm, Swift.abs(t.alpha[j]) + b + (j > 0 ? t.beta[j - 1] : 0))
            if j == m - 1 { break }
            if b <= 1e-12 * max(anorm, Double.leastNormalMagnitude) { t.invariant = true; break }
            t.beta.append(b)
            store.append { q in for i in 0..<P { q[i] = w[i] / b } }
            if let stop, stop(t) { break }
        }
        if let basis {
            var flat = [Double]()
            flat.reserveCapacity(t.alpha.count * P)
            for r in 0..<t.alpha.count { flat.append(contentsOf: UnsafeBufferPointer(start: store.rows[r], count: P)) }
            basis.pointee = flat
        }
        return t
    }

    /// Which end of the spectrum ``extremeEigenvalues(dimension:count:which:maxSteps:tolerance:seed:apply:)``
    /// converges before it stops.
    public enum SpectrumEnd: Sendable, Equatable {
        /// The k smallest and the k largest.
        case both
        /// Only the k smallest (the largest are not returned).
        case smallest
        /// Only the k largest (the smallest are not returned).
        case largest
    }

    /// The k smallest and k largest eigenvalues (each ascending) by Lanczos (partial reorthogonalisation),
    /// stopping when every wanted Ritz value's residual bound β_m|s_{m,i}| is ≤ `tolerance`·|λ|max
    /// (or after `maxSteps`). `hvps` is the number of operator applications used.
    ///
    /// `which` names the end(s) that must converge. Why: the two ends converge at their own rates, and a caller
    /// that only needs λmax or the top k should not wait for the other end (nor report values it did not
    /// converge). With one end the unwanted list is empty, and convergence is checked every second step from
    /// k + 2 steps (a check is one m × m tridiagonal decomposition, small next to a wide net's HVP); `.both`
    /// checks every fourth step from 2k + 2, as before.
    public static func extremeEigenvalues(dimension P: Int, count k: Int, which: SpectrumEnd = .both, maxSteps: Int = 300,
                                          tolerance: Double = 1e-10, seed: UInt64 = 0, apply: SymmetricOperator)
        -> (smallest: [Double], largest: [Double], hvps: Int, converged: Bool) {
        extremeEigenvalues(dimension: P, count: k, which: which, maxSteps: maxSteps, tolerance: tolerance, seed: seed,
                           isCancelled: { false }, apply: apply) ?? ([], [], 0, false)
    }

    /// The same, consulting `isCancelled` before each Lanczos step: nil when it fired.
    public static func extremeEigenvalues(dimension P: Int, count k: Int, which: SpectrumEnd = .both, maxSteps: Int = 300,
                                          tolerance: Double = 1e-10, seed: UInt64 = 0, isCancelled: () -> Bool,
                                          apply: SymmetricOperator)
        -> (smallest: [Double], largest: [Double], hvps: Int, converged: Bool)? {
        var rng = AnalysisRNG(seed: seed)
        let start = (0..<P).map { _ in rng.gaussian() }
        var converged = false
        let t = tridiagonalize(dimension: P, steps: maxSteps, start: start, apply: apply, stop: { t in
            let m = t.alpha.count
            if which == .both {
                guard m >= 2 * k + 2, m % 4 == 0 else { return false }
            } else {
                guard m >= k + 2, m % 2 == 0 else { return false }
            }
            let dec = SymmetricEigensolver.tridiagonalDecompose(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(m - 1)))
            let bm = t.beta[m - 1]
            let scale = max(Swift.abs(dec.values[0]), Swift.abs(dec.values[m - 1]))
            let low = Array(0..<min(k, m)), high = Array(max(m - k, 0)..<m)
            let wanted = which == .smallest ? low : which == .largest ? high : low + high
            converged = wanted.allSatisfy { i in Swift.abs(bm * dec.vectors[i * m + m - 1]) <= tolerance * scale }
            return converged
        }, isCancelled: isCancelled)
        if t.cancelled { return nil }
        let m = t.alpha.count
        if t.invariant || m == P { converged = true }
        let ev = SymmetricEigensolver.tridiagonalEigenvalues(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(max(m - 1, 0))))
        let kk = min(k, ev.count)
        return (which == .largest ? [] : Array(ev.prefix(kk)), which == .smallest ? [] : Array(ev.suffix(kk)), m, converged)
    }

    /// Stochastic Lanczos quadrature: for each of `probes` Rademacher start vectors, `steps` Lanczos steps
    /// give Ritz values θ_i (nodes) and weights τ_i = (first component of the Ritz vector)², Σ τ_i = 1.
    /// The spectral density is ≈ (1/probes) Σ_probes Σ_i τ_i δ(λ − θ_i).
    public struct Quadrature: Sendable, Equatable {
        public var nodes: [[Double]]
        public var weights: [[Double]]
        public var dimension: Int

        /// Trace estimate P · mean over probes of Σ τ_i θ_i (= P · mean vᵀAv for unit probes).
        public var traceEstimate: Double {
            guard !nodes.isEmpty else { return 0 }
            let per = zip(nodes, weights).map { n, w in zip(n, w).reduce(0.0) { $0 + $1.0 * $1.1 } }
            return Double(dimension) * per.reduce(0, +) / Double(per.count)
        }

        /// The Gaussian-smoothed density (integrates to 1) at each λ in `at`, smoothing width `sigma`
        /// (one or two character cells of the plot, so the density looks smooth at the plot's resolution).
        public func density(at xs: [Double], sigma: Double) -> [Double] {
            let c = 1 / (Double(max(nodes.count, 1)) * sigma * (2 * Double.pi).squareRoot())
            return xs.map { x in
                var s = 0.0
                for (n, w) in zip(nodes, weights) {
                    for (t, tau) in zip(n, w) { let u = (x - t) / sigma; s += tau * exp(-0.5 * u * u) }
                }
                return c * s
            }
        }
    }

    public static func spectralDensity(dimension P: Int, steps: Int = 80, probes: Int = 4, seed: UInt64 = 0,
                                       apply: SymmetricOperator) -> Quadrature {
        spectralDensity(dimension: P, steps: steps, probes: probes, seed: seed, isCancelled: { false }, apply: apply)
            ?? Quadrature(nodes: [], weights: [], dimension: P)
    }

    /// The same, consulting `isCancelled` before each Lanczos step of every probe: nil when it fired.
    public static func spectralDensity(dimension P: Int, steps: Int = 80, probes: Int = 4, seed: UInt64 = 0,
                                       isCancelled: () -> Bool, apply: SymmetricOperator) -> Quadrature? {
        var rng = AnalysisRNG(seed: seed)
        var q = Quadrature(nodes: [], weights: [], dimension: P)
        for _ in 0..<probes {
            let v = (0..<P).map { _ in rng.rademacher() }
            let t = tridiagonalize(dimension: P, steps: steps, start: v, apply: apply, isCancelled: isCancelled)
            if t.cancelled { return nil }
            let m = t.alpha.count
            let dec = SymmetricEigensolver.tridiagonalDecompose(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(max(m - 1, 0))))
            q.nodes.append(dec.values)
            q.weights.append((0..<m).map { dec.vectors[$0 * m] * dec.vectors[$0 * m] })
        }
        return q
    }

    /// Hutchinson's estimator tr(A) ≈ mean of zᵀAz over Rademacher z, with its standard error.
    public static func hutchinsonTrace(dimension P: Int, samples: Int, seed: UInt64 = 0, apply: SymmetricOperator)
        -> (trace: Double, standardError: Double) {
        hutchinsonTrace(dimension: P, samples: samples, seed: seed, isCancelled: { false }, apply: apply) ?? (0, 0)
    }

    /// The same, consulting `isCancelled` before each sample (one operator application): nil when it fired.
    public static func hutchinsonTrace(dimension P: Int, samples: Int, seed: UInt64 = 0, isCancelled: () -> Bool,
                                       apply: SymmetricOperator) -> (trace: Double, standardError: Double)? {
        var rng = AnalysisRNG(seed: seed)
        var out = [Double](repeating: 0, count: P)
        var vals: [Double] = []
        for _ in 0..<max(samples, 1) {
            if isCancelled() { return nil }
            let z = (0..<P).map { _ in rng.rademacher() }
            apply(z, &out)
            vals.append(zip(z, out).reduce(0.0) { $0 + $1.0 * $1.1 })
        }
        let mean = vals.reduce(0, +) / Double(vals.count)
        let varc = vals.count > 1 ? vals.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(vals.count - 1) : 0
        return (mean, (varc / Double(vals.count)).squareRoot())
    }

    /// The Lanczos vectors, each in its own allocation (so the basis grows without copying), with a table of
    /// their addresses for the blocked kernels. Freed by ``release()``.
    final class LanczosBasis {
        let dimension: Int
        var rows: [UnsafePointer<Double>] = []
        /// The same addresses as C sees them (`const double *const *`).
        var table: [UnsafePointer<Double>?] = []
        private var owned: [UnsafeMutablePointer<Double>] = []

        init(dimension: Int) { self.dimension = dimension }

        func append(_ fill: (UnsafeMutablePointer<Double>) -> Void) {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: dimension)
            fill(p)
            owned.append(p)
            rows.append(UnsafePointer(p))
            table.append(UnsafePointer(p))
        }

        func release() {
            for p in owned { p.deallocate() }
            owned = []
            rows = []
            table = []
        }
    }

    static func norm2(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { b in b.baseAddress.map { kdot($0, $0, v.count).squareRoot() } ?? 0 }
    }
}
