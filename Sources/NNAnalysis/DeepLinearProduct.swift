import Foundation
import NNCore

/// The lecture's deep linear model f = W_L ⋯ W₂W₁x (every activation linear): the end-to-end matrix
/// P = W_L ⋯ W₁ (d_L × d₀; biases are ignored, so give the net zero biases or read P as the linear part),
/// its singular values and effective rank, to show that gradient descent can drive the rank down.
///
/// Singular values: σ_i = √λ_i(PᵀP) (or PPᵀ when d_L < d₀, the smaller Gram matrix), eigenvalues by the
/// symmetric eigensolver, clamped at 0 against round-off. Effective rank (Roy & Vetterli 2007):
/// exp(−Σ p_i log p_i) with p_i = σ_i / Σσ — continuous, equal to r for r equal singular values and
/// the rest 0, so it falls smoothly as small singular values decay.
public struct DeepLinearProduct: Sendable, Equatable {
    public let rows: Int, columns: Int
    /// P, rows × columns row-major.
    public let matrix: [Double]
    /// Descending.
    public let singularValues: [Double]

    public init(model: MLP) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the deep-linear product")
        var p = KroneckerJacobian.identity(model.inputSize)
        var r = model.inputSize
        let c = model.inputSize
        for l in 0..<model.layerCount {
            let dOut = model.sizes[l + 1], dIn = model.sizes[l], wo = model.weightOffset(layer: l)
            var next = [Double](repeating: 0, count: dOut * c)
            for a in 0..<dOut { for k in 0..<dIn {
                let w = model.parameters[wo + a * dIn + k]
                if w == 0 { continue }
                for j in 0..<c { next[a * c + j] += w * p[k * c + j] }
            } }
            p = next; r = dOut
        }
        rows = r; columns = c; matrix = p
        singularValues = DeepLinearProduct.singularValues(p, rows: r, columns: c)
    }

    /// Singular values (descending) of a row-major rows × columns matrix, via the smaller Gram matrix.
    public static func singularValues(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        let byRows = rows <= columns
        let m = byRows ? rows : columns
        var g = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in i..<m {
            var s = 0.0
            if byRows { for k in 0..<columns { s += a[i * columns + k] * a[j * columns + k] } }
            else { for k in 0..<rows { s += a[k * columns + i] * a[k * columns + j] } }
            g[i * m + j] = s; g[j * m + i] = s
        } }
        return SymmetricEigensolver.eigenvalues(g, n: m).map { Swift.max($0, 0).squareRoot() }.sorted(by: >)
    }

    /// exp(entropy of σ/Σσ); 0 for the zero matrix.
    public var effectiveRank: Double {
        let total = singularValues.reduce(0, +)
        guard total > 0 else { return 0 }
        var h = 0.0
        for s in singularValues where s > 0 { let p = s / total; h -= p * log(p) }
        return exp(h)
    }

    /// The number of singular values above `relative`·σ_max.
    public func rank(relativeTolerance relative: Double = 1e-3) -> Int {
        let top = singularValues.first ?? 0
        return singularValues.filter { $0 > relative * top }.count
    }
}
