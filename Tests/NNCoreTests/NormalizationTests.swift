import Foundation
import Testing
@testable import NNCore

/// A naive LayerNorm/BatchNorm network (nested arrays, all samples at once, scalar libm): the oracle for
/// the kernels' normalised path.
enum NormReference {
    /// Activation inputs U_l of every layer and the outputs, for all samples (sample-major nested arrays).
    static func forward(_ m: MLP, _ data: Dataset, mode: NormalizationMode) -> (u: [[[Double]]], out: [[Double]]) {
        var a = (0..<data.count).map { Array(data.input($0)) }
        var us: [[[Double]]] = []
        for l in 0..<m.layerCount {
            let W = m.weightMatrix(layer: l), b = m.biasVector(layer: l), d = b.count
            var f = a.map { x in (0..<d).map { o in b[o] + (0..<x.count).reduce(0.0) { $0 + W[o][$1] * x[$1] } } }
            let norm = m.normalizations[l]
            if let (gamma, beta) = m.normalizationParameters(layer: l) {
                let n = f.count
                var mean = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
                var variance = mean
                for i in 0..<n { for o in 0..<d {
                    switch (norm.kind, mode) {
                    case (.layer, _):
                        let mu = f[i].reduce(0, +) / Double(d)
                        mean[i][o] = mu
                        variance[i][o] = f[i].map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(d)
                    case (.batch, .training):
                        let mu = f.map { $0[o] }.reduce(0, +) / Double(n)
                        mean[i][o] = mu
                        variance[i][o] = f.map { ($0[o] - mu) * ($0[o] - mu) }.reduce(0, +) / Double(n)
                    case (.batch, .inference):
                        let ro = m.runningStatisticsOffset(layer: l)
                        mean[i][o] = m.runningStatistics[ro + o]
                        variance[i][o] = m.runningStatistics[ro + d + o]
                    case (.none, _): break
                    }
                } }
                f = (0..<n).map { i in (0..<d).map { o in
                    gamma[o] * (f[i][o] - mean[i][o]) / sqrt(variance[i][o] + norm.epsilon) + beta[o]
                } }
            }
            us.append(f)
            a = f.map { $0.map { m.activations[l].value($0) } }
        }
        return (us, a)
    }

    static func objective(_ m: MLP, _ data: Dataset, _ loss: Loss, l2: Double, mode: NormalizationMode = .training) -> Double {
        let out = forward(m, data, mode: mode).out
        var s = 0.0
        for i in 0..<data.count { s += Reference.loss(loss, out: out[i], y: Array(data.target(i))) }
        let norm = Double(loss == .softmaxCrossEntropy ? data.count : data.count * data.targetSize)
        return s / norm + 0.5 * l2 * m.parameters.map { $0 * $0 }.reduce(0, +)
    }

    /// A normalised net [3, 5, 4, k] with perturbed γ, β and biases (so nothing sits at a symmetric point).
    static func model(_ norm: Normalization, _ act: Activation, k: Int, seed: UInt64) -> MLP {
        var m = MLP(sizes: [3, 5, 4, k], activations: [act, act, .linear], normalizations: [norm, norm, .none],
                    initializer: .xavier, seed: seed)
        var rng = SeededRNG(seed: seed &+ 1)
        for j in m.parameters.indices { m.parameters[j] += 0.2 * rng.nextGaussian() }
        return m
    }
}

struct NormalizationTests {
    static let cases: [(Normalization.Kind, Activation.Kind, Loss)] =
        [Normalization.Kind.layer, .batch].flatMap { n in
            [Activation.Kind.tanh, .sigmoid, .softplus, .leakyRelu].flatMap { a in Loss.allCases.map { (n, a, $0) } }
        }

    @Test(arguments: NormalizationTests.cases)
    func gradientMatchesCentralDifferences(norm: Normalization.Kind, kind: Activation.Kind, loss: Loss) throws {
        let k = loss == .softmaxCrossEntropy ? 3 : 2
        let act = Activation(kind, alpha: 0.1)
        let model = NormReference.model(Normalization(norm), act, k: k, seed: 21)
        let data = Reference.data(n: 7, inputs: 3, outputs: k, loss: loss, seed: 5)
        if kind == .leakyRelu {
            let u = NormReference.forward(model, data, mode: .training).u.dropLast().joined().joined()
            try #require(u.map { Swift.abs($0) }.min() ?? 0 > 1e-4, "data too close to a kink")
        }
        let objective = Objective(loss: loss, l2: 0.03)
        var ws = BackpropWorkspace(for: model, batchCapacity: 16)
        var g: [Double] = []
        let j = objective.gradient(model: model, data: data, into: &g, workspace: &ws)
        let ref = NormReference.objective(model, data, loss, l2: 0.03)
        #expect(Swift.abs(j - ref) <= 1e-12 * Swift.max(1, Swift.abs(ref)))
        let fd = Reference.centralDifference(model) { NormReference.objective($0, data, loss, l2: 0.03) }
        #expect(Reference.relativeError(g, fd) < 1e-6)
        if norm == .batch {
            // b_ℓ of a BatchNorm layer cancels in (f − μ): its gradient is the L2 term alone.
            for l in 0..<2 {
                let bo = model.biasOffset(layer: l)
                for o in 0..<model.sizes[l + 1] { #expect(Swift.abs(g[bo + o] - 0.03 * model.parameters[bo + o]) < 1e-12) }
            }
        }
    }

    @Test func layoutAndInitialisation() {
        let plain = MLP(sizes: [2, 4, 3, 1], activations: [.relu, .relu, .linear], initializer: .he, seed: 9)
        let normed = MLP(sizes: [2, 4, 3, 1], activations: [.relu, .relu, .linear],
                         normalizations: [.layer, .batch, .none], initializer: .he, seed: 9)
        #expect(MLP.parameterCount(sizes: [2, 4, 3, 1]) == plain.parameterCount)
        #expect(normed.parameterCount == plain.parameterCount + 2 * 4 + 2 * 3)
        // θ = W1 b1 γ1 β1 W2 b2 γ2 β2 W3 b3; W and b drawn exactly as without normalisation.
        #expect(normed.weightOffset(layer: 1) == 2 * 4 + 4 + 8)
        #expect(normed.gammaOffset(layer: 0) == 12 && normed.gammaOffset(layer: 1) == 20 + 12 + 3)
        for l in 0..<3 {
            #expect(normed.weightMatrix(layer: l) == plain.weightMatrix(layer: l))
            #expect(normed.biasVector(layer: l) == plain.biasVector(layer: l))
        }
        #expect(normed.normalizationParameters(layer: 0)?.gamma == [1, 1, 1, 1])
        #expect(normed.normalizationParameters(layer: 1)?.beta == [0, 0, 0])
        #expect(normed.normalizationParameters(layer: 2) == nil)
        #expect(normed.runningStatistics == [0, 0, 0, 1, 1, 1])
        #expect(plain.runningStatistics.isEmpty && !plain.isNormalized && normed.hasBatchNormalization)
    }

    /// Chunking: LayerNorm is per sample (any chunk size); BatchNorm needs one chunk, which `Objective`
    /// arranges itself when the workspace is smaller than the data.
    @Test(arguments: [Normalization.Kind.layer, .batch])
    func chunkSizeDoesNotMatter(_ kind: Normalization.Kind) {
        let model = NormReference.model(Normalization(kind), .tanh, k: 3, seed: 4)
        let data = Reference.data(n: 21, inputs: 3, outputs: 3, loss: .softmaxCrossEntropy, seed: 9)
        let obj = Objective(loss: .softmaxCrossEntropy, l2: 0.01)
        var small = BackpropWorkspace(for: model, batchCapacity: 8)
        var big = BackpropWorkspace(for: model, batchCapacity: 24)
        var g1: [Double] = [], g2: [Double] = []
        let j1 = obj.gradient(model: model, data: data, into: &g1, workspace: &small)
        let j2 = obj.gradient(model: model, data: data, into: &g2, workspace: &big)
        #expect(Swift.abs(j1 - j2) < 1e-13)
        #expect(Reference.relativeError(g1, g2) < 1e-12)
        #expect(Swift.abs(obj.evaluate(model: model, data: data, workspace: &small).objective - j2) < 1e-13)
    }

    /// Evaluation mode: BatchNorm uses the running statistics, u = γ (f − m)/√(v + ε) + β, per sample.
    @Test func inferenceUsesRunningStatistics() {
        var m = MLP(sizes: [1, 2, 1], activations: [.linear, .linear], normalizations: [Normalization(.batch, epsilon: 0.01), .none])
        // W1 = [2, −1]ᵀ, b1 = [0.5, 0], γ = [3, 1], β = [0.25, −1], W2 = [1, 2], b2 = 0.1.
        m.parameters = [2, -1, 0.5, 0, 3, 1, 0.25, -1, 1, 2, 0.1]
        m.runningStatistics = [1, -0.5, 4, 0.25]   // means (1, −0.5), variances (4, 0.25)
        let xs = [0.3, -1.2, 2.0]
        let out = m.predict(xs, count: 3)
        for (i, x) in xs.enumerated() {
            let u1 = 3 * (2 * x + 0.5 - 1) / (4.01).squareRoot() + 0.25
            let u2 = 1 * (-x + 0.5) / (0.26).squareRoot() - 1
            #expect(Swift.abs(out[i] - (u1 + 2 * u2 + 0.1)) < 1e-13)
        }
        // The per-point helper the dashboard draws with agrees.
        var f = [2 * 0.3 + 0.5, -0.3]
        m.normalizeForInference(layer: 0, &f)
        #expect(Swift.abs(f[0] - (3 * (0.6 + 0.5 - 1) / (4.01).squareRoot() + 0.25)) < 1e-15)
        // The test-loss mode agrees; the training mode (batch statistics) differs.
        let data = Dataset(inputSize: 1, targetSize: 1, x: xs, y: [0, 0, 0])
        var ws = BackpropWorkspace(for: m, batchCapacity: 8)
        let eval = Objective(loss: .mse).evaluate(model: m, data: data, workspace: &ws, mode: .inference).loss
        #expect(Swift.abs(eval - out.map { $0 * $0 }.reduce(0, +) / 3) < 1e-13)
        let train = Objective(loss: .mse).evaluate(model: m, data: data, workspace: &ws).loss
        #expect(Swift.abs(train - NormReference.objective(m, data, .mse, l2: 0)) < 1e-13)
        #expect(Swift.abs(train - eval) > 1e-3)
    }

    /// One full-batch step: running mean ← 0.9·0 + 0.1·μ_B, running var ← 0.9·1 + 0.1·σ²_B·n/(n − 1),
    /// with μ_B, σ²_B the pre-activation statistics at the θ the step started from.
    @Test func runningStatisticsFollowTheBatch() {
        let model = NormReference.model(.batch, .tanh, k: 1, seed: 3)
        let data = Reference.data(n: 10, inputs: 3, outputs: 1, loss: .mse, seed: 2)
        let config = TrainingConfig(loss: .mse, optimizer: .sgd, learningRate: 0.01, seed: 1)
        var trainer = Trainer(model: model, train: data, config: config)
        trainer.step()
        // Layer 1's pre-activations at the starting θ.
        let W = model.weightMatrix(layer: 0), b = model.biasVector(layer: 0)
        for o in 0..<5 {
            let f = (0..<10).map { i in b[o] + (0..<3).reduce(0.0) { $0 + W[o][$1] * data.x[i * 3 + $1] } }
            let mu = f.reduce(0, +) / 10
            let v = f.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 10
            #expect(Swift.abs(trainer.model.runningStatistics[o] - 0.1 * mu) < 1e-14)
            #expect(Swift.abs(trainer.model.runningStatistics[5 + o] - (0.9 + 0.1 * v * 10 / 9)) < 1e-14)
        }
        // A restored state carries them bit for bit.
        var other = Trainer(model: model, train: data, config: config)
        #expect(throws: Never.self) { try other.restore(trainer.savedState) }
        #expect(other.model.runningStatistics == trainer.model.runningStatistics)
        trainer.step(); other.step()
        #expect(other.model.parameters == trainer.model.parameters)
        #expect(other.model.runningStatistics == trainer.model.runningStatistics)
    }
}
