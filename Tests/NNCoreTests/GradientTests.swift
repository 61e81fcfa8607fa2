import Testing
@testable import NNCore

/// Every activation × loss: the backprop gradient of J = loss + ½λ‖θ‖² against central differences of the
/// naive reference objective (an independent implementation), relative error < 1e-6.
struct GradientTests {
    static let cases: [(Activation.Kind, Loss)] =
        Activation.Kind.allCases.flatMap { a in Loss.allCases.map { (a, $0) } }

    @Test(arguments: GradientTests.cases)
    func gradientMatchesCentralDifferences(kind: Activation.Kind, loss: Loss) throws {
        let k = loss == .softmaxCrossEntropy ? 3 : 2
        let act = Activation(kind, alpha: 0.1)
        var model = Reference.model([3, 5, 4, k], [act, act, .linear], seed: 11)
        var rng = SeededRNG(seed: 12)
        for j in model.parameters.indices { model.parameters[j] += 0.1 * rng.nextGaussian() }  // non-zero biases
        let data = Reference.data(n: 7, inputs: 3, outputs: k, loss: loss, seed: 5)
        if act.isPiecewiseLinear && kind != .linear {
            try #require(Reference.minAbsPreactivation(model, data) > 1e-4, "data too close to a kink")
        }
        let objective = Objective(loss: loss, l2: 0.03)
        var ws = BackpropWorkspace(for: model, batchCapacity: 16)
        var g: [Double] = []
        let j = objective.gradient(model: model, data: data, into: &g, workspace: &ws)
        let ref = Reference.objective(model, data, loss, l2: 0.03)
        #expect(Swift.abs(j - ref) <= 1e-13 * Swift.max(1, Swift.abs(ref)))
        let fd = Reference.centralDifference(model) { Reference.objective($0, data, loss, l2: 0.03) }
        #expect(Reference.relativeError(g, fd) < 1e-6)
    }

    @Test func perLayerActivationsIncludingNonlinearOutput() throws {
        let model = Reference.model([2, 4, 3, 3, 2], [.tanh, .leakyRelu(alpha: 0.2), .softplus, .sigmoid],
                                    .uniformFanIn, seed: 3)
        let data = Reference.data(n: 6, inputs: 2, outputs: 2, loss: .mse, seed: 8)
        try #require(Reference.minAbsPreactivation(model, data) > 1e-4)
        var ws = BackpropWorkspace(for: model)
        var g: [Double] = []
        Objective(loss: .mse, l2: 0.5).gradient(model: model, data: data, into: &g, workspace: &ws)
        let fd = Reference.centralDifference(model) { Reference.objective($0, data, .mse, l2: 0.5) }
        #expect(Reference.relativeError(g, fd) < 1e-6)
    }

    @Test func minibatchRowsAndChunkingAgree() throws {
        let model = Reference.model([2, 6, 3], [.tanh, .linear], .he, seed: 4)
        let data = Reference.data(n: 21, inputs: 2, outputs: 3, loss: .softmaxCrossEntropy, seed: 9)
        let obj = Objective(loss: .softmaxCrossEntropy, l2: 0.01)
        // 21 points through chunks of 8 (3 chunks, the last padded) vs one chunk of 24.
        var small = BackpropWorkspace(for: model, batchCapacity: 8)
        var big = BackpropWorkspace(for: model, batchCapacity: 24)
        var g1: [Double] = [], g2: [Double] = []
        let j1 = obj.gradient(model: model, data: data, into: &g1, workspace: &small)
        let j2 = obj.gradient(model: model, data: data, into: &g2, workspace: &big)
        #expect(Swift.abs(j1 - j2) < 1e-14)
        #expect(Reference.relativeError(g1, g2) < 1e-13)
        // A minibatch given by rows (repeats allowed): the mean over those rows only.
        let rows = [20, 3, 3, 7, 0]
        var rng = SeededRNG(seed: 0)
        var g3: [Double] = []
        let j3 = rows.withUnsafeBufferPointer {
            obj.gradient(model: model, data: data, rows: $0, rng: &rng, into: &g3, workspace: &small)
        }
        let ref = Reference.objective(model, data, .softmaxCrossEntropy, l2: 0.01, rows: rows)
        #expect(Swift.abs(j3 - ref) < 1e-13)
        let fd = Reference.centralDifference(model) {
            Reference.objective($0, data, .softmaxCrossEntropy, l2: 0.01, rows: rows)
        }
        #expect(Reference.relativeError(g3, fd) < 1e-6)
    }

    @Test func dropoutGradientMatchesItsOwnObjective() throws {
        let model = Reference.model([2, 8, 8, 1], [.tanh, .tanh, .linear], seed: 5)
        let data = Reference.data(n: 10, inputs: 2, outputs: 1, loss: .bceWithLogits, seed: 2)
        let obj = Objective(loss: .bceWithLogits, l2: 0.1)
        var ws = BackpropWorkspace(for: model)
        let start = SeededRNG(seed: 77)
        // Same generator state every call → the same masks: J is then a smooth function of θ.
        func dropped(_ m: MLP, _ g: inout [Double]) -> Double {
            var r = start
            return obj.gradient(model: m, data: data, rows: nil, dropout: 0.3, rng: &r, into: &g, workspace: &ws)
        }
        var g: [Double] = [], scratch: [Double] = [], plain: [Double] = []
        let j = dropped(model, &g)
        let jPlain = obj.gradient(model: model, data: data, into: &plain, workspace: &ws)
        #expect(j != jPlain)  // the masks did something
        let fd = Reference.centralDifference(model) { dropped($0, &scratch) }
        #expect(Reference.relativeError(g, fd) < 1e-6)
    }

    @Test func predictMatchesReference() {
        let model = Reference.model([2, 7, 5, 3], [.relu, .relu, .linear], .he, seed: 6)
        let data = Reference.data(n: 13, inputs: 2, outputs: 3, loss: .mse, seed: 1)
        let out = model.predict(data.x, count: 13)
        for r in 0..<13 {
            let ref = Reference.forward(model, Array(data.input(r))).out
            for c in 0..<3 { #expect(Swift.abs(out[r * 3 + c] - ref[c]) < 1e-13) }
        }
    }

    @Test func accuracyAndLossAgreeWithReference() throws {
        let model = Reference.model([2, 5, 3], [.tanh, .linear], .he, seed: 7)
        let data = Reference.data(n: 30, inputs: 2, outputs: 3, loss: .softmaxCrossEntropy, seed: 4)
        var ws = BackpropWorkspace(for: model, batchCapacity: 8)
        let e = Objective(loss: .softmaxCrossEntropy).evaluate(model: model, data: data, workspace: &ws)
        var hits = 0
        for r in 0..<30 {
            let o = Reference.forward(model, Array(data.input(r))).out
            let t = Array(data.target(r))
            let best = try #require(o.max())
            if o.firstIndex(of: best) == t.firstIndex(of: 1) { hits += 1 }
        }
        #expect(e.accuracy == Double(hits) / 30)
        #expect(Swift.abs(e.loss - Reference.objective(model, data, .softmaxCrossEntropy, l2: 0)) < 1e-13)
    }

    @Test func bceIsStableForHugeLogits() {
        // σ(±800) saturates; the textbook formula gives inf/NaN, the stable one the exact values.
        var model = MLP(sizes: [1, 1], activations: [.linear])
        model.parameters = [1, 0]
        let data = Dataset(inputSize: 1, targetSize: 1, x: [800, -800, 800], y: [1, 1, 0])
        var ws = BackpropWorkspace(for: model)
        var g: [Double] = []
        let j = Objective(loss: .bceWithLogits).gradient(model: model, data: data, into: &g, workspace: &ws)
        #expect(Swift.abs(j - 1600.0 / 3) < 1e-10)      // losses 0, 800, 800
        // dJ/dw = mean((σ(z) − y)·x) = (0 + (−1)(−800) + (1)(800))/3
        #expect(Swift.abs(g[0] - 1600.0 / 3) < 1e-10)
        #expect(Swift.abs(g[1] - (0 - 1 + 1) / 3.0) < 1e-15)
    }
}
