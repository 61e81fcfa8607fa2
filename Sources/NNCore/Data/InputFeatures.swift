/// One input feature: a fixed function of the raw input that the network sees instead of (or besides) the
/// raw coordinates — TensorFlow Playground's "features" column. The raw values are the preset names.
///
/// 2D data (x = (x₁, x₂)): `x1`, `x2`, `x1^2`, `x2^2`, `x1*x2`, `sin(x1)`, `sin(x2)`, `cos(x1)`, `cos(x2)`.
/// 1D data (x): `x`, `x^2`, `x^3`, `sin(x)`, `cos(x)`.
/// sin and cos are NNCore's deterministic ones (IEEE operations only), so featurised data is bit-identical
/// on every platform like the data itself.
public enum InputFeature: String, Sendable, Hashable, CaseIterable, Codable {
    case x1, x2
    case x1Squared = "x1^2", x2Squared = "x2^2", x1x2 = "x1*x2"
    case sinX1 = "sin(x1)", sinX2 = "sin(x2)", cosX1 = "cos(x1)", cosX2 = "cos(x2)"
    case x
    case xSquared = "x^2", xCubed = "x^3", sinX = "sin(x)", cosX = "cos(x)"

    /// The preset name.
    public var name: String { rawValue }

    /// The features defined for raw inputs of dimension `d` (1 or 2; empty otherwise), in the order above.
    public static func names(forInputSize d: Int) -> [InputFeature] {
        switch d {
        case 1: return [.x, .xSquared, .xCubed, .sinX, .cosX]
        case 2: return [.x1, .x2, .x1Squared, .x2Squared, .x1x2, .sinX1, .sinX2, .cosX1, .cosX2]
        default: return []
        }
    }

    /// The raw coordinates in order: the identity map for dimension `d`.
    public static func identity(inputSize d: Int) -> [InputFeature] {
        switch d {
        case 1: return [.x]
        case 2: return [.x1, .x2]
        default: return []
        }
    }

    /// The feature's value at a raw input row (of the dimension the feature belongs to).
    @inline(__always)
    public func value(_ x: UnsafePointer<Double>) -> Double {
        switch self {
        case .x1, .x: return x[0]
        case .x2: return x[1]
        case .x1Squared, .xSquared: return x[0] * x[0]
        case .x2Squared: return x[1] * x[1]
        case .x1x2: return x[0] * x[1]
        case .xCubed: return x[0] * x[0] * x[0]
        case .sinX1, .sinX: return DataMath.sinPi(x[0] / Double.pi)
        case .sinX2: return DataMath.sinPi(x[1] / Double.pi)
        case .cosX1, .cosX: return DataMath.cosPi(x[0] / Double.pi)
        case .cosX2: return DataMath.cosPi(x[1] / Double.pi)
        }
    }
}

/// The map from raw inputs (dimension ``rawSize``) to the network's inputs (one per feature, in order).
/// Applied once when the data set is built; everything that evaluates the network at raw points (the map,
/// the fit curve, clicked points) applies the same map first.
public struct FeatureMap: Sendable, Hashable {
    /// Dimension of the raw input (1 or 2).
    public let rawSize: Int
    /// The features, in the order of the network's inputs.
    public let features: [InputFeature]

    /// nil unless every feature belongs to `rawSize` and the list is non-empty without repeats.
    public init?(rawSize: Int, features: [InputFeature]) {
        let allowed = InputFeature.names(forInputSize: rawSize)
        guard !features.isEmpty, features.allSatisfy(allowed.contains), Set(features).count == features.count else {
            return nil
        }
        self.rawSize = rawSize
        self.features = features
    }

    /// Number of network inputs.
    public var outputSize: Int { features.count }

    /// True when the features are the raw coordinates in order (the map changes nothing).
    public var isIdentity: Bool { features == InputFeature.identity(inputSize: rawSize) }

    /// The preset names, in order.
    public var names: [String] { features.map(\.name) }

    /// The features of `count` raw rows (`x` is count × rawSize, row-major): count × outputSize.
    public func apply(_ x: [Double], count: Int) -> [Double] {
        precondition(x.count == count * rawSize, "raw inputs must be count × \(rawSize)")
        let k = features.count
        var out = [Double](repeating: 0, count: count * k)
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                guard let xp = xb.baseAddress, let op = ob.baseAddress else { return }
                for r in 0..<count {
                    let row = xp + r * rawSize
                    for (j, f) in features.enumerated() { op[r * k + j] = f.value(row) }
                }
            }
        }
        return out
    }

    /// The data set with its inputs replaced by their features (targets unchanged).
    public func apply(_ data: Dataset) -> Dataset {
        precondition(data.inputSize == rawSize, "the data's inputs must have dimension \(rawSize)")
        return Dataset(inputSize: features.count, targetSize: data.targetSize, x: apply(data.x, count: data.count),
                       y: data.y)
    }

    /// Both parts of generated data, featurised.
    public func apply(_ data: GeneratedData) -> GeneratedData {
        GeneratedData(train: apply(data.train), test: apply(data.test), task: data.task)
    }
}
