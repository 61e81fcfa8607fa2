import NNCore

/// The network function of a 1-input piecewise-linear MLP over an interval, exactly: its affine pieces
/// and the breakpoints (kinks) between them.
///
/// Built by pushing the piecewise-affine map through the net layer by layer: on each piece
/// every pre-activation is affine in x, so it crosses zero at most once; pieces are split at those
/// crossings (coincident crossings counted once), and at the end neighbours with the same output affine
/// map are merged, so `breakpoints` are the true kinks of the function, not just activation changes.
public struct PiecewiseLinear1D: Sendable, Equatable {
    /// One affine piece: on [lower, upper] the outputs are slope·x + intercept (one entry per output).
    public struct Piece: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var slope: [Double]
        public var intercept: [Double]
    }

    /// Pieces in ascending order covering [lower, upper] without gaps.
    public let pieces: [Piece]

    /// The kinks: interior boundaries between pieces, ascending.
    public var breakpoints: [Double] { pieces.dropFirst().map(\.lower) }
    /// Number of kinks = pieces − 1 (what `nnviz train` reports as `kinks`).
    public var kinkCount: Int { max(pieces.count - 1, 0) }

    /// Analyses `model` (1 input, piecewise-linear activations) over [lower, upper].
    /// - Parameter relativeTolerance: crossings closer than this (× interval width) to a piece end or to each
    ///   other are treated as the same point; affine maps equal to this relative tolerance are merged.
    /// - Parameter workLimit: throws ``AnalysisError/workLimit(analysis:limit:)`` once the pieces have taken
    ///   more than this many work units (about one multiply-add each: dIn·dOut per piece entering a layer).
    public init(model: MLP, lower: Double, upper: Double, relativeTolerance: Double = 1e-10, workLimit: Int = .max) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the exact kink count")
        guard model.inputSize == 1 else { throw AnalysisError.inputDimension(expected: 1, got: model.inputSize) }
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw AnalysisError.emptyDomain("kinks need a finite interval with lower < upper, got [\(lower), \(upper)]")
        }
        let slopes = try PiecewiseSlopes.all(model)
        let tol = relativeTolerance * max(1, upper - lower)

        struct Work { var lo: Double; var hi: Double; var s: [Double]; var c: [Double] }
        var current = [Work(lo: lower, hi: upper, s: [1], c: [0])]
        var work = 0
        let theta = model.parameters
        for l in 0..<model.layerCount {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1]
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
            let g = slopes[l]
            var next: [Work] = []
            next.reserveCapacity(current.count * 2)
            for piece in current {
                work += 2 * dIn * dOut + 4 * dOut
                if work > workLimit { throw AnalysisError.workLimit(analysis: "the exact kink count", limit: workLimit) }
                // Pre-activations on this piece: f_a(x) = ps[a]·x + pc[a].
                var ps = [Double](repeating: 0, count: dOut), pc = [Double](repeating: 0, count: dOut)
                for a in 0..<dOut {
                    var s = 0.0, c = theta[bo + a]
                    for b in 0..<dIn { let w = theta[wo + a * dIn + b]; s += w * piece.s[b]; c += w * piece.c[b] }
                    ps[a] = s; pc[a] = c
                }
                var cuts: [Double] = []
                if g.bends {
                    for a in 0..<dOut where ps[a] != 0 {
                        let t = -pc[a] / ps[a]
                        if t > piece.lo + tol && t < piece.hi - tol { cuts.append(t) }
                    }
                    cuts.sort()
                    var deduped: [Double] = []
                    for t in cuts where deduped.last.map({ t - $0 > tol }) ?? true { deduped.append(t) }
                    cuts = deduped
                }
                var lo = piece.lo
                for hi in cuts + [piece.hi] {
                    let mid = 0.5 * (lo + hi)
                    var s = ps, c = pc
                    for a in 0..<dOut {
                        let f = ps[a] * mid + pc[a]
                        let k = f > 0 ? g.positive : g.negative
                        s[a] *= k; c[a] *= k
                    }
                    next.append(Work(lo: lo, hi: hi, s: s, c: c))
                    lo = hi
                }
            }
            current = next
        }
        // Merge neighbours whose output affine maps agree.
        var merged: [Piece] = []
        for w in current {
            if var last = merged.last, PiecewiseLinear1D.same(last.slope, w.s, last.intercept, w.c, relativeTolerance) {
                last.upper = w.hi
                merged[merged.count - 1] = last
            } else {
                merged.append(Piece(lower: w.lo, upper: w.hi, slope: w.s, intercept: w.c))
            }
        }
        pieces = merged
    }

    /// The outputs at x (x inside [lower, upper]), from the piece that holds it.
    public func value(at x: Double) -> [Double] {
        var lo = 0, hi = pieces.count - 1
        while lo < hi { let m = (lo + hi) / 2; if pieces[m].upper < x { lo = m + 1 } else { hi = m } }
        let p = pieces[lo]
        return zip(p.slope, p.intercept).map { $0 * x + $1 }
    }

    /// True when two affine maps agree to the merge tolerance (also what ``KinkGridEstimate`` compares).
    static func same(_ s1: [Double], _ s2: [Double], _ c1: [Double], _ c2: [Double], _ rtol: Double) -> Bool {
        for i in s1.indices {
            let scale = max(1, Swift.abs(s1[i]), Swift.abs(s2[i]), Swift.abs(c1[i]), Swift.abs(c2[i]))
            if Swift.abs(s1[i] - s2[i]) > rtol * 100 * scale || Swift.abs(c1[i] - c2[i]) > rtol * 100 * scale { return false }
        }
        return true
    }
}
