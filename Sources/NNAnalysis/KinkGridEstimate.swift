import NNCore

/// A lower bound on the kinks of a 1-input piecewise-linear MLP over [lower, upper], for networks whose
/// exact count (``PiecewiseLinear1D``) is over its work limit: the interval is cut into `samples` equal
/// cells, the network's affine map (the output slopes and intercepts of the linear piece just right of the
/// point) is found at each cell's centre, and every pair of neighbouring centres whose maps differ counts
/// one kink.
///
/// Why it is a lower bound: the piece just right of x_i and the piece just right of x_{i+1} differ only if
/// a kink lies in (x_i, x_{i+1}], and these stretches do not overlap, so each counted pair has a kink of
/// its own. (A unit whose pre-activation is exactly 0 at a centre takes the side its slope leads to: a
/// centre that falls on a kink gets the map of the piece after it, never a third one, so it is not counted
/// twice.) Kinks closer together than a cell, or within half a cell of an end, can be missed; when every
/// kink is more than a cell from the next and from the ends, the estimate is the exact count. The maps are computed by the same arithmetic, in the same order, as the exact
/// analysis's pieces, and compared with the same merge tolerance, so a change of activation pattern that
/// leaves the function's map unchanged (a unit whose output weights are zero) is not counted either.
public struct KinkGridEstimate: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    /// Cells (sample points) of the scan.
    public let samples: Int
    /// Neighbouring cell centres on different affine maps: at least this many kinks.
    public let lowerBound: Int

    /// Scans `model` (1 input, piecewise-linear activations) over [lower, upper] with `samples` cells (at
    /// least 2). The work is about 2·P multiply-adds per sample (``AnalysisLimits/kinkSamples(parameterCount:limit:)``
    /// picks the count for a budget).
    public init(model: MLP, lower: Double, upper: Double, samples: Int, relativeTolerance: Double = 1e-10) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the kink estimate")
        guard model.inputSize == 1 else { throw AnalysisError.inputDimension(expected: 1, got: model.inputSize) }
        guard lower.isFinite, upper.isFinite, lower < upper, (upper - lower).isFinite else {
            throw AnalysisError.emptyDomain("kinks need a finite interval with lower < upper, got [\(lower), \(upper)]")
        }
        let slopes = try PiecewiseSlopes.all(model)
        let n = Swift.max(2, samples)
        self.lower = lower; self.upper = upper; self.samples = n
        let theta = model.parameters
        let width = model.sizes.max() ?? 1
        var s = [Double](repeating: 0, count: width), c = s, ps = s, pc = s
        var previous: (s: [Double], c: [Double])?
        var count = 0
        let h = (upper - lower) / Double(n)
        for i in 0..<n {
            let x = lower + (Double(i) + 0.5) * h
            s[0] = 1; c[0] = 0
            for l in 0..<model.layerCount {
                let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
                let g = slopes[l]
                // The piece's pre-activations f_a = ps[a]·x + pc[a], summed as PiecewiseLinear1D sums them.
                for a in 0..<dOut {
                    var sa = 0.0, ca = theta[bo + a]
                    for b in 0..<dIn { let w = theta[wo + a * dIn + b]; sa += w * s[b]; ca += w * c[b] }
                    ps[a] = sa; pc[a] = ca
                }
                for a in 0..<dOut {
                    let f = ps[a] * x + pc[a]
                    let k = f > 0 || (f == 0 && ps[a] > 0) ? g.positive : g.negative
                    s[a] = ps[a] * k; c[a] = pc[a] * k
                }
            }
            let k = model.outputSize
            let map = (s: Array(s[0..<k]), c: Array(c[0..<k]))
            if let p = previous, !PiecewiseLinear1D.same(p.s, map.s, p.c, map.c, relativeTolerance) { count += 1 }
            previous = map
        }
        lowerBound = count
    }
}
