/// View models of the two analysis panes that grow over time: the singular values of a deep linear net's
/// end-to-end matrix (one point per snapshot, accumulated by the reducer) and the double-descent sweep
/// (one width at a time, from a worker).

/// One snapshot's singular values of the end-to-end product W_L⋯W₁ (``NNAnalysis/DeepLinearProduct``).
public struct SingularValuesPoint: Sendable, Equatable {
    public var step: Int
    /// Descending.
    public var values: [Double]
    public var effectiveRank: Double
    /// L, the number of factors (for the title W₄W₃W₂W₁).
    public var layers: Int

    public init(step: Int, values: [Double], effectiveRank: Double, layers: Int) {
        self.step = step
        self.values = values
        self.effectiveRank = effectiveRank
        self.layers = layers
    }
}

/// The singular values over training: one column of values per recorded step. Bounded: past `capacity`
/// points every other one is dropped (the first and the newest are always kept), so memory stays flat in
/// a long run while the curve keeps its shape.
public struct SingularValuesViewModel: Sendable, Equatable {
    public static let capacity = 512
    public var points: [SingularValuesPoint] = []

    public init(points: [SingularValuesPoint] = []) { self.points = points }

    /// Adds a newer point (a point at an earlier step than the last means a new run: start over).
    public mutating func append(_ p: SingularValuesPoint) {
        if let last = points.last {
            if p.step < last.step || p.values.count != last.values.count { points.removeAll() }
            else if p.step == last.step { points[points.count - 1] = p; return }
        }
        points.append(p)
        if points.count > Self.capacity {
            let newest = points[points.count - 1]
            points = Swift.stride(from: 0, to: points.count - 1, by: 2).map { points[$0] } + [newest]
        }
    }
}

/// The double-descent sweep so far: test and train error for each width computed, in sweep order.
public struct DoubleDescentViewModel: Sendable, Equatable {
    /// Every width the sweep will compute (fixes the x axis from the first point on).
    public var plannedWidths: [Int]
    public var widths: [Int] = []
    public var trainErrors: [Double] = []
    public var testErrors: [Double] = []
    /// n, the number of training points: the interpolation threshold p = n.
    public var trainCount: Int
    public var seed: UInt64

    public init(plannedWidths: [Int], trainCount: Int, seed: UInt64) {
        self.plannedWidths = plannedWidths
        self.trainCount = trainCount
        self.seed = seed
    }

    public var isComplete: Bool { widths.count >= plannedWidths.count }

    public mutating func append(width: Int, trainError: Double, testError: Double) {
        widths.append(width)
        trainErrors.append(trainError)
        testErrors.append(testError)
    }

    /// The width with the largest test error so far.
    public var peak: (width: Int, error: Double)? {
        var best: (Int, Double)?
        for (p, e) in zip(widths, testErrors) where e.isFinite && e > (best?.1 ?? -.infinity) { best = (p, e) }
        return best
    }

    /// The smallest test error among widths below n (the bottom of the classical U).
    public var classicalMinimum: (width: Int, error: Double)? {
        var best: (Int, Double)?
        for (p, e) in zip(widths, testErrors) where p < trainCount && e.isFinite && e < (best?.1 ?? .infinity) { best = (p, e) }
        return best
    }
}
