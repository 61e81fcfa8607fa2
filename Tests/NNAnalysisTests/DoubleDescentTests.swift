import Testing
import NNCore
@testable import NNAnalysis

/// Double descent with random ReLU features and min-norm least squares (d = 5, n = 40, 5 feature draws).
@Suite struct DoubleDescentTests {
    /// The min-norm solve against the normal equations on a tiny full-rank case, and interpolation for p > n.
    @Test func minimumNormSolve() {
        // Φ = [[1,0],[0,2],[1,1]] (3 × 2), y = (1,2,3): ΦᵀΦ = [[2,1],[1,5]], Φᵀy = (4,7) → a = (13/9, 10/9).
        let a = DoubleDescentCurve.minimumNormSolve([1, 0, 0, 2, 1, 1], rows: 3, stride: 2, p: 2, y: [1, 2, 3])
        #expect(abs(a[0] - 13.0 / 9) < 1e-12 && abs(a[1] - 10.0 / 9) < 1e-12)
        // Φ = [1, 1] (1 × 2), y = 2: the min-norm interpolant is (1, 1).
        let b = DoubleDescentCurve.minimumNormSolve([1, 1], rows: 1, stride: 2, p: 2, y: [2])
        #expect(abs(b[0] - 1) < 1e-12 && abs(b[1] - 1) < 1e-12)
    }

    @Test func peakNearNAndLargeWidthBeatsClassicalMinimum() throws {
        let curve = DoubleDescentCurve()
        let n = curve.setup.trainCount
        let report = zip(curve.widths, curve.testErrors).map { "\($0.0):\($0.1)" }.joined(separator: " ")
        #expect(Double(curve.peakWidth) >= 0.8 * Double(n) && Double(curve.peakWidth) <= 1.25 * Double(n), "\(report)")
        let classical = try #require(curve.classicalMinimum)
        let last = try #require(curve.testErrors.last)
        #expect(last < classical, "largest p error \(last) vs classical minimum \(classical): \(report)")
        // Past n every width interpolates the training set.
        for (p, e) in zip(curve.widths, curve.trainErrors) where p > n + 1 { #expect(e < 1e-12, "p \(p) train \(e)") }
    }

    /// The incremental sweep gives the batch curve's numbers bit for bit, width by width (default widths and
    /// a small explicit list with other settings), then stops.
    @Test func sweepEqualsTheBatchCurve() {
        var small = DoubleDescentCurve.Setup()
        small.inputDimension = 3; small.trainCount = 12; small.testCount = 30; small.draws = 2; small.seed = 9
        for (setup, widths) in [(DoubleDescentCurve.Setup(), nil), (small, [1, 5, 11, 12, 13, 40] as [Int]?)] {
            let batch = DoubleDescentCurve(setup: setup, widths: widths)
            var sweep = DoubleDescentCurve.Sweep(setup: setup, widths: widths)
            var points: [DoubleDescentCurve.Point] = []
            while let p = sweep.step() { points.append(p) }
            #expect(sweep.isFinished && sweep.step() == nil)
            #expect(points.map(\.width) == batch.widths)
            #expect(points.map(\.testError) == batch.testErrors)
            #expect(points.map(\.trainError) == batch.trainErrors)
        }
    }
}
