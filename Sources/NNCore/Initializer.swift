/// How the weights and biases of a fresh network are drawn (fan_in = d_{ℓ−1}, fan_out = d_ℓ of each layer).
///
/// | case | weights | biases |
/// |---|---|---|
/// | `he` | N(0, 2/fan_in) (PyTorch `kaiming_normal_`, ReLU gain) | 0 |
/// | `xavier` | U(±√(6/(fan_in+fan_out))) (Glorot uniform, `xavier_uniform_`) | 0 |
/// | `uniformFanIn` | U(±1/√fan_in) (PyTorch's default for `nn.Linear`) | U(±1/√fan_in), as PyTorch |
/// | `zeros` | 0 | 0 |
///
/// Explicit (hand-set) weights are not an initialiser: assign `MLP.parameters` directly.
/// Draw order (part of the determinism contract): layer by layer, all weights row-major, then the biases.
/// Normalised layers' γ and β are set to 1 and 0 without any draw, so a network's W and b are the same
/// with or without normalisation.
public enum Initializer: String, Sendable, Hashable, Codable, CaseIterable {
    case he
    case xavier
    case uniformFanIn = "uniform_fan_in"
    case zeros

    /// The preset/JSON name.
    public var name: String { rawValue }
}

extension MLP {
    /// Overwrites θ with fresh values drawn by `initializer` from `rng` (see ``Initializer`` for the laws).
    public mutating func initialize(_ initializer: Initializer, rng: inout SeededRNG) {
        for layer in 0..<layerCount {
            let fanIn = sizes[layer], fanOut = sizes[layer + 1]
            let w = weightOffset(layer: layer), b = biasOffset(layer: layer)
            let fanInBound = 1 / Double(fanIn).squareRoot()
            for j in 0..<(fanIn * fanOut) {
                let v: Double
                switch initializer {
                case .he: v = rng.nextGaussian() * (2 / Double(fanIn)).squareRoot()
                case .xavier:
                    let a = (6 / Double(fanIn + fanOut)).squareRoot()
                    v = rng.nextDouble(in: -a, a)
                case .uniformFanIn: v = rng.nextDouble(in: -fanInBound, fanInBound)
                case .zeros: v = 0
                }
                parameters[w + j] = v
            }
            for j in 0..<fanOut {
                parameters[b + j] = initializer == .uniformFanIn ? rng.nextDouble(in: -fanInBound, fanInBound) : 0
            }
        }
        resetNormalizationParameters()
    }

    /// A network of the given shape, initialised with `initializer` from a generator seeded with `seed`.
    public init(sizes: [Int], activations: [Activation], normalizations: [Normalization]? = nil,
                initializer: Initializer, seed: UInt64) {
        self.init(sizes: sizes, activations: activations, normalizations: normalizations)
        var rng = SeededRNG(seed: seed)
        initialize(initializer, rng: &rng)
    }

    /// One activation for all hidden layers and `output` for the last, initialised from `seed`.
    public init(sizes: [Int], hidden: Activation, output: Activation = .linear, initializer: Initializer,
                seed: UInt64) {
        self.init(sizes: sizes, activations: Array(repeating: hidden, count: sizes.count - 2) + [output],
                  initializer: initializer, seed: seed)
    }
}
