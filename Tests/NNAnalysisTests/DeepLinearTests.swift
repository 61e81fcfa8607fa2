import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// `DeepLinearProduct`: the end-to-end matrix and its singular values, and the lecture's claim that
/// training a deep linear net drives its effective rank down (to the rank of the target map).
@Suite struct DeepLinearTests {
    /// P = W₂W₁ against a hand product; singular values of a known matrix (diag(3, 2)·rotation).
    @Test func productAndSingularValues() throws {
        var m = MLP(sizes: [2, 2, 2], activations: [.linear, .linear])
        let c = cos(0.3), s = sin(0.3)
        m.parameters = [c, -s, s, c, 0, 0, 3, 0, 0, 2, 0, 0]  // W1 = rotation, W2 = diag(3, 2), zero biases
        let p = try DeepLinearProduct(model: m)
        let expected = [3 * c, -3 * s, 2 * s, 2 * c]
        #expect(zip(p.matrix, expected).allSatisfy { Swift.abs($0 - $1) < 1e-14 })
        #expect(Swift.abs(p.singularValues[0] - 3) < 1e-12 && Swift.abs(p.singularValues[1] - 2) < 1e-12)
        let wide = DeepLinearProduct.singularValues([1, 0, 0, 0, 2, 0], rows: 2, columns: 3)
        #expect(Swift.abs(wide[0] - 2) < 1e-14 && Swift.abs(wide[1] - 1) < 1e-14)
        let tall = DeepLinearProduct.singularValues([1, 0, 0, 2, 0, 0], rows: 3, columns: 2)
        #expect(Swift.abs(tall[0] - 2) < 1e-14 && Swift.abs(tall[1] - 1) < 1e-14)
    }

    /// A [5,5,5,5,5] linear net from a near-identity init W_ℓ = I + 0.1·noise (effective rank ≈ 5) trained by full-batch GD on a
    /// rank-2 target y = A x: the product's effective rank falls towards 2 and the 3 smallest singular
    /// values decay.
    @Test func trainingLowersTheEffectiveRank() throws {
        var rng = AnalysisRNG(seed: 31)
        let d = 5, n = 40
        let u = (0..<(d * 2)).map { _ in rng.gaussian() }, v = (0..<(d * 2)).map { _ in rng.gaussian() }
        var a = [Double](repeating: 0, count: d * d)   // A = U Vᵀ / √d, rank 2
        for i in 0..<d { for j in 0..<d { a[i * d + j] = (u[i * 2] * v[j * 2] + u[i * 2 + 1] * v[j * 2 + 1]) / Double(d).squareRoot() } }
        let x = (0..<(n * d)).map { _ in rng.gaussian() }
        var y = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for r in 0..<d { for k in 0..<d { y[i * d + r] += a[r * d + k] * x[i * d + k] } } }
        let data = Dataset(inputSize: d, targetSize: d, x: x, y: y)
        var model = MLP(sizes: [5, 5, 5, 5, 5], activations: Array(repeating: .linear, count: 4))
        for l in 0..<4 {
            for i in 0..<25 { model.parameters[model.weightOffset(layer: l) + i] = (i % 6 == 0 ? 1 : 0) + 0.1 * rng.gaussian() }
        }
        let before = try DeepLinearProduct(model: model)
        var trainer = Trainer(model: model, train: data,
                              config: TrainingConfig(loss: .mse, optimizer: .sgd, learningRate: 0.1, seed: 1))
        _ = trainer.run(steps: 800)
        let after = try DeepLinearProduct(model: trainer.model)
        #expect(before.effectiveRank > 4, "\(before.singularValues)")
        #expect(after.effectiveRank < before.effectiveRank - 1, "\(before.effectiveRank) → \(after.effectiveRank)")
        #expect(after.rank(relativeTolerance: 0.1) == 2, "\(after.singularValues)")
    }
}
