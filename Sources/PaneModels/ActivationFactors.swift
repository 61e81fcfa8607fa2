import Foundation

/// The activations pane's factors: how E[h²] changes from one hidden layer to the next. They live with the
/// view model (not in the pane) because the initialisation claim is about them and the claim checks
/// (`PresetClaims`, `nnviz lecture --check`) depend on PaneModels only, not on the Dashboard that draws them.
extension ActivationsViewModel {
    /// E[h²]ℓ₊₁ / E[h²]ℓ for each pair of consecutive hidden layers (count − 1 entries); nil where either
    /// value is zero or not finite (a dead layer has no factor).
    public var layerFactors: [Double?] {
        guard layers.count >= 2 else { return [] }
        return (1..<layers.count).map { l in
            let a = layers[l - 1].meanSquare, b = layers[l].meanSquare
            return a > 0 && b > 0 && a.isFinite && b.isFinite ? b / a : nil
        }
    }

    /// The geometric mean of E[h²] from one layer to the next, (E[h²]_last / E[h²]_first)^(1/(L−1)), the
    /// figure in the pane's title; nil with fewer than two layers or a zero.
    public var factorPerLayer: Double? {
        guard layers.count >= 2, let a = layers.first?.meanSquare, let b = layers.last?.meanSquare,
              a > 0, b > 0, a.isFinite, b.isFinite else { return nil }
        return pow(b / a, 1 / Double(layers.count - 1))
    }
}
