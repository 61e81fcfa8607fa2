import NNCore

/// An axis-aligned box [xMin, xMax] × [yMin, yMax] in the input plane.
public struct RegionBox: Sendable, Equatable, Codable {
    public var xMin: Double, xMax: Double, yMin: Double, yMax: Double
    public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
        self.xMin = xMin; self.xMax = xMax; self.yMin = yMin; self.yMax = yMax
    }
    /// The square [−s, s]².
    public static func square(_ s: Double) -> RegionBox { RegionBox(xMin: -s, xMax: s, yMin: -s, yMax: s) }

    var isValid: Bool { xMin.isFinite && xMax.isFinite && yMin.isFinite && yMax.isFinite && xMin < xMax && yMin < yMax }

    enum CodingKeys: String, CodingKey { case xMin = "x_min", xMax = "x_max", yMin = "y_min", yMax = "y_max" }
}

/// The exact number of linear (activation) regions of a 2-input piecewise-linear MLP inside a box.
///
/// Method: start from the box as one convex polygon; for each hidden layer, in every current
/// region the layer's pre-activations are affine in (x, y), so each unit's zero set is a line; split every
/// polygon by each unit's line in turn (a convex polygon cut by a line gives two convex polygons). A region
/// after layer ℓ is a face on which the on/off pattern of all units up to ℓ is constant, the same notion
/// regioncam counts. Cuts that leave a sliver thinner than ~1e-12 of the line's scale are ignored.
/// Only hidden layers split (the output layer's activation is not counted).
public struct ExactRegionCount: Sendable, Equatable {
    /// Regions after each hidden layer (the lecture: early layers few, later layers many).
    public let perLayer: [Int]
    /// Regions of the whole network (1 when there is no hidden layer).
    public var total: Int { perLayer.last ?? 1 }

    /// - Parameter workLimit: throws ``AnalysisError/workLimit(analysis:limit:)`` once the count has taken
    ///   more than this many work units (about one multiply-add each: dIn·dOut·3 per region entering a
    ///   layer, 6·dOut per region leaving it, dOut per cut). The regions held in memory are bounded by it too
    ///   (each costs 24·dOut bytes), so a limit of 10⁸ means well under a second and at most ~400 MB.
    public init(model: MLP, box: RegionBox, workLimit: Int = .max) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the exact region count")
        guard model.inputSize == 2 else { throw AnalysisError.inputDimension(expected: 2, got: model.inputSize) }
        guard box.isValid else { throw AnalysisError.emptyDomain("region count needs a box with min < max, got \(box)") }
        let slopes = try PiecewiseSlopes.all(model)
        let hidden = model.layerCount - 1
        var counts: [Int] = []
        var work = 0
        // A region: convex polygon (flat x,y pairs) and the post-activation map, column-major
        // [mx (d), my (d), mc (d)], so that φ_a(x, y) = mx[a]·x + my[a]·y + mc[a].
        var polys: [[Double]] = [[box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax]]
        var maps: [[Double]] = [[1, 0, 0, 1, 0, 0]]
        let extent = max(box.xMax - box.xMin, box.yMax - box.yMin)
        let reach = max(Swift.abs(box.xMin), Swift.abs(box.xMax)) + max(Swift.abs(box.yMin), Swift.abs(box.yMax))
        // Wᵀ per layer (dIn × dOut), so F = W·M is a few contiguous axpys over the active units only.
        let wT: [[Double]] = (0..<hidden).map { l in
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], wo = model.weightOffset(layer: l)
            var t = [Double](repeating: 0, count: dIn * dOut)
            for a in 0..<dOut { for b in 0..<dIn { t[b * dOut + a] = model.parameters[wo + a * dIn + b] } }
            return t
        }
        for l in 0..<hidden {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1]
            let bias = model.biasVector(layer: l)
            let g = slopes[l]
            var nextPolys: [[Double]] = [], nextMaps: [[Double]] = []
            nextPolys.reserveCapacity(polys.count * 2); nextMaps.reserveCapacity(polys.count * 2)
            var f = [Double](repeating: 0, count: 3 * dOut)
            var pieces: [[Double]] = []
            var overLimit = false
            wT[l].withUnsafeBufferPointer { wb in
            f.withUnsafeMutableBufferPointer { fb in
                guard let wt = wb.baseAddress, let fp = fb.baseAddress else { return }
                for r in 0..<polys.count {
                    work += 3 * dIn * dOut + 6 * dOut
                    if work > workLimit { overLimit = true; return }
                    // Pre-activation maps F = W·M + b (columns fx | fy | fc), skipping units that are off.
                    for a in 0..<dOut { fp[a] = 0; fp[dOut + a] = 0; fp[2 * dOut + a] = bias[a] }
                    maps[r].withUnsafeBufferPointer { mb in
                        guard let m = mb.baseAddress else { return }
                        for b in 0..<dIn {
                            let mx = m[b], my = m[dIn + b], mc = m[2 * dIn + b]
                            if mx == 0 && my == 0 && mc == 0 { continue }
                            let col = wt + b * dOut
                            kaxpy(mx, col, fp, dOut)
                            kaxpy(my, col, fp + dOut, dOut)
                            kaxpy(mc, col, fp + 2 * dOut, dOut)
                        }
                    }
                    pieces.removeAll(keepingCapacity: true)
                    pieces.append(polys[r])
                    if g.bends {
                        for a in 0..<dOut {
                            let ax = fp[a], ay = fp[dOut + a], c = fp[2 * dOut + a]
                            if ax == 0 && ay == 0 { continue }
                            let eps = 1e-12 * ((Swift.abs(ax) + Swift.abs(ay)) * max(reach, extent) + Swift.abs(c))
                            var i = 0
                            let count = pieces.count
                            work += count * 8 + 6 * dOut
                            if work > workLimit { overLimit = true; return }
                            while i < count {
                                if let (neg, pos) = split(pieces[i], ax, ay, c, eps) {
                                    pieces[i] = neg
                                    pieces.append(pos)
                                }
                                i += 1
                            }
                        }
                    }
                    work += pieces.count * 6 * dOut
                    if work > workLimit { overLimit = true; return }
                    for piece in pieces {
                        nextPolys.append(piece)
                        nextMaps.append(g.activatedMap(on: piece, pre: fp, units: dOut))
                    }
                }
            }}
            if overLimit || work > workLimit { throw AnalysisError.workLimit(analysis: "the exact region count", limit: workLimit) }
            polys = nextPolys
            maps = nextMaps
            counts.append(polys.count)
        }
        perLayer = counts
    }
}

/// Cuts the convex polygon `p` by the line ax·x + ay·y + c = 0. Returns nil when the polygon lies on one
/// side (within eps), otherwise the parts with value ≤ 0 and ≥ 0.
func split(_ p: [Double], _ ax: Double, _ ay: Double, _ c: Double, _ eps: Double) -> ([Double], [Double])? {
    let nv = p.count / 2
    var lo = Double.infinity, hi = -Double.infinity
    for v in 0..<nv {
        let s = ax * p[2 * v] + ay * p[2 * v + 1] + c
        lo = min(lo, s); hi = max(hi, s)
    }
    guard lo < -eps && hi > eps else { return nil }   // the common case allocates nothing
    var neg: [Double] = [], pos: [Double] = []
    neg.reserveCapacity(p.count + 4); pos.reserveCapacity(p.count + 4)
    for v in 0..<nv {
        let u = (v + 1) % nv
        let x = p[2 * v], y = p[2 * v + 1]
        let sv = ax * x + ay * y + c, su = ax * p[2 * u] + ay * p[2 * u + 1] + c
        if sv <= 0 { neg.append(x); neg.append(y) }
        if sv >= 0 { pos.append(x); pos.append(y) }
        if (sv < 0 && su > 0) || (sv > 0 && su < 0) {
            let t = sv / (sv - su)
            let ix = x + t * (p[2 * u] - x), iy = y + t * (p[2 * u + 1] - y)
            neg.append(ix); neg.append(iy)
            pos.append(ix); pos.append(iy)
        }
    }
    return (neg, pos)
}
