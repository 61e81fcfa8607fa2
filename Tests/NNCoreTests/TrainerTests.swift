import Testing
@testable import NNCore

struct TrainerTests {
    static func spiralish(n: Int, seed: UInt64) -> Dataset {
        var r = SeededRNG(seed: seed)
        var x = [Double](), y = [Double]()
        for i in 0..<n {
            let a = r.nextDouble(in: -2, 2), b = r.nextDouble(in: -2, 2)
            x += [a, b]
            y.append(a * a + b * b > 1.5 ? 1 : Double(i % 7 == 0 ? 1 : 0))
        }
        return Dataset(inputSize: 2, targetSize: 1, x: x, y: y)
    }

    static let busyConfig = TrainingConfig(
        loss: .bceWithLogits, l2: 1e-3, optimizer: .adamwDefault, learningRate: 0.01,
        schedule: LearningRateSchedule(.cosine(totalSteps: 40, floor: 1e-3), warmupSteps: 5), batchSize: 7,
        dropout: 0.2, clipNorm: 0.5, seed: 99)

    @Test func sameSeedGivesBitIdenticalParameters() {
        let data = Self.spiralish(n: 30, seed: 1)
        let model = MLP(sizes: [2, 8, 8, 1], activations: [.tanh, .relu, .linear], initializer: .he, seed: 3)
        var a = Trainer(model: model, train: data, config: Self.busyConfig)
        var b = Trainer(model: model, train: data, config: Self.busyConfig)
        let ra = (0..<25).map { _ in a.step() }
        let rb = (0..<25).map { _ in b.step() }
        #expect(ra == rb)
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
        #expect(a.model.parameters != model.parameters)
        var other = Self.busyConfig
        other.seed = 100
        var c = Trainer(model: model, train: data, config: other)
        c.run(steps: 25)
        #expect(c.model.parameters != a.model.parameters)
    }

    @Test func everyPointOncePerEpochAndReshuffled() {
        let data = Self.spiralish(n: 20, seed: 2)
        let model = MLP(sizes: [2, 3, 1], activations: [.tanh, .linear], initializer: .xavier, seed: 1)
        var t = Trainer(model: model, train: data, config: TrainingConfig(loss: .bceWithLogits, batchSize: 7))
        var epochs: [[Int]] = []
        for _ in 0..<2 {
            var seen: [Int] = []
            var sizes: [Int] = []
            var ends: [Bool] = []
            for _ in 0..<3 {
                let r = t.step()
                seen += t.lastBatchIndices
                sizes.append(r.batchSize)
                ends.append(r.endOfEpoch)
            }
            #expect(sizes == [7, 7, 6])  // last partial batch kept
            #expect(ends == [false, false, true])
            #expect(seen.sorted() == Array(0..<20))
            epochs.append(seen)
        }
        #expect(epochs[0] != epochs[1])
        #expect(t.epochCount == 2 && t.stepCount == 6)
    }

    @Test func fullBatchStepEqualsObjectivePlusOptimizer() {
        let data = Self.spiralish(n: 12, seed: 4)
        let model = MLP(sizes: [2, 5, 1], activations: [.softplus, .linear], initializer: .uniformFanIn, seed: 2)
        let config = TrainingConfig(loss: .bceWithLogits, l2: 0.01, optimizer: .momentum(beta: 0.9, nesterov: true),
                                    learningRate: 0.1)
        var t = Trainer(model: model, train: data, config: config)
        var m = model
        var opt = OptimizerState(config.optimizer, parameterCount: m.parameterCount)
        var ws = BackpropWorkspace(for: m)
        var g: [Double] = []
        for _ in 0..<3 {
            let r = t.step()
            let j = config.objective.gradient(model: m, data: data, into: &g, workspace: &ws)
            #expect(r.loss == j && r.endOfEpoch)
            opt.update(parameters: &m.parameters, gradient: g, learningRate: 0.1)
        }
        #expect(t.model.parameters == m.parameters)
        #expect(t.epochCount == 3)
    }

    @Test func clippingRescalesToTheNorm() {
        let data = Self.spiralish(n: 10, seed: 5)
        let model = MLP(sizes: [2, 4, 1], activations: [.tanh, .linear], initializer: .he, seed: 5)
        var t = Trainer(model: model, train: data,
                        config: TrainingConfig(loss: .bceWithLogits, learningRate: 1, clipNorm: 1e-3))
        let r = t.step()
        #expect(r.clipped && r.gradientNorm > 1e-3)
        let moved = zip(t.model.parameters, model.parameters).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        #expect(Swift.abs(moved - 1e-3 * r.gradientNorm / (r.gradientNorm + 1e-6)) < 1e-15)
    }

    @Test func earlyStoppingRestoresBestWeights() throws {
        // Train targets +1, test targets −1: every epoch makes the test loss worse after the first.
        let train = Dataset(inputSize: 1, targetSize: 1, x: [0, 0.5], y: [1, 1])
        let test = Dataset(inputSize: 1, targetSize: 1, x: [0, 0.5], y: [-1, -1])
        let model = MLP(sizes: [1, 1], activations: [.linear])
        let config = TrainingConfig(loss: .mse, learningRate: 0.1, earlyStoppingPatience: 2)
        var t = Trainer(model: model, train: train, test: test, config: config)
        var once = Trainer(model: model, train: train, config: config)
        once.step()
        let reports = (0..<5).map { _ in t.step() }
        #expect(reports.map(\.stopped) == [false, false, true, true, true])
        #expect(t.isStopped && t.stepCount == 3 && t.bestStep == 1)
        #expect(t.model.parameters == once.model.parameters)  // θ after the first epoch, the best one
        let first = try #require(reports[0].testLoss), second = try #require(reports[1].testLoss)
        #expect(second > first && t.bestTestLoss == first)
    }

    @Test func divergenceIsReportedNotHidden() throws {
        let data = Dataset(inputSize: 1, targetSize: 1, x: [1, 2, 3], y: [1, 0, 1])
        let model = MLP(sizes: [1, 4, 1], activations: [.relu, .linear], initializer: .he, seed: 1)
        var t = Trainer(model: model, train: data, config: TrainingConfig(loss: .mse, learningRate: 1e8))
        let lastReport = t.run(steps: 50)
        let last = try #require(lastReport)
        let d = try #require(last.divergence)
        #expect(t.divergence == d && d.step == t.stepCount && d.step < 50)
        let before = t.model.parameters, steps = t.stepCount
        let again = t.step()
        #expect(again.divergence == d && t.stepCount == steps)
        #expect(t.model.parameters.map(\.bitPattern) == before.map(\.bitPattern))
        // NaN in the data: the loss is NaN on step 1 and θ is left untouched.
        let bad = Dataset(inputSize: 1, targetSize: 1, x: [1, .nan], y: [1, 0])
        let linear = MLP(sizes: [1, 1], activations: [.linear], initializer: .uniformFanIn, seed: 2)
        var u = Trainer(model: linear, train: bad, config: TrainingConfig(loss: .mse, learningRate: 0.1))
        let r = u.step()
        #expect(r.divergence?.reason == .nonFiniteLoss && r.divergence?.step == 1)
        #expect(u.model.parameters == linear.parameters)
        // Through a ReLU layer relu(NaN) = 0 hides the NaN from the loss, but not from the gradient.
        var v = Trainer(model: model, train: bad, config: TrainingConfig(loss: .mse, learningRate: 0.1))
        #expect(v.step().divergence?.reason == .nonFiniteGradient)
    }

    @Test func trainingReducesTheLoss() {
        let data = Self.spiralish(n: 64, seed: 6)
        let model = MLP(sizes: [2, 16, 16, 1], activations: [.relu, .relu, .linear], initializer: .he, seed: 8)
        var t = Trainer(model: model, train: data,
                        config: TrainingConfig(loss: .bceWithLogits, optimizer: .adamDefault, learningRate: 0.01,
                                               batchSize: 16))
        let before = t.evaluate(data)
        t.run(steps: 200)
        let after = t.evaluate(data)
        #expect(after.loss < 0.6 * before.loss)
        #expect((after.accuracy ?? 0) > 0.85)
    }
}

struct TrainerControlTests {
    @Test func setLearningRateKeepsStateAndChangesTheStep() {
        let data = TrainerTests.spiralish(n: 16, seed: 3)
        let model = MLP(sizes: [2, 4, 1], activations: [.tanh, .linear], initializer: .he, seed: 4)
        let config = TrainingConfig(loss: .bceWithLogits, optimizer: .momentum(beta: 0.9, nesterov: false),
                                    learningRate: 0.1)
        var a = Trainer(model: model, train: data, config: config)
        a.run(steps: 3)
        var b = a
        b.setLearningRate(0.05)
        let theta3 = a.model.parameters
        let ra = a.step(), rb = b.step()
        #expect(ra.learningRate == 0.1 && rb.learningRate == 0.05)
        #expect(ra.loss == rb.loss)  // same θ and state before the step
        #expect(a.optimizerState.firstMoment == b.optimizerState.firstMoment)
        // Heavy ball: θ⁺ = θ − η·b with the same buffer b, so the moves differ by the ratio of the rates.
        for j in theta3.indices {
            let da = theta3[j] - a.model.parameters[j], db = theta3[j] - b.model.parameters[j]
            #expect(Swift.abs(da - 2 * db) <= 1e-15 * Swift.max(1, Swift.abs(theta3[j])))
        }
        #expect(b.stepCount == 4 && b.optimizerState.updateCount == 4)
    }
}

@Suite struct WideChunkTests {
    /// Chunks shrink for wide networks (samples × summed widths ≤ 2^22), so a full batch of a million points
    /// through a 4096-wide layer holds about a thousand samples' activations at a time.
    @Test func wideNetworksUseSmallerChunks() {
        let wide = MLP(sizes: [2, 4096, 1], hidden: .relu, initializer: .he, seed: 1)
        #expect(Trainer.workspaceCapacity(wide, 1_000_000) == (1 << 22) / 4099)
        let narrow = MLP(sizes: [2, 16, 1], hidden: .relu, initializer: .he, seed: 1)
        #expect(Trainer.workspaceCapacity(narrow, 1_000_000) == 4096)
        #expect(Trainer.workspaceCapacity(narrow, 100) == 100)
    }
}
