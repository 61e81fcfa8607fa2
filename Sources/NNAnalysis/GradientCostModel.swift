import Dispatch
import NNCore

/// The cost of ∇_θ(uᵀ f_L(x)) at one point for an architecture d₀, …, d_L, in closed form (the numbers
/// `CountedAutodiff` counts while it runs; the tests check they agree on several shapes).
///
/// With F = Σ_ℓ d_ℓ d_{ℓ−1} (one forward pass), D = Σ_{ℓ≥1} d_ℓ and P_ℓ = d_ℓ(d_{ℓ−1} + 1):
/// - reverse mode (one VJP): F + D (δ_ℓ = e_ℓ ⊙ φ′_ℓ) + F (∂W_ℓ = δ_ℓ φ_{ℓ−1}ᵀ) + F − d₁d₀ (e_{ℓ−1} = W_ℓᵀ δ_ℓ,
///   not needed below layer 1) = 3F − d₁d₀ + D: a small constant (≤ 3 + D/F) times the forward pass;
/// - forward mode (P JVPs, each from the input): Σ_ℓ P_ℓ (F + Σ_{m>ℓ} d_m d_{m−1} + Σ_{m≥ℓ} d_m + d_L), between
///   P·F and about 2P·F: P times a forward pass;
/// - checkpointing every k layers: reverse mode plus one recomputed forward pass, 4F − d₁d₀ + D.
/// Memory (activation-sized Doubles held at once): reverse mode caches φ_ℓ and φ′_ℓ of every layer,
/// max(2D + d_L, max_{ℓ≥2} 2Σ_{m<ℓ} d_m + d_ℓ + d_{ℓ−1}); forward mode holds a primal and a tangent, twice
/// the forward pass's max_ℓ (d_{ℓ−1}[ℓ ≥ 2] + d_ℓ); checkpointing holds the checkpoints plus one segment.
public struct GradientCostModel: Sendable, Equatable, Codable {
    public var sizes: [Int]
    public var parameterCount: Int
    /// Checkpoint segment length k = ⌈√L⌉.
    public var checkpointEvery: Int
    public var forwardPass: AutodiffTally
    public var reverse: AutodiffTally
    public var forwardMode: AutodiffTally
    /// Multiplies in closed form; memory as counted by `CountedAutodiff` on a zero network of this shape
    /// (the count does not depend on the values).
    public var checkpointed: AutodiffTally
    /// The lecture's input-Jacobian counts (d₀Σd_ℓd_{ℓ−1} vs d_LΣd_ℓd_{ℓ+1}).
    public var inputJacobian: AutodiffCost

    /// Seconds for the full gradient of uᵀz summed over a batch: one VJP, and P JVPs (extrapolated from
    /// `jvpsTimed` of them when P is large); nil until measured.
    public var reverseSeconds: Double?
    public var forwardSeconds: Double?
    public var jvpsTimed: Int?
    public var measuredPoints: Int?

    public init(sizes: [Int]) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 })
        self.sizes = sizes
        let L = sizes.count - 1
        parameterCount = MLP.parameterCount(sizes: sizes)
        checkpointEvery = Self.segment(layers: L)
        let F = Self.forwardMultiplies(sizes), D = sizes.dropFirst().reduce(0, +)
        var inference = 0
        for l in 1...L { inference = Swift.max(inference, (l >= 2 ? sizes[l - 1] : 0) + sizes[l]) }
        forwardPass = AutodiffTally(multiplies: F, peakValues: inference)
        var revPeak = 2 * D + sizes[L], below = 0
        for l in 1...L {
            if l >= 2 { revPeak = Swift.max(revPeak, 2 * below + sizes[l] + sizes[l - 1]) }
            below += sizes[l]
        }
        reverse = AutodiffTally(multiplies: 3 * F - sizes[1] * sizes[0] + D, peakValues: revPeak)
        var fwd = 0
        for l in 1...L {
            var tangent = sizes[L]
            for m in l...L { tangent += sizes[m] + (m > l ? sizes[m] * sizes[m - 1] : 0) }
            fwd += sizes[l] * (sizes[l - 1] + 1) * (F + tangent)
        }
        forwardMode = AutodiffTally(multiplies: fwd, peakValues: 2 * inference)
        let zero = MLP(sizes: sizes, hidden: .linear)
        let counted = CountedAutodiff.checkpointed(model: zero, input: [Double](repeating: 0, count: sizes[0]),
                                                   cotangent: [Double](repeating: 0, count: sizes[L]), every: checkpointEvery)
        checkpointed = AutodiffTally(multiplies: 4 * F - sizes[1] * sizes[0] + D, peakValues: counted.tally.peakValues)
        inputJacobian = AutodiffCost(sizes: sizes)
    }

    /// F = Σ_ℓ d_ℓ d_{ℓ−1}.
    public static func forwardMultiplies(_ sizes: [Int]) -> Int {
        var f = 0
        for l in 1..<sizes.count { f += sizes[l] * sizes[l - 1] }
        return f
    }

    /// ⌈√L⌉: the usual segment length (O(√L) checkpoints, O(√L) layers recomputed at a time).
    public static func segment(layers L: Int) -> Int {
        var k = 1
        while k * k < L { k += 1 }
        return k
    }

    /// Reverse-mode multiplies over one forward pass (3 − (d₁d₀ − D)/F).
    public var reverseOverForward: Double { Double(reverse.multiplies) / Double(Swift.max(1, forwardPass.multiplies)) }
    /// Forward-mode multiplies over one forward pass (≈ P).
    public var forwardModeOverForward: Double { Double(forwardMode.multiplies) / Double(Swift.max(1, forwardPass.multiplies)) }

    /// Counts plus measured times on `inputs` (count × d₀) with cotangent 1 on every output: one VJP over the
    /// batch vs P JVPs (`NetworkDerivatives`), median of `repeats`. JVPs are timed for at most `jvpBudget`
    /// parameters and scaled to P. `isCancelled` is checked between JVPs (nil when it said yes).
    public static func measured(model: MLP, inputs: [Double], count n: Int, repeats: Int = 3, jvpBudget: Int = 256,
                                isCancelled: () -> Bool = { false }) throws -> GradientCostModel? {
        try AnalysisError.requireFinite(model)
        guard n >= 1, inputs.count == n * model.inputSize else {
            throw AnalysisError.dataMismatch("cost inputs must be n × \(model.inputSize), n ≥ 1")
        }
        var cost = GradientCostModel(sizes: model.sizes)
        let nd = NetworkDerivatives(model: model, inputs: inputs, count: n)
        let u = [Double](repeating: 1, count: n * model.outputSize)
        let P = model.parameterCount, timed = Swift.min(P, Swift.max(1, jvpBudget))
        func seconds(_ body: () -> Void) -> Double {
            var t: [Double] = []
            for _ in 0..<Swift.max(repeats, 1) {
                let s = DispatchTime.now().uptimeNanoseconds
                body()
                t.append(Double(DispatchTime.now().uptimeNanoseconds &- s) * 1e-9)
            }
            return t.sorted()[t.count / 2]
        }
        cost.reverseSeconds = seconds { _ = nd.vjp(u) }
        var v = [Double](repeating: 0, count: P)
        var cancelled = false
        let fwd = seconds {
            for j in 0..<timed {
                if isCancelled() { cancelled = true; return }
                // Spread the timed parameters over all layers (their JVPs cost differently).
                let i = timed == P ? j : j * P / timed
                v[i] = 1
                _ = nd.jvp(parameters: v)
                v[i] = 0
            }
        }
        if cancelled { return nil }
        cost.forwardSeconds = fwd * Double(P) / Double(timed)
        cost.jvpsTimed = timed
        cost.measuredPoints = n
        return cost
    }
}
