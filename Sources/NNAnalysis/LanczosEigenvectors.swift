import Foundation
import NNCore

extension Lanczos {
    /// The `count` algebraically largest eigenpairs (values descending, λ₁ ≥ λ₂ ≥ …) by Lanczos with full
    /// reorthogonalisation from `start`, with Ritz vectors from the stored Lanczos basis (steps × P doubles).
    /// Stops when every wanted Ritz value's residual bound β_m|s_{m,i}| is ≤ `tolerance`·|λ|max, when the
    /// Krylov space is invariant, or after `maxSteps`. A start vector near the top eigenvector (the previous
    /// one, during training) converges in a few steps: that is the warm start of ``SharpnessTracker``.
    public static func largestEigenpairs(dimension P: Int, count k: Int, maxSteps: Int = 300, tolerance: Double = 1e-10,
                                         start: [Double], apply: SymmetricOperator)
        -> (values: [Double], vectors: [[Double]], steps: Int, converged: Bool) {
        largestEigenpairs(dimension: P, count: k, maxSteps: maxSteps, tolerance: tolerance, start: start,
                          isCancelled: { false }, apply: apply) ?? ([], [], 0, false)
    }

    /// The same, consulting `isCancelled` before each Lanczos step and each Ritz vector: nil when it fired.
    public static func largestEigenpairs(dimension P: Int, count k: Int, maxSteps: Int = 300, tolerance: Double = 1e-10,
                                         start: [Double], isCancelled: () -> Bool, apply: SymmetricOperator)
        -> (values: [Double], vectors: [[Double]], steps: Int, converged: Bool)? {
        precondition(start.count == P && k >= 1)
        var converged = false
        var basis: [Double] = []
        let t = withUnsafeMutablePointer(to: &basis) { bp in
            tridiagonalize(dimension: P, steps: maxSteps, start: start, apply: apply, basis: bp, stop: { t in
                let m = t.alpha.count
                guard m >= k + 1 else { return false }
                let dec = SymmetricEigensolver.tridiagonalDecompose(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(m - 1)))
                let bm = t.beta[m - 1]
                let scale = max(Swift.abs(dec.values[0]), Swift.abs(dec.values[m - 1]), Double.leastNormalMagnitude)
                converged = ((m - k)..<m).allSatisfy { i in Swift.abs(bm * dec.vectors[i * m + m - 1]) <= tolerance * scale }
                return converged
            }, isCancelled: isCancelled)
        }
        if t.cancelled { return nil }
        let m = t.alpha.count
        guard m > 0 else { return ([], [], 0, false) }
        if t.invariant || m == P { converged = true }
        let dec = SymmetricEigensolver.tridiagonalDecompose(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(m - 1)))
        var values: [Double] = [], vectors: [[Double]] = []
        for i in stride(from: m - 1, through: max(m - k, 0), by: -1) {
            if isCancelled() { return nil }
            values.append(dec.values[i])
            var x = [Double](repeating: 0, count: P)
            for j in 0..<m {
                let s = dec.vectors[i * m + j]
                if s == 0 { continue }
                for r in 0..<P { x[r] += s * basis[j * P + r] }
            }
            let nx = norm2(x)
            if nx > 0 { for r in 0..<P { x[r] /= nx } }
            vectors.append(x)
        }
        return (values, vectors, m, converged)
    }
}

/// λmax of the training objective, step after step, by Lanczos warm-started from the previous top
/// eigenvector (a few Hessian-vector products per call once training moves slowly). The first call starts
/// from a seeded Gaussian vector. With `smallest` it tracks λmin instead (the top eigenvalue of −H, negated).
/// Not thread-safe: one tracker per training run.
public final class SharpnessTracker {
    /// Lanczos steps per call at most, and the relative residual tolerance of the top Ritz value.
    public let maxSteps: Int
    public let tolerance: Double
    private let seed: UInt64
    /// Tracks λmin (true) or λmax (false).
    public let smallest: Bool
    private var previous: [Double]?
    /// Lanczos steps (HVPs) used by the last call.
    public private(set) var lastSteps = 0

    public init(maxSteps: Int = 100, tolerance: Double = 1e-8, seed: UInt64 = 0, smallest: Bool = false) {
        self.maxSteps = maxSteps; self.tolerance = tolerance; self.seed = seed; self.smallest = smallest
    }

    /// λmax of J = loss + ½λ‖θ‖² + λ₁‖θ‖₁ at `model` over `data` (the network's inputs; nil when the weights
    /// or data are not finite, or refused). The L1 term adds nothing to the Hessian but is part of J's value.
    public func lambdaMax(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset) -> Double? {
        guard let op = try? HessianOperator(model: model, loss: loss, l2: l2, l1: l1, data: data), op.value.isFinite else {
            return nil
        }
        return lambdaMax(operator: op)
    }

    /// λmax (or λmin with `smallest`) of the operator's Hessian (warm-started). nil also when `isCancelled`
    /// fired (consulted before each Lanczos step); the warm start is then kept as it was.
    public func lambdaMax(operator op: HessianOperator, isCancelled: () -> Bool = { false }) -> Double? {
        let P = op.parameterCount
        guard P > 0 else { return nil }
        var start = previous ?? []
        if start.count != P {
            var rng = AnalysisRNG(seed: seed)
            start = (0..<P).map { _ in rng.gaussian() }
        }
        guard let r = Lanczos.largestEigenpairs(dimension: P, count: 1, maxSteps: min(P, maxSteps), tolerance: tolerance,
                                                start: start, isCancelled: isCancelled, apply: { [smallest] v, out in
            op.hvp(v, into: &out)
            if smallest { for i in out.indices { out[i] = -out[i] } }
        }) else { return nil }
        lastSteps = r.steps
        guard let top = r.values.first, top.isFinite, let vector = r.vectors.first else { return nil }
        previous = vector
        return smallest ? -top : top
    }
}
