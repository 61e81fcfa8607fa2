import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// LayerNorm and BatchNorm in the analysis: the dual-number engine's gradient against NNCore's backprop,
/// HVPs against finite differences of the gradient, the full Hessian against HVP columns and its symmetry.
struct NormalizedHessianTests {
    /// [2, 4, 3, k], both hidden layers normalised, θ perturbed so nothing sits at γ = 1, β = 0.
    static func model(_ kind: Normalization.Kind, _ act: Activation, k: Int, seed: UInt64) -> MLP {
        let n = Normalization(kind)
        var m = MLP(sizes: [2, 4, 3, k], activations: [act, act, .linear], normalizations: [n, n, .none],
                    initializer: .xavier, seed: seed)
        var rng = AnalysisRNG(seed: seed &+ 7)
        for j in m.parameters.indices { m.parameters[j] += 0.3 * rng.gaussian() }
        return m
    }

    static func data(_ loss: Loss, k: Int, n: Int = 9) -> Dataset {
        var d = randomData(n: n, inputs: 2, targets: k, seed: 17, binary: loss == .bceWithLogits)
        if loss == .softmaxCrossEntropy {
            for i in 0..<n { for c in 0..<k { d.y[i * k + c] = c == i % k ? 1 : 0 } }
        }
        return d
    }

    static func backprop(_ m: MLP, _ d: Dataset, _ loss: Loss, l2: Double) -> [Double] {
        var ws = BackpropWorkspace(for: m, batchCapacity: 16)
        var g: [Double] = []
        Objective(loss: loss, l2: l2).gradient(model: m, data: d, into: &g, workspace: &ws)
        return g
    }

    static let cases: [(Normalization.Kind, Activation.Kind, Loss)] = [
        (.layer, .tanh, .mse), (.layer, .softplus, .bceWithLogits), (.layer, .sigmoid, .softmaxCrossEntropy),
        (.batch, .tanh, .mse), (.batch, .sigmoid, .bceWithLogits), (.batch, .softplus, .softmaxCrossEntropy),
    ]

    @Test(arguments: NormalizedHessianTests.cases)
    func gradientAndHVPMatchFiniteDifferences(normalization: Normalization.Kind, act: Activation.Kind, loss: Loss) throws {
        let k = loss == .softmaxCrossEntropy ? 3 : 2
        let m = Self.model(normalization, Activation(act), k: k, seed: 5)
        let d = Self.data(loss, k: k)
        let l2 = 0.02
        let op = try HessianOperator(model: m, loss: loss, l2: l2, data: d)
        #expect(op.normalized != nil)
        // Two implementations of the same gradient (NNCore's kernels, the dual engine's generic pass).
        let g = Self.backprop(m, d, loss, l2: l2)
        #expect(maxAbsDiff(op.gradient, g) < 1e-12 * max(1, norm(g)))
        var ws = BackpropWorkspace(for: m, batchCapacity: 16)
        #expect(Swift.abs(op.value - Objective(loss: loss, l2: l2).value(model: m, data: d, workspace: &ws)) < 1e-13)
        // H v against central differences of the backprop gradient along v.
        var rng = AnalysisRNG(seed: 3)
        let v = (0..<m.parameterCount).map { _ in rng.gaussian() }
        let hv = op.hvp(v)
        let h = 1e-5
        var plus = m, minus = m
        for i in v.indices { plus.parameters[i] += h * v[i]; minus.parameters[i] -= h * v[i] }
        let gp = Self.backprop(plus, d, loss, l2: l2), gm = Self.backprop(minus, d, loss, l2: l2)
        let fd = zip(gp, gm).map { ($0 - $1) / (2 * h) }
        #expect(maxAbsDiff(hv, fd) < 1e-6 * max(norm(fd), 1e-3), "H v vs finite differences")
    }

    @Test(arguments: [Normalization.Kind.layer, .batch])
    func fullHessianIsSymmetricAndMatchesHVPColumns(_ kind: Normalization.Kind) throws {
        let m = Self.model(kind, .tanh, k: 1, seed: 8)
        let d = Self.data(.mse, k: 1, n: 7)
        let op = try HessianOperator(model: m, loss: .mse, l2: 0.01, data: d)
        let P = m.parameterCount
        var asym = -1.0
        let H = op.fullHessian(asymmetry: &asym)
        let scale = H.map { Swift.abs($0) }.max() ?? 0
        #expect(scale > 0.1)
        #expect(asym >= 0 && asym < 1e-12 * scale, "asymmetry before symmetrising \(asym)")
        var rng = AnalysisRNG(seed: 4)
        for _ in 0..<4 {
            let j = Int(rng.nextDouble() * Double(P))
            var e = [Double](repeating: 0, count: P); e[j] = 1
            let col = op.hvp(e)
            #expect(maxAbsDiff(col, (0..<P).map { H[$0 * P + j] }) < 1e-12 * scale)
        }
        // H v = the matrix times v for a random v.
        let v = (0..<P).map { _ in rng.gaussian() }
        #expect(maxAbsDiff(op.hvp(v), matVec(H, v, n: P)) < 1e-10 * scale * norm(v))
        if kind == .batch {
            // BatchNorm: b_ℓ cancels, so its rows of H are the L2 term alone (λ on the diagonal).
            let bo = m.biasOffset(layer: 0)
            for j in 0..<P { #expect(Swift.abs(H[bo * P + j] - (j == bo ? 0.01 : 0)) < 1e-12 * scale) }
        }
        let ev = SymmetricEigensolver.eigenvalues(H, n: P)
        #expect(ev.count == P && ev.allSatisfy(\.isFinite))
    }

    /// The gradient check, run on a normalised net, reports γ and β groups and passes.
    @Test func gradientCheckCoversGammaAndBeta() throws {
        let m = Self.model(.batch, .relu, k: 1, seed: 12)
        let d = Self.data(.mse, k: 1)
        let r = try GradientCheck.run(model: m, objective: Objective(loss: .mse, l2: 0.01), data: d)
        #expect(r.layers.map(\.name) == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"])
        #expect(r.passes(threshold: 1e-6))
        #expect(r.overall.checked + r.skippedNearKinks == m.parameterCount)
        let idx = m.gammaOffset(layer: 1) + 2
        let loc = GradientCheck.locate(m, idx)
        #expect(loc.layer == 1 && loc.row == 2 && loc.column == 0)
    }

    /// `inspect` on a normalised net: layers carry the `normalization` block; kinks, regions, NTK omitted.
    @Test func inspectReportHasNormalizationBlocks() throws {
        let m = Self.model(.layer, .tanh, k: 1, seed: 2)
        var opts = InspectOptions(); opts.measureAutodiff = false
        let r = try InspectReport(model: m, loss: .mse, l2: 0, data: Self.data(.mse, k: 1), options: opts)
        let j = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any])
        let layers = try #require(j["layers"] as? [[String: Any]])
        let n0 = try #require(layers[0]["normalization"] as? [String: Any])
        #expect(n0["kind"] as? String == "layer" && n0["epsilon"] as? Double == 1e-5)
        // (Foundation's JSON reader may be off by an ulp; the encoder writes shortest round-trip digits.)
        let (gamma, beta) = try #require(m.normalizationParameters(layer: 0))
        #expect(maxAbsDiff(try #require(n0["gamma"] as? [Double]), gamma) < 1e-15)
        #expect(maxAbsDiff(try #require(n0["beta"] as? [Double]), beta) < 1e-15)
        #expect(n0["running_mean"] == nil && layers[2]["normalization"] == nil)
        #expect(j["kinks"] == nil && j["regions"] == nil && j["ntk_eigenvalues"] == nil)
        #expect((j["gradient"] as? [Double])?.count == m.parameterCount)
        #expect((j["hessian_eigenvalues"] as? [Double])?.count == m.parameterCount)
        #expect(throws: AnalysisError.normalizedModel(analysis: "the region grid")) {
            try RegionGrid(model: m, box: .square(1), columns: 4, rows: 4)
        }
    }
}
