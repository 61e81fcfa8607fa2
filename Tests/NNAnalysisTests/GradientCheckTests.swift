import Testing
import NNCore
@testable import NNAnalysis

/// `GradientCheck`: backprop agrees with central differences on smooth nets, and a
/// deliberately wrong gradient is caught and located.
@Suite struct GradientCheckTests {
    static func randomModel(_ sizes: [Int], _ act: Activation, seed: UInt64) -> MLP {
        var m = MLP(sizes: sizes, hidden: act)
        var rng = AnalysisRNG(seed: seed)
        m.parameters = m.parameters.map { _ in rng.uniform(-1, 1) }
        return m
    }

    static func randomData(n: Int, d: Int, k: Int, seed: UInt64, binary: Bool = false) -> Dataset {
        var rng = AnalysisRNG(seed: seed)
        let x = (0..<(n * d)).map { _ in rng.uniform(-1.5, 1.5) }
        let y = (0..<(n * k)).map { _ in binary ? (rng.uniform(0, 1) < 0.5 ? 0 : 1) : rng.gaussian() }
        return Dataset(inputSize: d, targetSize: k, x: x, y: y)
    }

    @Test(arguments: [Activation.tanh, .sigmoid, .softplus])
    func smoothNetsBelow1e6(_ act: Activation) throws {
        let model = Self.randomModel([2, 5, 4, 2], act, seed: 3)
        let data = Self.randomData(n: 7, d: 2, k: 2, seed: 4)
        let report = try GradientCheck.run(model: model, objective: Objective(loss: .mse, l2: 0.01), data: data)
        #expect(report.overall.maxRelativeDifference < 1e-6, "\(act): \(report.overall)")
        #expect(report.skippedNearKinks == 0)
        #expect(report.overall.checked == model.parameterCount)
        #expect(report.layers.map(\.name) == ["W1", "b1", "W2", "b2", "W3", "b3"])
        #expect(report.layers.map(\.checked).reduce(0, +) == model.parameterCount)
        #expect(report.passes(threshold: 1e-6))
    }

    @Test func bceAndSoftmaxBelow1e6() throws {
        let model = Self.randomModel([3, 4, 1], .tanh, seed: 5)
        let data = Self.randomData(n: 6, d: 3, k: 1, seed: 6, binary: true)
        let r1 = try GradientCheck.run(model: model, objective: Objective(loss: .bceWithLogits), data: data)
        #expect(r1.overall.maxRelativeDifference < 1e-6, "\(r1.overall)")
        let m3 = Self.randomModel([2, 4, 3], .sigmoid, seed: 7)
        var y = [Double](repeating: 0, count: 18)
        for i in 0..<6 { y[i * 3 + i % 3] = 1 }
        let d3 = Dataset(inputSize: 2, targetSize: 3, x: Self.randomData(n: 6, d: 2, k: 1, seed: 8).x, y: y)
        let r3 = try GradientCheck.run(model: m3, objective: Objective(loss: .softmaxCrossEntropy), data: d3)
        #expect(r3.overall.maxRelativeDifference < 1e-6, "\(r3.overall)")
    }

    /// A gradient with one component 1% off is caught, and the report names that component's layer,
    /// row and column.
    @Test func catchesAWrongGradient() throws {
        let model = Self.randomModel([2, 5, 3, 1], .tanh, seed: 9)
        let data = Self.randomData(n: 5, d: 2, k: 1, seed: 10)
        let objective = Objective(loss: .mse)
        let right = GradientCheck.backpropGradient(objective: objective, data: data)
        let bad = model.weightOffset(layer: 1) + 2 * 5 + 3   // W2[2][3]
        let report = try GradientCheck.run(model: model, objective: objective, data: data) { m in
            var g = right(m)
            g[bad] *= 1.01
            return g
        }
        #expect(!report.passes(threshold: 1e-6))
        #expect(report.overall.maxRelativeDifference > 1e-3)
        #expect(report.overall.index == bad)
        #expect(report.overall.layer == 1 && report.overall.row == 2 && report.overall.column == 3)
        let w2 = try #require(report.layers.first { $0.name == "W2" })
        #expect(w2.maxRelativeDifference > 1e-3)
        // The other groups are still clean.
        for e in report.layers where e.name != "W2" { #expect(e.maxRelativeDifference < 1e-6, "\(e)") }
    }

    /// A classic backprop bug: the first layer's bias gradient forgotten (left at 0).
    @Test func catchesAMissingBiasGradient() throws {
        let model = Self.randomModel([1, 4, 1], .tanh, seed: 11)
        let data = Self.randomData(n: 4, d: 1, k: 1, seed: 12)
        let objective = Objective(loss: .mse)
        let right = GradientCheck.backpropGradient(objective: objective, data: data)
        let report = try GradientCheck.run(model: model, objective: objective, data: data) { m in
            var g = right(m)
            for j in 0..<4 { g[m.biasOffset(layer: 0) + j] = 0 }
            return g
        }
        let b1 = try #require(report.layers.first { $0.name == "b1" })
        #expect(b1.maxRelativeDifference > 0.1)
        #expect(report.overall.name == "all" && report.overall.layer == 0)
    }

    /// ReLU: a data point placed exactly on a unit's kink makes the components that move it across 0
    /// skipped (and reported); the rest agree to 1e-6.
    @Test func reluKinksAreSkippedAndReported() throws {
        var model = Self.randomModel([2, 6, 1], .relu, seed: 13)
        let data = Self.randomData(n: 6, d: 2, k: 1, seed: 14)
        // Put point 0 on unit 0's zero line: b = −w·x.
        let w0 = model.weightOffset(layer: 0), b0 = model.biasOffset(layer: 0)
        model.parameters[b0] = -(model.parameters[w0] * data.x[0] + model.parameters[w0 + 1] * data.x[1])
        let report = try GradientCheck.run(model: model, objective: Objective(loss: .mse), data: data)
        #expect(report.skippedNearKinks >= 1)
        #expect(report.overall.checked == model.parameterCount - report.skippedNearKinks)
        #expect(report.overall.maxRelativeDifference < 1e-6, "\(report.overall)")
    }
}
