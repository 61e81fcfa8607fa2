/// View models of the pictures: every unit's output over the input (the network pane's thumbnails) and what
/// the 2D map shades and draws on top (confidence, exact region boundaries, active-unit counts). Built off
/// the main queue by ``PictureAdapter`` from one forward pass over the map's grid (or the fit's x samples).

import NNAnalysis

/// Every unit's output over the input, with the weights that connect the units.
public struct UnitPictures: Sendable, Equatable {
    /// 2: each unit is a heatmap over the plane's box; 1: each unit is a curve over the x range.
    public var inputDimension: Int
    /// The plane's box (x₁ across, x₂ up) or, for 1D, the x range in `xRange`.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Samples across (x) and down (row 0 is the largest x₂; 1 for a 1D input).
    public var columns: Int
    public var rows: Int
    /// values[ℓ][unit]: rows × columns samples, row-major. ℓ = 0 are the inputs themselves (x₁, x₂ or x), then
    /// the hidden layers' φ_ℓ and the output layer's outputs.
    public var values: [[[Float]]]
    /// 1D only: kinks[ℓ][unit], the x positions where the unit's activation input crosses zero (ℓ as in `values`;
    /// empty for the inputs and for units that never switch).
    public var kinks: [[[Double]]]
    /// weights[ℓ] is W_{ℓ+1} (out × in, row-major) and biases[ℓ] is b_{ℓ+1}, for ℓ = 0…L−1.
    public var weights: [[Double]]
    public var biases: [[Double]]
    /// The activation of each layer of `values` ("input" for ℓ = 0).
    public var activations: [String]

    public init(inputDimension: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int,
                values: [[[Float]]], kinks: [[[Double]]] = [], weights: [[Double]], biases: [[Double]], activations: [String]) {
        self.inputDimension = inputDimension
        self.xRange = xRange
        self.yRange = yRange
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.values = values
        self.kinks = kinks
        self.weights = weights
        self.biases = biases
        self.activations = activations
    }

    /// Units in layer ℓ (ℓ = 0: inputs).
    public func width(_ layer: Int) -> Int { layer >= 0 && layer < values.count ? values[layer].count : 0 }

    /// Sample (column c, row r) of unit `u` in layer ℓ; nil outside.
    public func value(layer: Int, unit: Int, column c: Int, row r: Int) -> Float? {
        guard layer >= 0, layer < values.count, unit >= 0, unit < values[layer].count,
              c >= 0, c < columns, r >= 0, r < rows else { return nil }
        let v = values[layer][unit]
        let i = r * columns + c
        return i < v.count ? v[i] : nil
    }

    /// The largest |value| of a unit over its samples (its own colour scale; 0 for a unit that is 0 everywhere).
    public func scale(layer: Int, unit: Int) -> Float {
        guard layer >= 0, layer < values.count, unit >= 0, unit < values[layer].count else { return 0 }
        var m: Float = 0
        for v in values[layer][unit] where v.isFinite { m = max(m, abs(v)) }
        return m
    }

    /// W_ℓ[unit, i] for ℓ ≥ 1 (the weight from unit i of layer ℓ−1 into `unit` of layer ℓ).
    public func weight(layer: Int, unit: Int, from i: Int) -> Double? {
        let l = layer - 1
        guard l >= 0, l < weights.count, layer < values.count, layer - 1 < values.count else { return nil }
        let dIn = width(layer - 1)
        guard unit >= 0, unit < width(layer), i >= 0, i < dIn else { return nil }
        let k = unit * dIn + i
        return k < weights[l].count ? weights[l][k] : nil
    }

    /// b_ℓ[unit] for ℓ ≥ 1.
    public func bias(layer: Int, unit: Int) -> Double? {
        let l = layer - 1
        guard l >= 0, l < biases.count, unit >= 0, unit < biases[l].count else { return nil }
        return biases[l][unit]
    }
}

/// The exact linear-region boundaries of the map, layer by layer (from ``NNAnalysis/RegionPartition2D``).
public struct RegionOverlay: Sendable, Equatable {
    /// Regions after each hidden layer.
    public var perLayer: [Int]
    /// cuts[ℓ]: the segments cut by hidden layer ℓ's units (the regions after layer ℓ are bounded by cuts[0…ℓ]).
    public var cuts: [[RegionPartition2D.Segment]]
    /// One hidden layer: its lines crossing the box and their intersections inside it (nil otherwise).
    public var arrangement: LineArrangement2D?

    public init(perLayer: [Int], cuts: [[RegionPartition2D.Segment]], arrangement: LineArrangement2D? = nil) {
        self.perLayer = perLayer
        self.cuts = cuts
        self.arrangement = arrangement
    }
}

/// What the 2D map draws besides the predicted class.
public struct MapPictures: Sendable, Equatable {
    /// How the map is shaded.
    public enum Shading: Sendable, Equatable {
        /// Classification: `shade` is the confidence in 0…1 (0 on the decision boundary, 1 certain):
        /// 2|p − ½| for one logit, (p_max − 1/k)/(1 − 1/k) for a softmax over k classes.
        case confidence
        /// Regression: `shade` is the value on a ramp −1…1 over `range` (−1 at its low end, 0 in the middle).
        case value(range: ClosedRange<Double>)
    }

    public var shading: Shading
    /// gridWidth × gridHeight values (same layout as the map's labels).
    public var shade: [Float]
    /// Number of active hidden units (activation input > 0) per grid cell, and the number of hidden units.
    public var activeUnits: [UInt16]
    public var hiddenUnits: Int
    /// Exact boundaries (nil when the net is not piecewise linear or too wide for the exact partition).
    public var overlay: RegionOverlay?

    public init(shading: Shading, shade: [Float], activeUnits: [UInt16] = [], hiddenUnits: Int = 0,
                overlay: RegionOverlay? = nil) {
        self.shading = shading
        self.shade = shade
        self.activeUnits = activeUnits
        self.hiddenUnits = hiddenUnits
        self.overlay = overlay
    }
}
