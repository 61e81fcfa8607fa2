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
