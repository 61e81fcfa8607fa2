import NNCore

/// Activation patterns of a 2-input MLP sampled at the centres of a grid of cells over a box: a lower
/// bound on the number of linear regions (a region smaller than a cell can be missed), a region map to
/// colour, and the number of active hidden units in every cell.
///
/// A cell's pattern is the on/off (pre-activation > 0) bit of every hidden unit. Patterns are compared by a
/// 128-bit hash of the packed bits (two independent 64-bit mixes, per hidden-layer prefix), so distinct
/// counts per layer come from one pass. For smooth activations the pattern is still the sign pattern.
public struct RegionGrid: Sendable, Equatable {
    public let box: RegionBox
    public let columns: Int
    public let rows: Int
    /// rows × columns, row-major, row 0 at the TOP (y = yMax side), column 0 at x = xMin: an index in
    /// 0..<distinctCount numbering patterns in order of first appearance (stable colours).
    public let regionIndex: [Int32]
    /// Number of hidden units with positive pre-activation in each cell (same layout).
    public let activeUnits: [Int32]
    /// Distinct full patterns (all hidden layers) on the grid.
    public var distinctCount: Int { distinctPerLayer.last ?? 1 }
    /// Distinct patterns of hidden layers 1…ℓ, for each hidden layer ℓ.
    public let distinctPerLayer: [Int]

    /// `features` (2D raw input): the network's inputs at a cell centre x are the features of x, so the
    /// patterns are those of the network as a function of x (their boundaries are then curves in x).
    public init(model: MLP, box: RegionBox, columns: Int, rows: Int, features: FeatureMap? = nil) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the region grid")
        if let features {
            guard features.rawSize == 2 else { throw AnalysisError.inputDimension(expected: 2, got: features.rawSize) }
            guard model.inputSize == features.outputSize else {
                throw AnalysisError.inputDimension(expected: features.outputSize, got: model.inputSize)
            }
        } else {
            guard model.inputSize == 2 else { throw AnalysisError.inputDimension(expected: 2, got: model.inputSize) }
        }
        let featureList = features?.features ?? []
        var raw = [0.0, 0.0]
        guard box.isValid, columns >= 1, rows >= 1 else {
            throw AnalysisError.emptyDomain("region grid needs a non-empty box and ≥ 1 column and row")
        }
        self.box = box; self.columns = columns; self.rows = rows
        let hidden = model.layerCount - 1
        let maxWidth = model.sizes.max() ?? 1
        var index = [Int32](repeating: 0, count: rows * columns)
        var active = [Int32](repeating: 0, count: rows * columns)
        var seen = [Set<PatternKey>](repeating: [], count: hidden)
        var numbering: [PatternKey: Int32] = [:]
        var cur = [Double](repeating: 0, count: maxWidth), nxt = [Double](repeating: 0, count: maxWidth)
        let dx = (box.xMax - box.xMin) / Double(columns), dy = (box.yMax - box.yMin) / Double(rows)
        model.parameters.withUnsafeBufferPointer { tb in
        cur.withUnsafeMutableBufferPointer { cb in
        nxt.withUnsafeMutableBufferPointer { nb in
            guard let theta = tb.baseAddress, var h = cb.baseAddress, var z = nb.baseAddress else { return }
            for r in 0..<rows {
                let y = box.yMax - (Double(r) + 0.5) * dy
                for c in 0..<columns {
                    let x = box.xMin + (Double(c) + 0.5) * dx
                    if featureList.isEmpty {
                        h[0] = x
                        h[1] = y
                    } else {
                        raw[0] = x
                        raw[1] = y
                        raw.withUnsafeBufferPointer { rb in
                            guard let rp = rb.baseAddress else { return }
                            for (j, f) in featureList.enumerated() { h[j] = f.value(rp) }
                        }
                    }
                    var key = PatternKey()
                    var on: Int32 = 0
                    for l in 0..<hidden {
                        let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                        let w = theta + model.weightOffset(layer: l), b = theta + model.biasOffset(layer: l)
                        let act = model.activations[l]
                        var word: UInt64 = 0, bit = 0
                        for a in 0..<dOut {
                            let f = kdot(w + a * dIn, h, dIn) + b[a]
                            if f > 0 { word |= 1 << UInt64(bit); on += 1 }
                            z[a] = act.value(f)
                            bit += 1
                            if bit == 64 { key.mix(word); word = 0; bit = 0 }
                        }
                        key.mix(word ^ (UInt64(l + 1) << 58))
                        seen[l].insert(key)
                        swap(&h, &z)
                    }
                    let cell = r * columns + c
                    active[cell] = on
                    if let k = numbering[key] { index[cell] = k } else {
                        let k = Int32(numbering.count)
                        numbering[key] = k
                        index[cell] = k
                    }
                }
            }
        }}}
        regionIndex = index
        activeUnits = active
        distinctPerLayer = seen.map(\.count)
    }
}

/// A 128-bit running hash of pattern words (two independent 64-bit mixes).
struct PatternKey: Hashable {
    var a: UInt64 = 0x243F_6A88_85A3_08D3
    var b: UInt64 = 0x1319_8A2E_0370_7344

    mutating func mix(_ w: UInt64) {
        a = PatternKey.fmix((a ^ w) &* 0x9E37_79B9_7F4A_7C15)
        b = PatternKey.fmix((b &+ w) &* 0xC2B2_AE3D_27D4_EB4F ^ (b >> 29))
    }

    static func fmix(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33; k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33; k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
