import Testing
import NNCore
@testable import NNAnalysis

/// df_ℓ/dvec(W_ℓ): φ_{ℓ−1}ᵀ ⊗ I (column stacking) and I ⊗ φ_{ℓ−1}ᵀ (row stacking) equal autodiff, both modes.
@Suite struct KroneckerJacobianTests {
    @Test func kronOfSmallMatrices() {
        // [1 2] ⊗ [[0,1],[1,0]] = [[0,1,0,2],[1,0,2,0]]
        let k = KroneckerJacobian.kron([1, 2], rows: 1, columns: 2, [0, 1, 1, 0], rows: 2, columns: 2)
        #expect(k == [0, 1, 0, 2, 1, 0, 2, 0])
    }

    @Test(arguments: KroneckerJacobian.Stacking.allCases)
    func formulaEqualsAutodiff(_ stacking: KroneckerJacobian.Stacking) {
        var model = MLP(sizes: [3, 4, 5, 2], hidden: .tanh)
        var rng = AnalysisRNG(seed: 21)
        model.parameters = model.parameters.map { _ in rng.uniform(-1, 1) }
        let x = [0.3, -0.7, 1.1]
        for l in 0..<model.layerCount {
            let f = KroneckerJacobian.formula(model: model, layer: l, input: x, stacking: stacking)
            let dOut = model.sizes[l + 1], dIn = model.sizes[l]
            #expect(f.count == dOut * dOut * dIn)
            for mode in KroneckerJacobian.Mode.allCases {
                let a = KroneckerJacobian.autodiff(model: model, layer: l, input: x, stacking: stacking, mode: mode)
                #expect(maxAbsDiff(a, f) < 1e-12, "layer \(l) \(stacking) \(mode)")
            }
        }
    }

    /// The two stackings differ (for d_ℓ, d_{ℓ−1} > 1) and are column permutations of each other.
    @Test func stackingsArePermutations() {
        var model = MLP(sizes: [3, 4, 1], hidden: .sigmoid)
        var rng = AnalysisRNG(seed: 22)
        model.parameters = model.parameters.map { _ in rng.uniform(-1, 1) }
        let x = [0.5, 1.5, -2.0]
        let c = KroneckerJacobian.formula(model: model, layer: 0, input: x, stacking: .column)
        let r = KroneckerJacobian.formula(model: model, layer: 0, input: x, stacking: .row)
        #expect(c != r)
        // row-stacked column a·dIn + b == column-stacked column b·dOut + a.
        for row in 0..<4 { for a in 0..<4 { for b in 0..<3 {
            #expect(r[row * 12 + a * 3 + b] == c[row * 12 + b * 4 + a])
        } } }
    }
}
