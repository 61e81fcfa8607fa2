/// A dense multilayer perceptron f_ℓ = W_ℓ φ_{ℓ−1} + b_ℓ, φ_ℓ = φ(f_ℓ), with φ₀ = x.
///
/// All parameters live in ONE flat array `parameters` (θ) in the order fixed by DESIGN.md §3:
/// layer by layer, the weights of layer ℓ row-major (out × in), then its bias. Optimisers, the Hessian,
/// the gradient and `nnviz inspect` all use this order, so a gradient or an eigenvector indexes θ directly.
/// The activation of the last layer is applied too (usually `linear`; the loss takes raw outputs/logits).
public struct MLP: Sendable, Equatable {
    /// Layer widths d₀ (inputs), d₁, …, d_L (outputs).
    public private(set) var sizes: [Int]
    /// One activation per layer (count L = sizes.count − 1); the last is usually `.linear`.
    public var activations: [Activation]
    /// θ: every weight and bias, in the layout described above.
    public var parameters: [Double]

    /// A network with all parameters zero. `sizes` needs at least two entries, each ≥ 1.
    public init(sizes: [Int], activations: [Activation]) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "MLP needs ≥ 2 sizes, each ≥ 1")
        precondition(activations.count == sizes.count - 1, "one activation per layer")
        self.sizes = sizes
        self.activations = activations
        self.parameters = [Double](repeating: 0, count: MLP.parameterCount(sizes: sizes))
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

    public var parameterCount: Int { parameters.count }
    /// Number of layers L (hidden layers + output layer).
    public var layerCount: Int { sizes.count - 1 }
    public var inputSize: Int { sizes[0] }
    public var outputSize: Int { sizes[sizes.count - 1] }

    /// Offset in θ of W_ℓ for layer index `layer` in 0..<layerCount (row-major, out × in).
    public func weightOffset(layer: Int) -> Int {
        var p = 0
        for l in 0..<layer { p += sizes[l + 1] * (sizes[l] + 1) }
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
