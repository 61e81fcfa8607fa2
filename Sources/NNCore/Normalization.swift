/// Normalisation of a hidden layer's pre-activation: f → u = γ ⊙ (f − μ)/√(σ² + ε) + β, then φ(u).
///
/// - `layer` (LayerNorm, Ba et al. 2016): μ and σ² over the layer's units, per sample. The same in
///   training and in evaluation.
/// - `batch` (BatchNorm, Ioffe & Szegedy 2015): μ and σ² per unit over the samples of the batch in
///   training (biased variance); in evaluation the running estimates, updated after every training step
///   as PyTorch does: m ← (1 − momentum)·m + momentum·μ_B, v ← (1 − momentum)·v + momentum·σ²_B·n/(n − 1)
///   (the unbiased batch variance; with n = 1 the biased one). They start at m = 0, v = 1.
///
/// γ and β are parameters: in θ they follow the layer's bias (``MLP/gammaOffset(layer:)``); a fresh or
/// initialised network has γ = 1, β = 0. With BatchNorm the layer's bias b cancels in (f − μ), so its
/// gradient is exactly 0 (it is kept so that every layer has the same W, b layout).
public struct Normalization: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case none
        case layer
        case batch
    }

    public var kind: Kind
    /// ε added to the variance (PyTorch's default 1e-5).
    public var epsilon: Double
    /// Weight of the newest batch in the running statistics (BatchNorm only; PyTorch's default 0.1).
    public var momentum: Double

    public init(_ kind: Kind, epsilon: Double = 1e-5, momentum: Double = 0.1) {
        self.kind = kind
        self.epsilon = epsilon
        self.momentum = momentum
    }

    public static let none = Normalization(.none)
    public static let layer = Normalization(.layer)
    public static let batch = Normalization(.batch)

    /// The preset/JSON name: `none`, `layer`, `batch`.
    public var name: String { kind.rawValue }
    /// True for LayerNorm and BatchNorm (γ and β in θ).
    public var isActive: Bool { kind != .none }
    public var description: String { kind == .batch ? "batch(eps \(epsilon), momentum \(momentum))" : name }
}

/// Which statistics a BatchNorm layer uses. LayerNorm and plain layers behave the same in both modes.
public enum NormalizationMode: Sendable, Hashable {
    /// Batch statistics over exactly the samples of one pass (the training objective; gradients).
    case training
    /// Running statistics (``MLP/runningStatistics``): each sample on its own (prediction, test loss).
    case inference
}

extension MLP {
    /// One sample's pre-activation f of layer `layer` (its first d_ℓ entries, in place) → U in inference
    /// mode: LayerNorm with the sample's own statistics, BatchNorm with the running ones. No-op for a
    /// plain layer. For per-point evaluators (drawing); the training kernels do the same on whole chunks.
    public func normalizeForInference(layer: Int, _ f: inout [Double]) {
        let norm = normalizations[layer]
        guard norm.isActive else { return }
        let d = sizes[layer + 1], g = gammaOffset(layer: layer)
        var mean = 0.0, variance = 1.0
        if norm.kind == .layer {
            for j in 0..<d { mean += f[j] }
            mean /= Double(d)
            variance = 0
            for j in 0..<d { variance += (f[j] - mean) * (f[j] - mean) }
            variance /= Double(d)
        }
        let o = runningStatisticsOffset(layer: layer)
        for j in 0..<d {
            if norm.kind == .batch { mean = runningStatistics[o + j]; variance = runningStatistics[o + d + j] }
            f[j] = parameters[g + j] * (f[j] - mean) / (variance + norm.epsilon).squareRoot() + parameters[g + d + j]
        }
    }
}
