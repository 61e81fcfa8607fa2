import Foundation

/// A pointwise nonlinearity φ applied to a layer's pre-activation f to give φ(f).
///
/// The names (`rawValue` of ``Kind``) are the ones used in preset files and in `nnviz inspect`.
public struct Activation: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case relu
        case leakyRelu = "leaky_relu"
        case tanh
        case sigmoid
        case linear
        case abs
        case softplus
    }

    public var kind: Kind
    /// Negative-side slope of `leaky_relu` (ignored by the other kinds).
    public var alpha: Double

    public init(_ kind: Kind, alpha: Double = 0.01) {
        self.kind = kind
        self.alpha = alpha
    }

    public static let relu = Activation(.relu)
    public static let tanh = Activation(.tanh)
    public static let sigmoid = Activation(.sigmoid)
    public static let linear = Activation(.linear)
    public static let abs = Activation(.abs)
    public static let softplus = Activation(.softplus)
    public static func leakyRelu(alpha: Double = 0.01) -> Activation { Activation(.leakyRelu, alpha: alpha) }

    /// The preset/JSON name, e.g. `"leaky_relu"`.
    public var name: String { kind.rawValue }

    /// True for activations that are piecewise linear (so the network is piecewise affine in its input).
    public var isPiecewiseLinear: Bool {
        switch kind {
        case .relu, .leakyRelu, .linear, .abs: return true
        case .tanh, .sigmoid, .softplus: return false
        }
    }

    public var description: String { kind == .leakyRelu ? "leaky_relu(\(alpha))" : name }
}

// MARK: - Scalar maths, shared by training (NNCore) and analysis (NNAnalysis)

extension Activation {
    /// φ(f).
    @inlinable
    public func value(_ f: Double) -> Double {
        switch kind {
        case .relu: return f > 0 ? f : 0
        case .leakyRelu: return f > 0 ? f : alpha * f
        case .tanh: return Foundation.tanh(f)
        case .sigmoid: return Activation.logistic(f)
        case .linear: return f
        case .abs: return Swift.abs(f)
        // log(1 + e^f), stable for large |f|.
        case .softplus: return Swift.max(f, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(f)))
        }
    }

    /// φ′(f). At the kink of relu/leaky_relu/abs (f = 0) the right-hand derivative's convention is used:
    /// relu′(0) = 0, leaky_relu′(0) = α, abs′(0) = 0 (the sub-gradient PyTorch uses).
    @inlinable
    public func derivative(_ f: Double) -> Double {
        switch kind {
        case .relu: return f > 0 ? 1 : 0
        case .leakyRelu: return f > 0 ? 1 : alpha
        case .tanh: let t = Foundation.tanh(f); return 1 - t * t
        case .sigmoid: let s = Activation.logistic(f); return s * (1 - s)
        case .linear: return 1
        case .abs: return f > 0 ? 1 : (f < 0 ? -1 : 0)
        case .softplus: return Activation.logistic(f)
        }
    }

    /// φ″(f) (zero almost everywhere for the piecewise-linear kinds).
    @inlinable
    public func secondDerivative(_ f: Double) -> Double {
        switch kind {
        case .relu, .leakyRelu, .linear, .abs: return 0
        case .tanh: let t = Foundation.tanh(f); return -2 * t * (1 - t * t)
        case .sigmoid: let s = Activation.logistic(f); return s * (1 - s) * (1 - 2 * s)
        case .softplus: let s = Activation.logistic(f); return s * (1 - s)
        }
    }

    /// σ(f) = 1 / (1 + e^{−f}), without overflow for large |f|.
    @inlinable
    public static func logistic(_ f: Double) -> Double {
        if f >= 0 { return 1 / (1 + Foundation.exp(-f)) }
        let e = Foundation.exp(f)
        return e / (1 + e)
    }
}
