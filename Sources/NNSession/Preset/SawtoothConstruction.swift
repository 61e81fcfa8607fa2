import NNCore

/// The lecture's sawtooth as explicit weights: f₀ = x, f_ℓ = 2|f_{ℓ−1}| − 2 = 2ReLU(f) + 2ReLU(−f) − 2.
///
/// Layer 1 computes h = (ReLU(x), ReLU(−x)) with W = [[1], [−1]], b = 0. Each further hidden layer takes
/// the previous h, forms f = 2h₁ + 2h₂ − 2 and ±f inside the same affine map, W = [[2, 2], [−2, −2]],
/// b = [−2, 2], so h' = (ReLU(f), ReLU(−f)). The output layer returns f_L = 2h₁ + 2h₂ − 2 (W = [[2, 2]],
/// b = [−2]). Depth L uses L hidden layers of width 2 (sizes [1, 2, …, 2, 1]) and has exactly 2^L linear
/// pieces on [−2, 2]. Every weight is a small integer, so on dyadic inputs the arithmetic is exact.
extension Preset {
    /// Most sawtooth depth offered (2^12 pieces).
    public static let maxSawtoothDepth = 12

    /// θ of the depth-`depth` sawtooth net (layout of ``MLP/parameters``), `depth` ≥ 1.
    public static func sawtoothParameters(depth: Int) -> [Double] {
        var theta: [Double] = [1, -1, 0, 0]
        for _ in 1..<max(depth, 1) { theta += [2, 2, -2, -2, -2, 2] }
        theta += [2, 2, -2]
        return theta
    }

    /// The layer sizes [1, 2 (× depth), 1].
    public static func sawtoothLayers(depth: Int) -> [Int] {
        [1] + Array(repeating: 2, count: max(depth, 1)) + [1]
    }

    /// This preset with the hand-set sawtooth net of depth `depth` (clamped to 1…maxSawtoothDepth), ReLU
    /// hidden layers, and — when its data is the sawtooth — the target of the same depth.
    public func settingSawtoothDepth(_ depth: Int) -> Preset {
        let L = min(max(depth, 1), Preset.maxSawtoothDepth)
        var p = self
        p.model = ModelSpec(layers: Preset.sawtoothLayers(depth: L),
                            activations: Array(repeating: .relu, count: L) + [.linear],
                            initializer: model.initializer,
                            explicitParameters: Preset.sawtoothParameters(depth: L))
        if p.data.kind == .sawtooth { p.data.depth = L }
        return p
    }
}

extension Preset {
    /// L when this preset's model is exactly the hand-set depth-L sawtooth construction, else nil.
    /// The dashboard uses it so that adding or removing a layer on the sawtooth keeps the construction
    /// (2^L pieces at every depth) instead of falling back to random weights.
    public var sawtoothDepth: Int? {
        let depth = model.hiddenWidths.count
        guard depth >= 1, model.layers == Preset.sawtoothLayers(depth: depth),
              model.explicitParameters == Preset.sawtoothParameters(depth: depth),
              model.activations.dropLast().allSatisfy({ $0.kind == .relu }) else { return nil }
        return depth
    }
}
