import NNCore

/// The empirical neural tangent kernel on a set of inputs: K = J Jᵀ, where J (n·k × P) is the Jacobian of
/// all n·k outputs with respect to θ (row i·k + c ↔ output c at point i), and its eigenvalues.
///
/// Link to the Hessian (our MSE convention loss = (1/(n·k)) Σ (z − y)²): H = (2/(n·k)) JᵀJ +
/// Σ residual·∇²z. At an interpolating minimum the residuals vanish, so H = (2/(n·k)) JᵀJ, whose non-zero
/// eigenvalues are those of (2/(n·k)) J Jᵀ = (2/(n·k)) K: eig(H) \ {0} = (2/(n·k))·eig(K) \ {0}, and at
/// least P − n·k eigenvalues of H are 0. (`hessianScale(loss:n:k:)` gives that constant.)
public struct EmpiricalNTK: Sendable, Equatable {
    /// n·k.
    public let size: Int
    /// K, size × size row-major.
    public let matrix: [Double]
    /// eig(K), ascending (all ≥ 0 up to round-off).
    public let eigenvalues: [Double]

    public init(model: MLP, inputs: [Double], count n: Int) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the empirical NTK")
        guard inputs.count == n * model.inputSize else {
            throw AnalysisError.dataMismatch("NTK inputs must be n × \(model.inputSize)")
        }
        let nd = NetworkDerivatives(model: model, inputs: inputs, count: n)
        let J = nd.parameterJacobian()
        let m = n * model.outputSize, P = model.parameterCount
        var K = [Double](repeating: 0, count: m * m)
        J.withUnsafeBufferPointer { jb in K.withUnsafeMutableBufferPointer { kb in
            guard let j = jb.baseAddress, let k = kb.baseAddress else { return }
            kgemmNT(j, j, k, m: m, n: m, k: P)
        }}
        size = m
        matrix = K
        eigenvalues = SymmetricEigensolver.eigenvalues(K, n: m)
    }

    /// The factor c with H = c·JᵀJ at a zero-residual point: 2/(n·k) for mse (nil for the other losses,
    /// whose curvature is not a constant multiple of the identity).
    public static func hessianScale(loss: Loss, n: Int, k: Int) -> Double? {
        loss == .mse ? LossCalculus.mseCurvature(n: n, k: k) : nil
    }
}
