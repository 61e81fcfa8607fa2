/// A dense multilayer perceptron f_ℓ = W_ℓ φ_{ℓ−1} + b_ℓ, φ_ℓ = φ(f_ℓ), with φ₀ = x.
///
/// All parameters live in ONE flat array `parameters` (θ) in the order fixed by the `inspect` file format:
/// layer by layer, the weights of layer ℓ row-major (out × in), then its bias. Optimisers, the Hessian,
/// the gradient and `nnviz inspect` all use this order, so a gradient or an eigenvector indexes θ directly.
/// The activation of the last layer is applied too (usually `linear`; the loss takes raw outputs/logits).
///
/// Normalised hidden layers (``Normalization``, LayerNorm or BatchNorm on the pre-activation) add their
/// γ_ℓ then β_ℓ (d_ℓ each) right after b_ℓ; a network without normalisation has exactly the layout above.
/// BatchNorm's running mean and variance are state, not parameters: ``runningStatistics``.
public struct MLP: Sendable, Equatable {
    /// Layer widths d₀ (inputs), d₁, …, d_L (outputs).
    public private(set) var sizes: [Int]
    /// One activation per layer (count L = sizes.count − 1); the last is usually `.linear`.
    public var activations: [Activation]
    /// One normalisation per layer (count L; the output layer's is always `.none`).
    public private(set) var normalizations: [Normalization]
    /// θ: every weight and bias (and γ, β of normalised layers), in the layout described above.
    public var parameters: [Double]
    /// BatchNorm running statistics, layer by layer over the BatchNorm layers: the running mean (d_ℓ) then
    /// the running variance (d_ℓ). Empty without BatchNorm. Used in ``NormalizationMode/inference``.
    public var runningStatistics: [Double]

    /// A network with all weights and biases zero (γ = 1, β = 0, running mean 0 and variance 1 for
    /// normalised layers). `sizes` needs at least two entries, each ≥ 1; `normalizations` (default: none)
    /// one per layer, the last `.none`.
    public init(sizes: [Int], activations: [Activation], normalizations: [Normalization]? = nil) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "MLP needs ≥ 2 sizes, each ≥ 1")
        precondition(activations.count == sizes.count - 1, "one activation per layer")
        let norms = normalizations ?? Array(repeating: .none, count: sizes.count - 1)
        precondition(norms.count == sizes.count - 1, "one normalisation per layer")
        precondition(norms.last?.kind == Normalization.Kind.none, "the output layer is not normalised")
        self.sizes = sizes
        self.activations = activations
        self.normalizations = norms
        self.parameters = [Double](repeating: 0, count: MLP.parameterCount(sizes: sizes, normalizations: norms))
        self.runningStatistics = []
        for l in 0..<(sizes.count - 1) where norms[l].kind == .batch {
            runningStatistics += [Double](repeating: 0, count: sizes[l + 1]) + [Double](repeating: 1, count: sizes[l + 1])
        }
        resetNormalizationParameters()
    }

    /// Sets γ = 1 and β = 0 in every normalised layer (no random draws: initialisers leave them so).
    public mutating func resetNormalizationParameters() {
        for l in 0..<layerCount where normalizations[l].isActive {
            let g = gammaOffset(layer: l), d = sizes[l + 1]
            for j in 0..<d { parameters[g + j] = 1; parameters[g + d + j] = 0 }
        }
    }

    /// Convenience: one activation for all hidden layers, `output` for the last layer.
    public init(sizes: [Int], hidden: Activation, output: Activation = .linear) {
        self.init(sizes: sizes, activations: Array(repeating: hidden, count: sizes.count - 2) + [output])
    }

    /// P = Σ_ℓ d_ℓ(d_{ℓ−1} + 1).
    public static func parameterCount(sizes: [Int]) -> Int {
        var p = 0
        for l in 1..<sizes.count { p += sizes[l] * (sizes[l - 1] + 1) }
        return p
    }

    /// P = Σ_ℓ d_ℓ(d_{ℓ−1} + 1) + 2 d_ℓ for each normalised layer.
    public static func parameterCount(sizes: [Int], normalizations: [Normalization]) -> Int {
        var p = parameterCount(sizes: sizes)
        for l in 1..<sizes.count where l - 1 < normalizations.count && normalizations[l - 1].isActive { p += 2 * sizes[l] }
        return p
    }

    /// Parameters of layer index `layer`: W, b, and γ, β when it is normalised.
    public func layerParameterCount(_ layer: Int) -> Int {
        sizes[layer + 1] * (sizes[layer] + (normalizations[layer].isActive ? 3 : 1))
    }

    /// True when some layer has LayerNorm or BatchNorm.
    public var isNormalized: Bool { normalizations.contains { $0.isActive } }
    /// True when some layer has BatchNorm (its objective then couples the samples of a batch).
    public var hasBatchNormalization: Bool { normalizations.contains { $0.kind == .batch } }

    /// Offset in θ of γ_ℓ (β_ℓ follows at + d_ℓ); only meaningful for a normalised layer.
    public func gammaOffset(layer: Int) -> Int { biasOffset(layer: layer) + sizes[layer + 1] }

    /// Offset in ``runningStatistics`` of the running mean of BatchNorm layer `layer` (variance at + d_ℓ).
    public func runningStatisticsOffset(layer: Int) -> Int {
        var p = 0
        for l in 0..<layer where normalizations[l].kind == .batch { p += 2 * sizes[l + 1] }
        return p
    }

    /// γ_ℓ and β_ℓ: copies (nil for a layer without normalisation).
    public func normalizationParameters(layer: Int) -> (gamma: [Double], beta: [Double])? {
        guard normalizations[layer].isActive else { return nil }
        let g = gammaOffset(layer: layer), d = sizes[layer + 1]
        return (Array(parameters[g..<(g + d)]), Array(parameters[(g + d)..<(g + 2 * d)]))
    }

    public var parameterCount: Int { parameters.count }
    /// Number of layers L (hidden layers + output layer).
    public var layerCount: Int { sizes.count - 1 }
    public var inputSize: Int { sizes[0] }
    public var outputSize: Int { sizes[sizes.count - 1] }

    /// Offset in θ of W_ℓ for layer index `layer` in 0..<layerCount (row-major, out × in).
    public func weightOffset(layer: Int) -> Int {
        var p = 0
        for l in 0..<layer { p += layerParameterCount(l) }
        return p
    }

    /// Offset in θ of b_ℓ for layer index `layer`.
    public func biasOffset(layer: Int) -> Int {
        weightOffset(layer: layer) + sizes[layer + 1] * sizes[layer]
    }

    /// W_ℓ as rows (out × in): a copy, for reports and JSON, not for hot loops.
    public func weightMatrix(layer: Int) -> [[Double]] {
        let o = weightOffset(layer: layer), rows = sizes[layer + 1], cols = sizes[layer]
        return (0..<rows).map { r in Array(parameters[(o + r * cols)..<(o + (r + 1) * cols)]) }
    }

    /// b_ℓ: a copy.
    public func biasVector(layer: Int) -> [Double] {
        let o = biasOffset(layer: layer)
        return Array(parameters[o..<(o + sizes[layer + 1])])
    }

    /// True when every parameter is finite.
    public var isFinite: Bool { parameters.allSatisfy { $0.isFinite } }
}
