import Testing
@testable import NNSession
import NNCore

/// The lecture's two experiments, reproduced through the shipped presets.
@Suite struct LectureClaimTests {
    /// y = x₁² + x₂² + 0.1ε, 200 points, [2,10,10,1] ReLU, SGD lr 0.01: the loss falls clearly
    /// (50 epochs of minibatches of 10, as the lecture's run).
    @Test func lectureRegression2DTrains() throws {
        let preset = try PresetLibrary.load("lecture-regression-2d")
        #expect(preset.model.layers == [2, 10, 10, 1] && preset.data.count == 200)
        #expect(preset.training.optimizer.name == .sgd && preset.training.optimizer.lr == 0.01)
        var session = try Session(preset: preset)
        let start = session.metrics.trainObjective
        session.step(50 * 20)
        #expect(session.epoch == 50)
        let end = session.metrics.trainObjective
        #expect(end < 0.25 * start, "loss \(start) -> \(end)")
        // And it clearly beats the best constant predictor (whose loss is the variance of y).
        let y = session.data.train.y
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        #expect(end < 0.5 * variance, "loss \(end) vs variance \(variance)")
    }

    /// The circle classifier: [2,8,8,8,8,8,8,1], BCE, lr 0.1, reaches >= 95% training accuracy.
    /// SGD at lr 0.1 with minibatches of 32 is noisy from epoch to epoch (with this seed 93-100% between
    /// epochs 75 and 300), so the claim is checked as stated: the run REACHES 95% within 100 epochs
    /// (measured every 5 epochs), and stays above 90% at the end. 1000 steps keep the debug-build cost low.
    @Test func circleReaches95Percent() throws {
        let preset = try PresetLibrary.load("circle")
        #expect(preset.model.layers == [2, 8, 8, 8, 8, 8, 8, 1])
        #expect(preset.training.loss == .bceWithLogits && preset.training.optimizer.lr == 0.1)
        #expect(preset.data.kind == .disc)
        // A small history: metrics are evaluated only where the history keeps a row (debug-build cost).
        var session = try Session(preset: preset, historyCapacity: 8)
        var accuracies: [Double] = []
        for _ in 0..<20 {
            session.step(50)
            accuracies.append(try #require(session.metrics.accuracy))
        }
        #expect(session.epoch == 100)
        #expect(accuracies.max() ?? 0 >= 0.95, "accuracies every 5 epochs: \(accuracies)")
        #expect(accuracies.last ?? 0 >= 0.9, "accuracies every 5 epochs: \(accuracies)")
    }
}
