import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// NTKDrift: the relative kernel change it reports is ‖K_t − K_0‖_F/‖K_0‖_F recomputed independently, both
/// nets learn, and the wide one's kernel moves less (the lazy regime).
@Suite struct NTKDriftTests {
    static func sineData(n: Int) -> Dataset {
        let x = (0..<n).map { -2 + 4 * Double($0) / Double(n - 1) }
        return Dataset(inputSize: 1, targetSize: 1, x: x, y: x.map { sin(Double.pi * $0 / 2) })
    }

    @Test func wideNetKernelMovesLessAndBothLearn() throws {
        let data = Self.sineData(n: 12)
        let config = NTKDriftConfig(steps: 120, every: 40, widthFactor: 16)
        var seen = 0
        let r = try #require(try NTKDrift.run(narrow: [1, 8, 1], activation: .tanh, initializer: .he, data: data,
                                              seed: 3, config: config, progress: { _ in seen += 1 }))
        #expect(seen == 4, "one progress call at step 0 and one per chunk")
        #expect(r.isComplete && r.narrow.steps == [0, 40, 80, 120] && r.wide.steps == r.narrow.steps)
        #expect(r.wide.sizes == [1, 128, 1])
        #expect(r.narrow.relativeChange[0] == 0 && r.wide.relativeChange[0] == 0)
        #expect(r.wide.last < 0.5 * r.narrow.last, "wide \(r.wide.last) vs narrow \(r.narrow.last)")
        for c in [r.narrow, r.wide] {
            #expect(c.loss.last! < 0.8 * c.loss[0], "\(c.sizes): loss \(c.loss)")
        }
    }

    /// Replays the narrow run by hand: the same init, per-parameter steps lr·p_i (p = 1/fan_in for weights,
    /// 1 for biases), plain GD with NetworkDerivatives' VJP, and the kernel K = J diag(p) Jᵀ built from one VJP
    /// per point (not the library's batched Jacobian), λmax by the Jacobi oracle.
    @Test func relativeChangeMatchesAnIndependentReplay() throws {
        let data = Self.sineData(n: 6)
        let config = NTKDriftConfig(steps: 10, every: 10, widthFactor: 2)
        let r = try #require(try NTKDrift.run(narrow: [1, 5, 1], activation: .tanh, initializer: .xavier, data: data,
                                              seed: 9, config: config))
        var net = MLP(sizes: [1, 5, 1], hidden: .tanh, initializer: .xavier, seed: 9)
        let p = (0..<net.parameterCount).map { i -> Double in
            let (l, _, _) = GradientCheck.locate(net, i)
            return i < net.biasOffset(layer: l) ? 1 / Double(net.sizes[l]) : 1
        }
        func kernel(_ m: MLP) -> [Double] {
            let nd = NetworkDerivatives(model: m, inputs: data.x, count: 6)
            let rows = (0..<6).map { i -> [Double] in
                var u = [Double](repeating: 0, count: 6)
                u[i] = 1
                return nd.vjp(u).parameters
            }
            var k = [Double](repeating: 0, count: 36)
            for i in 0..<6 { for j in 0..<6 { for t in p.indices { k[i * 6 + j] += rows[i][t] * p[t] * rows[j][t] } } }
            return k
        }
        let k0 = kernel(net)
        let lr = 0.4 * 6 / (JacobiEigensolver.decompose(k0, n: 6).values.max() ?? 1)
        #expect(abs(lr - r.narrow.learningRate) < 1e-9 * lr)
        for _ in 0..<10 {
            let nd = NetworkDerivatives(model: net, inputs: data.x, count: 6)
            let resid = zip(nd.outputs, data.y).map { 2 * ($0 - $1) / 6 }   // ∂/∂z of mean (z − y)²
            let g = nd.vjp(resid).parameters
            for i in net.parameters.indices { net.parameters[i] -= lr * p[i] * g[i] }
        }
        let k = kernel(net)
        let num = zip(k, k0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let den = k0.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(num > 0)
        #expect(abs(r.narrow.relativeChange[1] - num / den) < 1e-6 * (num / den), "\(r.narrow.relativeChange[1]) vs \(num / den)")
    }

    @Test func cancelsAndRefusesBadShapes() throws {
        let data = Self.sineData(n: 6)
        #expect(try NTKDrift.run(narrow: [1, 4, 1], activation: .tanh, initializer: .he, data: data, seed: 1,
                                 isCancelled: { true }) == nil)
        #expect(throws: AnalysisError.self) {
            _ = try NTKDrift.run(narrow: [1, 1], activation: .tanh, initializer: .he, data: data, seed: 1)
        }
        #expect(NTKDrift.wideSizes([2, 64, 64, 1], config: NTKDriftConfig(widthFactor: 32, maxWideParameters: 40_000))
                == [2, 128, 128, 1])
    }
}
