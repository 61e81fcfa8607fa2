import Foundation
import NNCore

extension DoubleDescentCurve {
    /// One point of the curve: a width p and its errors (mean over the feature draws).
    public struct Point: Sendable, Equatable {
        public let width: Int
        public let trainError: Double
        public let testError: Double
    }

    /// The sweep one width at a time, so a dashboard can draw the curve as it grows and stop between
    /// widths (``DoubleDescentCurve/init(setup:widths:)`` runs it to the end). The data, then each draw's
    /// pMax features (w then b), are drawn up front from one seeded generator; width p uses each draw's
    /// first p features (nested, so the curve is smooth in p), and its errors are averaged over the draws
    /// in draw order.
    public struct Sweep: Sendable {
        public let setup: Setup
        public let widths: [Int]
        /// Index of the next width to compute.
        public private(set) var next = 0
        let stride: Int
        let yTrain: [Double], yTest: [Double]
        /// Per draw: Φ_train (n × stride) and Φ_test (m × stride), row-major, all pMax features.
        let phiTrain: [[Double]], phiTest: [[Double]]

        public init(setup: Setup = Setup(), widths: [Int]? = nil) {
            self.setup = setup
            let d = setup.inputDimension, n = setup.trainCount, m = setup.testCount
            let ws = widths ?? DoubleDescentCurve.defaultWidths(n: n)
            self.widths = ws
            var rng = AnalysisRNG(seed: setup.seed)
            let scale = 1 / Double(d).squareRoot()
            func target(_ x: ArraySlice<Double>) -> Double { sin(x.reduce(0, +) * scale) }
            let xTrain = (0..<(n * d)).map { _ in rng.gaussian() }
            let xTest = (0..<(m * d)).map { _ in rng.gaussian() }
            yTrain = (0..<n).map { i in target(xTrain[(i * d)..<((i + 1) * d)]) + setup.noise * rng.gaussian() }
            yTest = (0..<m).map { i in target(xTest[(i * d)..<((i + 1) * d)]) }
            let pMax = ws.max() ?? 0
            stride = pMax
            var train: [[Double]] = [], test: [[Double]] = []
            for _ in 0..<setup.draws {
                let w = (0..<(pMax * d)).map { _ in rng.gaussian() / Double(d).squareRoot() }
                let b = (0..<pMax).map { _ in rng.uniform(-1, 1) }
                train.append(DoubleDescentCurve.features(xTrain, count: n, d: d, w: w, b: b, p: pMax))
                test.append(DoubleDescentCurve.features(xTest, count: m, d: d, w: w, b: b, p: pMax))
            }
            phiTrain = train
            phiTest = test
        }

        public var isFinished: Bool { next >= widths.count }

        /// The next width's point (nil when every width is done).
        public mutating func step() -> Point? {
            guard next < widths.count else { return nil }
            let p = widths[next]
            next += 1
            let n = setup.trainCount, m = setup.testCount, draws = Double(setup.draws)
            var train = 0.0, test = 0.0
            for k in 0..<setup.draws {
                let a = DoubleDescentCurve.minimumNormSolve(phiTrain[k], rows: n, stride: stride, p: p, y: yTrain)
                train += DoubleDescentCurve.mse(phiTrain[k], rows: n, stride: stride, a: a, y: yTrain) / draws
                test += DoubleDescentCurve.mse(phiTest[k], rows: m, stride: stride, a: a, y: yTest) / draws
            }
            return Point(width: p, trainError: train, testError: test)
        }
    }

    /// Doubles a sweep holds (every draw's Φ for the train and test points at the largest width): the
    /// memory a preset may ask for is bounded by this.
    public static func featureValueCount(_ setup: Setup, widths: [Int]?) -> Int {
        let pMax = (widths ?? defaultWidths(n: setup.trainCount)).max() ?? 0
        return setup.draws * (setup.trainCount + setup.testCount) * pMax
    }
}
