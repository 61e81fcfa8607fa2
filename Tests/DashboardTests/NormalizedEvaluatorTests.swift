import NNCore
import Testing
@testable import Dashboard
@testable import PaneModels

/// The dashboard draws normalised nets with its own per-point evaluator: it must agree with NNCore's
/// inference-mode kernels (LayerNorm per point, BatchNorm with the running statistics).
struct NormalizedEvaluatorTests {
    @Test(arguments: [Normalization.Kind.layer, .batch])
    func evaluatorAgreesWithInferenceKernels(_ kind: Normalization.Kind) {
        let n = Normalization(kind, epsilon: 1e-3, momentum: 0.3)
        var net = MLP(sizes: [2, 5, 4, 2], activations: [.tanh, .relu, .linear], normalizations: [n, n, .none],
                      initializer: .xavier, seed: 3)
        var rng = SeededRNG(seed: 4)
        for j in net.parameters.indices { net.parameters[j] += 0.3 * rng.nextGaussian() }
        for j in net.runningStatistics.indices { net.runningStatistics[j] = 0.5 + 0.4 * rng.nextDouble() }
        let xs = (0..<14).map { _ in rng.nextGaussian() }
        let kernel = net.predict(xs, count: 7)
        var eval = MLPEvaluator(net)
        for i in 0..<7 {
            let out = Array(eval(Array(xs[(2 * i)..<(2 * i + 2)])))
            for c in 0..<2 { #expect(Swift.abs(out[c] - kernel[i * 2 + c]) < 1e-12) }
        }
        let labels = SnapshotAdapter.network(net).layers.map(\.activation)
        #expect(labels == (kind == .layer ? ["LN tanh", "LN relu", "linear"] : ["BN tanh", "BN relu", "linear"]))
    }
}
