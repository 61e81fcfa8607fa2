import Foundation
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

    /// The incremental sweep (and the batch curve built on it) against a straightforward reference: data
    /// first, then draw by draw — features, then every width's min-norm solve — with the same generator.
    /// Bit-identical, width by width (default widths, and a small explicit list with other settings).
    @Test func sweepEqualsTheDrawMajorReference() {
        var small = DoubleDescentCurve.Setup()
        small.inputDimension = 3; small.trainCount = 12; small.testCount = 30; small.draws = 2; small.seed = 9
        for (setup, widths) in [(DoubleDescentCurve.Setup(), nil), (small, [1, 5, 11, 12, 13, 40] as [Int]?)] {
            let reference = Self.reference(setup, widths: widths ?? DoubleDescentCurve.defaultWidths(n: setup.trainCount))
            var sweep = DoubleDescentCurve.Sweep(setup: setup, widths: widths)
            var points: [DoubleDescentCurve.Point] = []
            while let p = sweep.step() { points.append(p) }
            #expect(sweep.isFinished && sweep.step() == nil)
            #expect(points.map(\.width) == reference.widths)
            #expect(points.map(\.testError) == reference.test && points.map(\.trainError) == reference.train)
            let batch = DoubleDescentCurve(setup: setup, widths: widths)
            #expect(batch.testErrors == reference.test && batch.trainErrors == reference.train && batch.widths == reference.widths)
        }
    }

    /// The draw-major loop: one draw's features at a time, errors accumulated per width.
    static func reference(_ setup: DoubleDescentCurve.Setup, widths ws: [Int]) -> (widths: [Int], test: [Double], train: [Double]) {
        let d = setup.inputDimension, n = setup.trainCount, m = setup.testCount
        var rng = AnalysisRNG(seed: setup.seed)
        let scale = 1 / Double(d).squareRoot()
        func target(_ x: ArraySlice<Double>) -> Double { sin(x.reduce(0, +) * scale) }
        let xTrain = (0..<(n * d)).map { _ in rng.gaussian() }
        let xTest = (0..<(m * d)).map { _ in rng.gaussian() }
        let yTrain = (0..<n).map { i in target(xTrain[(i * d)..<((i + 1) * d)]) + setup.noise * rng.gaussian() }
        let yTest = (0..<m).map { i in target(xTest[(i * d)..<((i + 1) * d)]) }
        var test = [Double](repeating: 0, count: ws.count), train = test
        let pMax = ws.max() ?? 0
        for _ in 0..<setup.draws {
            let w = (0..<(pMax * d)).map { _ in rng.gaussian() / Double(d).squareRoot() }
            let b = (0..<pMax).map { _ in rng.uniform(-1, 1) }
            let phiTrain = DoubleDescentCurve.features(xTrain, count: n, d: d, w: w, b: b, p: pMax)
            let phiTest = DoubleDescentCurve.features(xTest, count: m, d: d, w: w, b: b, p: pMax)
            for (s, p) in ws.enumerated() {
                let a = DoubleDescentCurve.minimumNormSolve(phiTrain, rows: n, stride: pMax, p: p, y: yTrain)
                train[s] += DoubleDescentCurve.mse(phiTrain, rows: n, stride: pMax, a: a, y: yTrain) / Double(setup.draws)
                test[s] += DoubleDescentCurve.mse(phiTest, rows: m, stride: pMax, a: a, y: yTest) / Double(setup.draws)
            }
        }
        return (ws, test, train)
    }
}
