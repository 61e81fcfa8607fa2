import NNCore

/// Why an analysis refused to run. Every case names what was wrong in one line (`description`).
public enum AnalysisError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The model has NaN or ±∞ parameters: nothing computed from them would mean anything.
    case nonFiniteParameters(count: Int)
    /// Exact linear regions need piecewise-linear activations (relu, leaky_relu, abs, linear).
    case notPiecewiseLinear(layer: Int, activation: String)
    /// The analysis needs a given input dimension (1 for kinks, 2 for region maps).
    case inputDimension(expected: Int, got: Int)
    /// The data does not fit the model (sizes differ).
    case dataMismatch(String)
    /// An interval or box with no interior (or non-finite bounds).
    case emptyDomain(String)
    /// The analysis follows plain layers f = W φ + b → φ(f) only; the model normalises (LayerNorm/BatchNorm).
    case normalizedModel(analysis: String)
    /// The analysis would take more than its work limit (a cap that keeps memory and time bounded).
    case workLimit(analysis: String, limit: Int)

    public var description: String {
        switch self {
        case .nonFiniteParameters(let c):
            return "the model has \(c) non-finite parameter(s) (NaN or ±inf): refusing to analyse it"
        case .notPiecewiseLinear(let l, let a):
            return "layer \(l + 1) uses \(a), which is not piecewise linear: exact linear regions need relu, leaky_relu, abs or linear"
        case .inputDimension(let e, let g):
            return "this analysis needs a model with \(e)-dimensional input, got \(g)"
        case .dataMismatch(let s): return s
        case .emptyDomain(let s): return s
        case .normalizedModel(let a):
            return "\(a) is not available for networks with LayerNorm or BatchNorm layers"
        case .workLimit(let a, let limit):
            return "\(a) would take more than \(limit) operations (its work limit) on this network"
        }
    }

    /// Throws `.normalizedModel` when the model has normalised layers (analyses written for plain layers).
    static func requirePlain(_ model: MLP, _ analysis: String) throws {
        if model.isNormalized { throw AnalysisError.normalizedModel(analysis: analysis) }
    }

    /// Throws `.nonFiniteParameters` unless every parameter is finite.
    static func requireFinite(_ model: MLP) throws {
        let bad = model.parameters.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        if bad > 0 { throw AnalysisError.nonFiniteParameters(count: bad) }
    }
}

/// The two slopes of a piecewise-linear activation: φ(f) = g·f with g = `negative` for f < 0 and
/// `positive` for f > 0 (all of relu, leaky_relu, abs, linear pass through 0).
struct PiecewiseSlopes {
    var negative: Double
    var positive: Double
    /// True when the activation actually bends at 0 (so a zero crossing splits a region).
    var bends: Bool { negative != positive }

    /// The affine map φ(f) on one convex piece of the plane, given the layer's pre-activation map `f`
    /// (3·dOut coefficients: x-slopes, y-slopes, offsets, unit by unit) that has no zero inside the piece:
    /// which side each unit is on is read at the piece's vertex centroid (strictly inside), and that side's
    /// slope scales the unit's coefficients.
    func activatedMap(on piece: [Double], pre f: UnsafePointer<Double>, units dOut: Int) -> [Double] {
        var cx = 0.0, cy = 0.0
        let nv = piece.count / 2
        for v in 0..<nv { cx += piece[2 * v]; cy += piece[2 * v + 1] }
        cx /= Double(nv); cy /= Double(nv)
        var m = [Double](repeating: 0, count: 3 * dOut)
        for a in 0..<dOut {
            let val = f[a] * cx + f[dOut + a] * cy + f[2 * dOut + a]
            let k = val > 0 ? positive : negative
            if k == 0 { continue }
            m[a] = k * f[a]; m[dOut + a] = k * f[dOut + a]; m[2 * dOut + a] = k * f[2 * dOut + a]
        }
        return m
    }

    init?(_ a: Activation) {
        switch a.kind {
        case .relu: negative = 0; positive = 1
        case .leakyRelu: negative = a.alpha; positive = 1
        case .abs: negative = -1; positive = 1
        case .linear: negative = 1; positive = 1
        case .tanh, .sigmoid, .softplus: return nil
        }
    }

    static func all(_ model: MLP) throws -> [PiecewiseSlopes] {
        try model.activations.enumerated().map { l, a in
            guard let s = PiecewiseSlopes(a) else { throw AnalysisError.notPiecewiseLinear(layer: l, activation: a.name) }
            return s
        }
    }
}
