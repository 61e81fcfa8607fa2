import NNCore

/// The linear regions of a 2-input piecewise-linear MLP inside a box as exact convex polygons, layer by
/// layer, with the segments each layer's units cut: what a map draws as region boundaries.
///
/// Same method as ``ExactRegionCount`` (split convex polygons unit by unit; in each region every unit's
/// pre-activation is affine, so its zero set is a line), but it keeps the geometry: the polygons after every
/// hidden layer and, for every layer, the cut segments (a unit's zero line inside a region of the previous
/// layers). The boundaries of the regions after layer ℓ are exactly the cut segments of layers 1…ℓ.
public struct RegionPartition2D: Sendable, Equatable {
    /// A piece of one unit's zero set: from (x0, y0) to (x1, y1), cut by `unit` of its layer.
    public struct Segment: Sendable, Equatable {
        public var x0: Double, y0: Double, x1: Double, y1: Double
        public var unit: Int
        public init(x0: Double, y0: Double, x1: Double, y1: Double, unit: Int) {
            self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1; self.unit = unit
        }
    }

    public let box: RegionBox
    /// Polygons (flat x, y pairs, convex, counter-clockwise as the box) after each hidden layer.
    public let polygons: [[[Double]]]
    /// The cut segments of each hidden layer's units.
    public let cuts: [[Segment]]
    /// Regions after each hidden layer (the counts of `polygons`; equal to ``ExactRegionCount/perLayer``).
    public var perLayer: [Int] { polygons.map(\.count) }
    /// Regions of the whole network (1 when there is no hidden layer).
    public var total: Int { perLayer.last ?? 1 }

    /// Refuses what ``ExactRegionCount`` refuses (non-finite weights, normalised layers, a smooth activation, an
    /// input size other than 2, an empty box).
    public init(model: MLP, box: RegionBox) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the region partition")
        guard model.inputSize == 2 else { throw AnalysisError.inputDimension(expected: 2, got: model.inputSize) }
        guard box.isValid else { throw AnalysisError.emptyDomain("region partition needs a box with min < max, got \(box)") }
        self.box = box
        let slopes = try PiecewiseSlopes.all(model)
        let hidden = model.layerCount - 1
        var polys: [[Double]] = [[box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax]]
        // φ_a(x, y) = mx[a]·x + my[a]·y + mc[a] on each polygon, as [mx (d), my (d), mc (d)].
        var maps: [[Double]] = [[1, 0, 0, 1, 0, 0]]
        let extent = max(box.xMax - box.xMin, box.yMax - box.yMin)
        let reach = max(Swift.abs(box.xMin), Swift.abs(box.xMax)) + max(Swift.abs(box.yMin), Swift.abs(box.yMax))
        var allPolys: [[[Double]]] = [], allCuts: [[Segment]] = []
        let theta = model.parameters
        for l in 0..<hidden {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1]
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
            let g = slopes[l]
            var nextPolys: [[Double]] = [], nextMaps: [[Double]] = [], segments: [Segment] = []
            for r in 0..<polys.count {
                let m = maps[r]
                var f = [Double](repeating: 0, count: 3 * dOut)
                for a in 0..<dOut {
                    var fx = 0.0, fy = 0.0, fc = theta[bo + a]
                    for b in 0..<dIn {
                        let w = theta[wo + a * dIn + b]
                        fx += w * m[b]; fy += w * m[dIn + b]; fc += w * m[2 * dIn + b]
                    }
                    f[a] = fx; f[dOut + a] = fy; f[2 * dOut + a] = fc
                }
                var pieces = [polys[r]]
                if g.bends {
                    for a in 0..<dOut {
                        let ax = f[a], ay = f[dOut + a], c = f[2 * dOut + a]
                        if ax == 0 && ay == 0 { continue }
                        let eps = 1e-12 * ((Swift.abs(ax) + Swift.abs(ay)) * max(reach, extent) + Swift.abs(c))
                        let count = pieces.count
                        for i in 0..<count {
                            guard let (neg, pos, cut) = splitWithCut(pieces[i], ax, ay, c, eps) else { continue }
                            pieces[i] = neg
                            pieces.append(pos)
                            if let cut { segments.append(Segment(x0: cut.0, y0: cut.1, x1: cut.2, y1: cut.3, unit: a)) }
                        }
                    }
                }
                for piece in pieces {
                    nextPolys.append(piece)
                    nextMaps.append(f.withUnsafeBufferPointer { fb in
                        guard let fp = fb.baseAddress else { return [Double](repeating: 0, count: 3 * dOut) }
                        return g.activatedMap(on: piece, pre: fp, units: dOut)
                    })
                }
            }
            polys = nextPolys
            maps = nextMaps
            allPolys.append(polys)
            allCuts.append(segments)
        }
        polygons = allPolys
        cuts = allCuts
    }
}

/// The lecture's count for ONE hidden layer, from the geometry: the first layer's zero lines that cross the
/// box's interior and the pairs of them that meet strictly inside it. In general position (no three lines
/// through a point, no two parallel lines meeting the box) the regions in the box are 1 + lines + intersections.
public struct LineArrangement2D: Sendable, Equatable {
    /// Units of the first hidden layer whose zero line crosses the box.
    public let lines: Int
    /// Pairs of those lines that meet inside the box.
    public let intersections: Int

    /// 1 + lines + intersections.
    public var regionsInGeneralPosition: Int { 1 + lines + intersections }

    public init(model: MLP, box: RegionBox) throws {
        try AnalysisError.requireFinite(model)
        guard model.inputSize == 2 else { throw AnalysisError.inputDimension(expected: 2, got: model.inputSize) }
        guard box.isValid else { throw AnalysisError.emptyDomain("line arrangement needs a box with min < max, got \(box)") }
        let d = model.sizes[1], wo = model.weightOffset(layer: 0), bo = model.biasOffset(layer: 0)
        let theta = model.parameters
        var crossing: [(Double, Double, Double)] = []
        let corners = [(box.xMin, box.yMin), (box.xMax, box.yMin), (box.xMax, box.yMax), (box.xMin, box.yMax)]
        for a in 0..<d {
            let ax = theta[wo + 2 * a], ay = theta[wo + 2 * a + 1], c = theta[bo + a]
            if ax == 0 && ay == 0 { continue }
            // A line crosses the open box when the corners lie strictly on both sides of it.
            var neg = false, pos = false
            for (x, y) in corners {
                let s = ax * x + ay * y + c
                if s < 0 { neg = true } else if s > 0 { pos = true }
            }
            if neg && pos { crossing.append((ax, ay, c)) }
        }
        var meets = 0
        for i in 0..<crossing.count {
            for j in (i + 1)..<max(i + 1, crossing.count) {
                let (a1, b1, c1) = crossing[i], (a2, b2, c2) = crossing[j]
                let det = a1 * b2 - a2 * b1
                if det == 0 { continue }
                // Cramer's rule for a1 x + b1 y = −c1, a2 x + b2 y = −c2.
                let x = (-c1 * b2 + c2 * b1) / det, y = (-a1 * c2 + a2 * c1) / det
                if x > box.xMin && x < box.xMax && y > box.yMin && y < box.yMax { meets += 1 }
            }
        }
        lines = crossing.count
        intersections = meets
    }
}

/// Cuts the convex polygon `p` by the line ax·x + ay·y + c = 0 like ``split(_:_:_:_:_:)`` and also returns the
/// cut: the segment of the line inside the polygon (nil when it degenerates to a point).
func splitWithCut(_ p: [Double], _ ax: Double, _ ay: Double, _ c: Double, _ eps: Double)
    -> ([Double], [Double], (Double, Double, Double, Double)?)? {
    guard let (neg, pos) = split(p, ax, ay, c, eps) else { return nil }
    // The cut's points are the vertices both halves share; the two farthest apart are its ends.
    var shared: [(Double, Double)] = []
    let nn = neg.count / 2, np = pos.count / 2
    for i in 0..<nn {
        let x = neg[2 * i], y = neg[2 * i + 1]
        for j in 0..<np where pos[2 * j] == x && pos[2 * j + 1] == y {
            shared.append((x, y))
            break
        }
    }
    guard shared.count >= 2 else { return (neg, pos, nil) }
    var best = (0, 1), bestD = -1.0
    for i in 0..<shared.count {
        for j in (i + 1)..<shared.count {
            let dx = shared[i].0 - shared[j].0, dy = shared[i].1 - shared[j].1
            let d2 = dx * dx + dy * dy
            if d2 > bestD { bestD = d2; best = (i, j) }
        }
    }
    guard bestD > 0 else { return (neg, pos, nil) }
    let s = shared[best.0], e = shared[best.1]
    return (neg, pos, (s.0, s.1, e.0, e.1))
}
