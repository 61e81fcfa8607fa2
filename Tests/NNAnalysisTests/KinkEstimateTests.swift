import Testing
import NNCore
@testable import NNAnalysis

/// The grid scan's kink count, for networks over the exact analysis's work limit, checked against the
/// exact count (``PiecewiseLinear1D``, which splits pieces instead of sampling) on networks small enough
/// for both: never above it, and equal to it when every kink is more than a cell from the next and from
/// the ends.
@Suite struct KinkEstimateTests {
    /// Sawtooth of depth L: 2^L − 1 kinks evenly spaced over [−2, 2] (the closed form).
    @Test(arguments: [1, 3, 5, 7])
    func sawtoothIsExactOnAFineGrid(L: Int) throws {
        let e = try KinkGridEstimate(model: sawtoothNet(depth: L), lower: -2, upper: 2, samples: 4096)
        #expect(e.lowerBound == (1 << L) - 1)
        // Coarser than the kinks' spacing: depth 7 has 127 kinks 1/32 apart, and 64 cells of 1/16 put every
        // centre exactly on a kink. Each centre takes the piece after it, so each of the 63 neighbouring
        // pairs holds two kinks and is counted once: 63, not more (no centre is counted twice).
        let coarse = try KinkGridEstimate(model: sawtoothNet(depth: 7), lower: -2, upper: 2, samples: 64)
        #expect(coarse.lowerBound == 63)
        let odd = try KinkGridEstimate(model: sawtoothNet(depth: 7), lower: -2, upper: 2, samples: 100)
        #expect(odd.lowerBound <= 127 && odd.lowerBound > 0)
    }

    /// Random ReLU and leaky-ReLU nets: the estimate never exceeds the exact count at any resolution, and
    /// equals it on a fine grid whenever the kinks are well separated (checked from the exact breakpoints).
    static let shapes: [[Int]] = [[1, 12, 1], [1, 20, 20, 1], [1, 16, 16, 16, 1], [1, 30, 10, 2]]

    @Test(arguments: 0..<4)
    func neverAboveTheExactCountAndEqualWhenSeparated(shape: Int) throws {
        let sizes = Self.shapes[shape], seed = UInt64(shape + 1)
        var wellSeparated = 0
        for s in 0..<6 {
            let net = randomModel(sizes, hidden: s % 2 == 0 ? .relu : .leakyRelu(alpha: 0.1), seed: seed * 100 + UInt64(s))
            let (lo, hi) = (-2.5, 2.5)
            let exact = try PiecewiseLinear1D(model: net, lower: lo, upper: hi)
            for n in [16, 200, 16_384] {
                let e = try KinkGridEstimate(model: net, lower: lo, upper: hi, samples: n)
                #expect(e.lowerBound <= exact.kinkCount, "seed \(s), \(n) samples: \(e.lowerBound) > \(exact.kinkCount)")
                let cell = (hi - lo) / Double(n)
                let points = [lo] + exact.breakpoints + [hi]
                let gap = zip(points, points.dropFirst()).map { $1 - $0 }.min() ?? .infinity
                if gap > 2 * cell {
                    #expect(e.lowerBound == exact.kinkCount, "seed \(s), \(n) samples, gap \(gap)")
                    if n == 16_384 { wellSeparated += 1 }
                }
            }
        }
        #expect(wellSeparated >= 3, "the equality was checked on too few nets (\(wellSeparated))")
    }

    /// A unit whose output weight is 0 changes the activation pattern but not the function: no kink there,
    /// in the exact count and in the estimate.
    @Test func aPatternChangeThatLeavesTheFunctionAloneIsNoKink() throws {
        var net = MLP(sizes: [1, 2, 1], hidden: .relu)
        // h₁ = ReLU(x − 0.5) (a kink at 0.5), h₂ = ReLU(−x − 0.3) (a pattern change at −0.3), y = h₁ + 0·h₂.
        net.parameters = [1, -1, -0.5, -0.3, 1, 0, 0]
        let exact = try PiecewiseLinear1D(model: net, lower: -1, upper: 1)
        #expect(exact.kinkCount == 1)
        let e = try KinkGridEstimate(model: net, lower: -1, upper: 1, samples: 1000)
        #expect(e.lowerBound == 1)
    }

    /// `inspect` over the exact work limit: `kinks` omitted, `kinks_lower_bound` (the sawtooth's 15) given.
    @Test func inspectGivesTheBoundOverTheWorkLimit() throws {
        let xs = (0...80).map { -2 + Double($0) * 0.05 }
        let data = Dataset(inputSize: 1, targetSize: 1, x: xs, y: xs.map { _ in 0 })
        var o = InspectOptions()
        o.measureAutodiff = false
        let exact = try InspectReport(model: sawtoothNet(depth: 4), loss: .mse, l2: 0, data: data, options: o)
        #expect(exact.kinks?.count == 15 && exact.kinksLowerBound == nil)
        o.exactWorkLimit = 10
        let capped = try InspectReport(model: sawtoothNet(depth: 4), loss: .mse, l2: 0, data: data, options: o)
        #expect(capped.kinks == nil && capped.kinksLowerBound == 15)
        let json = try InspectReportTests.json(capped)
        #expect(json["kinks"] == nil && json["kinks_lower_bound"] as? Int == 15)
        #expect(try InspectReportTests.json(exact)["kinks_lower_bound"] == nil)
    }

    @Test func refusesWhatTheExactAnalysisRefuses() {
        #expect(throws: AnalysisError.inputDimension(expected: 1, got: 2)) {
            try KinkGridEstimate(model: MLP(sizes: [2, 3, 1], hidden: .relu), lower: 0, upper: 1, samples: 10)
        }
        #expect(throws: AnalysisError.self) {
            try KinkGridEstimate(model: MLP(sizes: [1, 3, 1], hidden: .tanh), lower: 0, upper: 1, samples: 10)
        }
        #expect(throws: AnalysisError.self) {
            try KinkGridEstimate(model: MLP(sizes: [1, 3, 1], hidden: .relu), lower: 1, upper: 1, samples: 10)
        }
    }

    /// About 2·P multiply-adds a sample within the grid budget (2·10⁸), between 16 and 65,536 samples.
    @Test func sampleCountFollowsTheBudget() {
        #expect(AnalysisLimits.kinkSamples(parameterCount: 1) == 65_536)
        #expect(AnalysisLimits.kinkSamples(parameterCount: 10_000) == 10_000)
        #expect(AnalysisLimits.kinkSamples(parameterCount: 2_000_000) == 50)
        #expect(AnalysisLimits.kinkSamples(parameterCount: 100_000_000) == 16)
        for P in [1, 999, 10_000, 123_457, 2_000_000] {
            let n = AnalysisLimits.kinkSamples(parameterCount: P)
            #expect(n == 16 || n == 65_536 || Double(n) * 2 * Double(P) <= AnalysisLimits.gridWork)
        }
    }
}
