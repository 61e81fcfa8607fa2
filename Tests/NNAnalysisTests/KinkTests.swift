import Testing
import NNCore
@testable import NNAnalysis

@Suite struct KinkTests {
    @Test(arguments: 1...10)
    func sawtoothHasExactlyTwoToTheLPieces(L: Int) throws {
        let f = try PiecewiseLinear1D(model: sawtoothNet(depth: L), lower: -2, upper: 2)
        let count = 1 << L
        try #require(f.pieces.count == count)
        let step = 4 / Double(count)      // 2^{2−L}
        for (j, x) in f.breakpoints.enumerated() {
            #expect(abs(x - (-2 + Double(j + 1) * step)) < 1e-12)
        }
        for (j, p) in f.pieces.enumerated() {
            // Slopes alternate −2^L, +2^L, starting negative at x = −2.
            #expect(p.slope[0] == (j % 2 == 0 ? -1.0 : 1.0) * Double(count))
        }
        // The pieces reproduce the network (independent scalar forward) at random points.
        var rng = AnalysisRNG(seed: UInt64(L))
        let net = sawtoothNet(depth: L)
        for _ in 0..<50 {
            let x = rng.uniform(-2, 2)
            #expect(abs(f.value(at: x)[0] - directForward(net, [x])[0]) < 1e-9)
        }
    }

    @Test(arguments: [1, 5, 12, 40])
    func oneHiddenLayerPiecesEqualCrossingsPlusOne(width: Int) throws {
        let net = randomModel([1, width, 1], hidden: .relu, seed: 77 + UInt64(width))
        let (lo, hi) = (-1.5, 1.5)
        let f = try PiecewiseLinear1D(model: net, lower: lo, upper: hi)
        let w = net.weightMatrix(layer: 0).map { $0[0] }, b = net.biasVector(layer: 0)
        let v = net.weightMatrix(layer: 1)[0]
        // Independent count: distinct zero crossings −b/w inside the range of units with output weight ≠ 0.
        let crossings = (0..<width).compactMap { i -> Double? in
            guard w[i] != 0, v[i] != 0 else { return nil }
            let t = -b[i] / w[i]
            return t > lo && t < hi ? t : nil
        }.sorted()
        #expect(f.pieces.count <= width + 1)
        #expect(f.pieces.count == crossings.count + 1)
        #expect(maxAbsDiff(f.breakpoints, crossings) < 1e-12)
    }

    @Test func deepRandomNetPiecesMatchForwardAndAreContinuous() throws {
        let net = randomModel([1, 8, 8, 8, 2], hidden: .leakyRelu(alpha: 0.1), seed: 5)
        let f = try PiecewiseLinear1D(model: net, lower: -3, upper: 3)
        #expect(f.pieces.count > 1)
        var rng = AnalysisRNG(seed: 9)
        for _ in 0..<200 {
            let x = rng.uniform(-3, 3)
            #expect(maxAbsDiff(f.value(at: x), directForward(net, [x])) < 1e-10)
        }
        // Neighbouring pieces meet (continuity) and really differ (merging worked).
        for (a, b) in zip(f.pieces, f.pieces.dropFirst()) {
            let x = b.lower
            let ya = zip(a.slope, a.intercept).map { $0 * x + $1 }, yb = zip(b.slope, b.intercept).map { $0 * x + $1 }
            #expect(maxAbsDiff(ya, yb) < 1e-10)
            #expect(maxAbsDiff(a.slope, b.slope) > 1e-9)
        }
    }

    @Test func equalNeighboursAreMerged() throws {
        // ReLU(x) + ReLU(−x)·0 … a unit whose output weight is 0 bends nothing: one kink (at 0.25) only.
        var m = MLP(sizes: [1, 2, 1], hidden: .relu)
        m.parameters = [1, 1, -0.25, 0.5, 1, 0, 0]   // W₁ = [1, 1]ᵀ, b₁ = [−0.25, 0.5], W₂ = [1, 0], b₂ = 0
        let f = try PiecewiseLinear1D(model: m, lower: -1, upper: 1)
        #expect(f.breakpoints == [0.25])
    }

    @Test func refusesWhatItCannotDo() {
        #expect(throws: AnalysisError.self) { try PiecewiseLinear1D(model: MLP(sizes: [1, 3, 1], hidden: .tanh), lower: 0, upper: 1) }
        #expect(throws: AnalysisError.self) { try PiecewiseLinear1D(model: MLP(sizes: [2, 3, 1], hidden: .relu), lower: 0, upper: 1) }
        var bad = MLP(sizes: [1, 3, 1], hidden: .relu)
        bad.parameters[0] = .nan
        #expect(throws: AnalysisError.nonFiniteParameters(count: 1)) { try PiecewiseLinear1D(model: bad, lower: 0, upper: 1) }
        #expect(throws: AnalysisError.self) { try PiecewiseLinear1D(model: MLP(sizes: [1, 1], hidden: .relu), lower: 1, upper: 1) }
    }
}
