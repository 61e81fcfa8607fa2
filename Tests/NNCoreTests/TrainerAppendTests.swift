import Testing
@testable import NNCore

/// `Trainer.appendTrainingPoint`: the run goes on with n + 1 points, keeping θ, optimiser state, RNG and step.
struct TrainerAppendTests {
    static let model = MLP(sizes: [2, 5, 1], activations: [.tanh, .linear], initializer: .he, seed: 7)

    /// Appending before any step is the same as building the trainer on the n + 1 points (bit for bit),
    /// for a minibatch run with shuffling and dropout and for a full-batch run.
    @Test(arguments: [Int?.some(4), nil])
    func appendAtStartEqualsFreshTrainer(batch: Int?) {
        let data = TrainerTests.spiralish(n: 12, seed: 2)
        var config = TrainerTests.busyConfig
        config.batchSize = batch
        var grown = Trainer(model: Self.model, train: data, config: config)
        grown.appendTrainingPoint(x: [0.3, -0.4], y: [1])
        var bigger = data
        bigger.x += [0.3, -0.4]
        bigger.y += [1]
        var fresh = Trainer(model: Self.model, train: bigger, config: config)
        #expect(grown.train == fresh.train)
        #expect(grown.batchSize == fresh.batchSize)
        #expect(grown.batchSize == (batch ?? 13))
        let a = (0..<9).map { _ in grown.step() }
        let b = (0..<9).map { _ in fresh.step() }
        #expect(a == b)
        #expect(grown.model.parameters.map(\.bitPattern) == fresh.model.parameters.map(\.bitPattern))
    }

    /// Mid-run (full batch, momentum): θ, optimiser state, RNG state and counts survive the append, and the
    /// next step is exactly the momentum update with the gradient over all n + 1 points, computed independently.
    @Test func appendMidRunKeepsStateAndNextStepUsesNewPoint() {
        let data = TrainerTests.spiralish(n: 10, seed: 5)
        let config = TrainingConfig(loss: .bceWithLogits, l2: 1e-3, optimizer: .momentum(beta: 0.9, nesterov: false),
                                    learningRate: 0.05, seed: 3)
        var t = Trainer(model: Self.model, train: data, config: config)
        t.run(steps: 3)
        let theta = t.model.parameters, state = t.optimizerState, rng = t.rng.state
        t.appendTrainingPoint(x: [1.5, 1.5], y: [0])
        #expect(t.model.parameters == theta && t.optimizerState == state && t.rng.state == rng)
        #expect(t.stepCount == 3 && t.epochCount == 3 && t.train.count == 11 && t.isFullBatch)
        // Independent: v ← βv + g(θ; all 11 points), θ ← θ − ηv.
        var g = [Double]()
        var ws = BackpropWorkspace(for: t.model, batchCapacity: 3)
        config.objective.gradient(model: t.model, data: t.train, into: &g, workspace: &ws)
        let v0 = state.firstMoment
        #expect(v0.count == theta.count && v0.contains { $0 != 0 })
        let report = t.step()
        #expect(report.batchSize == 11)
        for j in theta.indices {
            let expected = theta[j] - 0.05 * (0.9 * v0[j] + g[j])
            #expect(abs(t.model.parameters[j] - expected) <= 1e-12 * max(1, abs(expected)))
        }
    }

    /// Minibatch mid-epoch: the epoch in progress still visits every point once, the new one included.
    @Test func minibatchEpochVisitsNewPoint() {
        let data = TrainerTests.spiralish(n: 9, seed: 8)
        var t = Trainer(model: Self.model, train: data, config: TrainingConfig(loss: .bceWithLogits, batchSize: 4, seed: 1))
        var seen = [Int]()
        t.step(); seen += t.lastBatchIndices
        t.appendTrainingPoint(x: [0, 0], y: [1])
        while t.epochCount == 0 { t.step(); seen += t.lastBatchIndices }
        #expect(seen.sorted() == Array(0..<10))
        #expect(t.batchSize == 4)
    }
}
