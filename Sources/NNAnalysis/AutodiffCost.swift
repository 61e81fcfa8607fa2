import Dispatch
import NNCore

/// The lecture's cost of the full input Jacobian ∂f_L/∂x of the current architecture
/// (deep-architectures notes, "Automatic differentiation"): chaining the layer Jacobians
/// df_ℓ/df_{ℓ−1} (d_ℓ × d_{ℓ−1}) from the input side (forward mode) costs d₀ Σ_{ℓ=2}^{L} d_ℓ d_{ℓ−1}
/// multiplies, from the output side (reverse mode) d_L Σ_{ℓ=0}^{L−2} d_ℓ d_{ℓ+1}. With d_L = 1 reverse
/// mode always wins (backprop). Measured: the time to compute every point's input Jacobian each way
/// (d₀ JVPs vs d_L VJPs over the same batch), median of a few repeats.
public struct AutodiffCost: Sendable, Equatable, Codable {
    public var sizes: [Int]
    /// d₀ Σ_{ℓ=2}^{L} d_ℓ d_{ℓ−1}.
    public var forwardMultiplies: Int
    /// d_L Σ_{ℓ=0}^{L−2} d_ℓ d_{ℓ+1}.
    public var reverseMultiplies: Int
    /// Seconds for all input Jacobians of the batch by forward mode / reverse mode (nil = not measured).
    public var forwardSeconds: Double?
    public var reverseSeconds: Double?
    /// Points in the measured batch.
    public var measuredPoints: Int?
    /// "forward" or "reverse" by the lecture's count (ties → "reverse").
    public var cheaper: String { forwardMultiplies < reverseMultiplies ? "forward" : "reverse" }

    /// The counts only.
    public init(sizes: [Int]) {
        self.sizes = sizes
        let L = sizes.count - 1
        var fwd = 0, rev = 0
        if L >= 2 {
            for l in 2...L { fwd += sizes[l] * sizes[l - 1] }
            for l in 0...(L - 2) { rev += sizes[l] * sizes[l + 1] }
        }
        forwardMultiplies = sizes[0] * fwd
        reverseMultiplies = sizes[L] * rev
    }

    /// Counts plus measured times on `inputs` (count × d₀), median of `repeats`.
    public init(model: MLP, inputs: [Double], count n: Int, repeats: Int = 3) throws {
        try AnalysisError.requireFinite(model)
        try AnalysisError.requirePlain(model, "the autodiff cost measurement")
        self.init(sizes: model.sizes)
        let nd = NetworkDerivatives(model: model, inputs: inputs, count: n)
        func median(_ body: () -> Void) -> Double {
            var t: [Double] = []
            for _ in 0..<max(repeats, 1) {
                let s = DispatchTime.now().uptimeNanoseconds
                body()
                t.append(Double(DispatchTime.now().uptimeNanoseconds - s) * 1e-9)
            }
            return t.sorted()[t.count / 2]
        }
        forwardSeconds = median { _ = nd.inputJacobianForward() }
        reverseSeconds = median { _ = nd.inputJacobianReverse() }
        measuredPoints = n
    }

    enum CodingKeys: String, CodingKey {
        case sizes, forwardMultiplies = "forward_multiplies", reverseMultiplies = "reverse_multiplies"
        case forwardSeconds = "forward_seconds", reverseSeconds = "reverse_seconds", measuredPoints = "measured_points", cheaper
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sizes, forKey: .sizes)
        try c.encode(forwardMultiplies, forKey: .forwardMultiplies)
        try c.encode(reverseMultiplies, forKey: .reverseMultiplies)
        try c.encodeIfPresent(forwardSeconds, forKey: .forwardSeconds)
        try c.encodeIfPresent(reverseSeconds, forKey: .reverseSeconds)
        try c.encodeIfPresent(measuredPoints, forKey: .measuredPoints)
        try c.encode(cheaper, forKey: .cheaper)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sizes = try c.decode([Int].self, forKey: .sizes)
        forwardMultiplies = try c.decode(Int.self, forKey: .forwardMultiplies)
        reverseMultiplies = try c.decode(Int.self, forKey: .reverseMultiplies)
        forwardSeconds = try c.decodeIfPresent(Double.self, forKey: .forwardSeconds)
        reverseSeconds = try c.decodeIfPresent(Double.self, forKey: .reverseSeconds)
        measuredPoints = try c.decodeIfPresent(Int.self, forKey: .measuredPoints)
    }
}
