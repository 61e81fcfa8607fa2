import NNCore

/// Minimum-norm Gauss–Newton steps for a mean-squared loss: θ ← θ − Jᵀ (J Jᵀ)⁺ r, with r = z − y the
/// residuals (n·k) and J their Jacobian (n·k × P). For an overparameterised net (P ≫ n·k) with J of full
/// row rank this is Newton's method on the interpolation equations z(θ) = y, so it converges quadratically
/// to an interpolating point close to the starting θ. The `hessian-optimum` demo uses it to finish what a
/// first-order optimiser started: Adam reaches a loss of ~1e-6 quickly, but counting eigenvalues ≈ 0 at
/// SpectrumSummary's tolerance (~1e-8·λmax) needs residuals ~1e-8 or below, since the Hessian's residual term
/// Σ r_i ∇²z_i is otherwise larger than the tolerance. (J Jᵀ)⁺ uses the symmetric eigensolver, dropping
/// eigenvalues below 1e-12·λmax. Far from the solution a full step can overshoot, so each step backtracks
/// (halving, up to 40 times) until the loss decreases; it stops early once the loss is below `stopBelow`.
public enum GaussNewtonInterpolation {
    /// Applies `steps` Gauss–Newton steps to `model` on `data`; returns the mean-squared loss after each.
    @discardableResult
    public static func refine(_ model: inout MLP, data: Dataset, steps: Int, stopBelow: Double = 1e-28) throws -> [Double] {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the Gauss–Newton interpolation")
        guard data.inputSize == model.inputSize, data.targetSize == model.outputSize, data.count > 0 else {
            throw AnalysisError.dataMismatch("Gauss–Newton needs non-empty data of the model's shape")
        }
        let n = data.count, m = n * model.outputSize, P = model.parameterCount
        func loss(_ m: MLP) -> Double {
            let z = NetworkDerivatives(model: m, inputs: data.x, count: n).outputs
            return zip(z, data.y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m.outputSize * n)
        }
        var losses: [Double] = []
        var current = loss(model)
        for _ in 0..<steps where current > stopBelow {
            let net = NetworkDerivatives(model: model, inputs: data.x, count: n)
            let r = zip(net.outputs, data.y).map { $0 - $1 }
            let J = net.parameterJacobian()
            var K = [Double](repeating: 0, count: m * m)
            for a in 0..<m { for b in a..<m {
                var s = 0.0
                for p in 0..<P { s += J[a * P + p] * J[b * P + p] }
                K[a * m + b] = s; K[b * m + a] = s
            } }
            // a = K⁺ r
            let a = SymmetricEigensolver.pseudoInverseSolve(K, n: m, rhs: r)
            var delta = [Double](repeating: 0, count: P)
            for p in 0..<P {
                var s = 0.0
                for i in 0..<m { s += J[i * P + p] * a[i] }
                delta[p] = s
            }
            var t = 1.0, trial = model
            for _ in 0..<40 {
                for p in 0..<P { trial.parameters[p] = model.parameters[p] - t * delta[p] }
                let l = loss(trial)
                if l < current { model = trial; current = l; break }
                t *= 0.5
            }
            losses.append(current)
        }
        return losses
    }
}
