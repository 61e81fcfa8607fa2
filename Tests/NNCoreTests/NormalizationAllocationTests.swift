#if canImport(Glibc)
import Testing
@testable import NNCore

/// The normalised path keeps the training loop allocation-free (workspace buffers sized at init; the
/// running statistics updated in place). Skipped where the runtime lacks the allocation hook.
@Suite(.enabled(if: AllocationCounter.isAvailable, "the Swift runtime's allocation hook is missing"))
struct NormalizationAllocationTests {
    @Test(arguments: [Normalization.Kind.layer, .batch])
    func normalisedTrainingStepsDoNotAllocate(_ kind: Normalization.Kind) throws {
        let train = Reference.data(n: 40, inputs: 2, outputs: 1, loss: .bceWithLogits, seed: 1)
        let test = Reference.data(n: 11, inputs: 2, outputs: 1, loss: .bceWithLogits, seed: 2)
        let norm = Normalization(kind)
        let model = MLP(sizes: [2, 9, 6, 1], activations: [.tanh, .relu, .linear], normalizations: [norm, norm, .none],
                        initializer: .he, seed: 3)
        let config = TrainingConfig(
            loss: .bceWithLogits, l2: 1e-4, optimizer: .adamwDefault, learningRate: 1e-3, batchSize: 16, dropout: 0.1,
            clipNorm: 1, earlyStoppingPatience: 1000, seed: 4)
        var trainer = Trainer(model: model, train: train, test: test, config: config)
        let n = AllocationCounter.allocations { for _ in 0..<50 { trainer.step() } }
        #expect(try #require(n) == 0)
        for _ in 0..<50 { trainer.step() }
        #expect(trainer.stepCount == 50 && trainer.divergence == nil)
        #expect(kind == .layer || trainer.model.runningStatistics != MLP(sizes: [2, 9, 6, 1], activations: [.tanh, .relu, .linear],
                                                                           normalizations: [norm, norm, .none]).runningStatistics)
    }
}
#endif
