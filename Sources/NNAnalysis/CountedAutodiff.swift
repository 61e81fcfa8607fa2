import NNCore

/// What one way of computing a gradient costs, as counted while it runs.
public struct AutodiffTally: Sendable, Equatable, Codable {
    /// Scalar multiplications (matrix products and elementwise products; additions and activation
    /// evaluations are not counted).
    public var multiplies: Int
    /// The most activation-sized values (pre-activations, φ, φ′, tangents, cotangents) held at once, in
    /// Doubles. The input x, the weights and the gradient being written are not counted: every method
    /// needs them equally.
    public var peakValues: Int

    public init(multiplies: Int = 0, peakValues: Int = 0) {
        self.multiplies = multiplies
        self.peakValues = peakValues
    }
}

/// Deliberately plain, instrumented implementations of the lecture's ways to get ∇_θ(uᵀ f_L(x)) at one
/// point x: a forward pass, reverse mode (one VJP with every activation cached), forward mode (one JVP per
/// parameter, each carried from the input beside the primal, caching nothing), and reverse mode with
/// checkpointing (only every k-th layer's φ kept; each segment recomputed during the backward pass).
///
/// Every multiply goes through `mul`, every activation-sized buffer through `hold`/`drop`, so the tallies
/// are what the code did, not what a formula says: `GradientCostModel` derives the same numbers in closed
/// form and the tests compare the two. The gradients are real too (tests compare them with
/// `NetworkDerivatives` and central differences), so the counted code is the code that works.
public enum CountedAutodiff {
    /// Running counts of one computation.
    struct Meter {
        var tally = AutodiffTally()
        var live = 0
        mutating func mul(_ a: Double, _ b: Double) -> Double { tally.multiplies += 1; return a * b }
        mutating func hold(_ n: Int) { live += n; tally.peakValues = Swift.max(tally.peakValues, live) }
        mutating func drop(_ n: Int) { live -= n }
    }

    /// z = f_L(x) (post-activation of the last layer) and the cost of computing it.
    public static func forwardPass(model: MLP, input x: [Double]) -> (output: [Double], tally: AutodiffTally) {
        precondition(x.count == model.inputSize)
        var m = Meter()
        var prev = x
        for l in 0..<model.layerCount {
            let next = affine(model, l, prev, &m)
            m.hold(next.count)
            if l > 0 { m.drop(prev.count) }
            prev = next.map(model.activations[l].value)
        }
        return (prev, m.tally)
    }

    /// Reverse mode: one forward pass caching φ_ℓ and φ′_ℓ for every layer, then one backward pass.
    public static func reverse(model: MLP, input x: [Double], cotangent u: [Double]) -> (gradient: [Double], tally: AutodiffTally) {
        precondition(x.count == model.inputSize && u.count == model.outputSize)
        var m = Meter()
        let L = model.layerCount
        var phi: [[Double]] = [x], dphi: [[Double]] = [[]]
        for l in 0..<L {
            let f = affine(model, l, phi[l], &m)
            m.hold(2 * f.count)
            phi.append(f.map(model.activations[l].value))
            dphi.append(f.map(model.activations[l].derivative))
        }
        var g = [Double](repeating: 0, count: model.parameterCount)
        var e = u
        m.hold(e.count)
        backward(model, layers: (0..<L).reversed(), e: &e, phi: &phi, dphi: &dphi, into: &g, &m)
        return (g, m.tally)
    }

    /// Backpropagates cotangent `e` (of φ at the last layer in `layers`) through `layers` (descending),
    /// writing weight and bias gradients and dropping each cached φ/φ′ once used. On return `e` is the
    /// cotangent of φ below the first layer (empty below layer 0).
    static func backward(_ model: MLP, layers: ReversedCollection<Range<Int>>, e: inout [Double],
                         phi: inout [[Double]], dphi: inout [[Double]], into g: inout [Double], _ m: inout Meter) {
        for l in layers {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1]
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
            for a in 0..<dOut { e[a] = m.mul(e[a], dphi[l + 1][a]) }   // δ_ℓ = e_ℓ ⊙ φ′(f_ℓ), in place
            m.drop(dphi[l + 1].count + phi[l + 1].count)
            dphi[l + 1] = []; phi[l + 1] = []
            for a in 0..<dOut {
                for b in 0..<dIn { g[wo + a * dIn + b] += m.mul(e[a], phi[l][b]) }   // ∂W_ℓ = δ φ_{ℓ−1}ᵀ
                g[bo + a] += e[a]
            }
            guard l > 0 else { m.drop(dOut); e = []; continue }
            var below = [Double](repeating: 0, count: dIn)   // e_{ℓ−1} = W_ℓᵀ δ_ℓ
            m.hold(dIn)
            for a in 0..<dOut { for b in 0..<dIn { below[b] += m.mul(model.parameters[wo + a * dIn + b], e[a]) } }
            m.drop(dOut)
            e = below
        }
    }

    /// Forward mode: one JVP per parameter θ_i (unit tangent e_i), primal and tangent carried together
    /// from the input, nothing cached. The tangent is zero below θ_i's layer (skipped); at its layer
    /// ḟ_ℓ = (φ_{ℓ−1}ᵀ ⊗ I) e_i is one copied value (φ_{ℓ−1,b} for W_ℓ[a][b], 1 for b_ℓ[a]), no multiply.
    public static func forwardMode(model: MLP, input x: [Double], cotangent u: [Double]) -> (gradient: [Double], tally: AutodiffTally) {
        precondition(x.count == model.inputSize && u.count == model.outputSize)
        var m = Meter()
        var g = [Double](repeating: 0, count: model.parameterCount)
        for l0 in 0..<model.layerCount {
            let dIn = model.sizes[l0], dOut = model.sizes[l0 + 1]
            let wo = model.weightOffset(layer: l0), bo = model.biasOffset(layer: l0)
            for i in wo..<(bo + dOut) {
                let (row, col) = i < bo ? ((i - wo) / dIn, (i - wo) % dIn) : (i - bo, -1)
                g[i] = jvp(model, x, u, seedLayer: l0, row: row, column: col, &m)
            }
        }
        return (g, m.tally)
    }

    /// uᵀ ∂f_L/∂θ_i for the parameter at (row, column) of layer `seedLayer` (column −1: the bias).
    static func jvp(_ model: MLP, _ x: [Double], _ u: [Double], seedLayer l0: Int, row: Int, column: Int,
                    _ m: inout Meter) -> Double {
        var prev = x, tangent: [Double] = []
        for l in 0..<model.layerCount {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], act = model.activations[l]
            let f = affine(model, l, prev, &m)
            m.hold(dOut)
            var t: [Double] = []
            if l == l0 {
                t = [Double](repeating: 0, count: dOut)
                t[row] = column < 0 ? 1 : prev[column]
                m.hold(dOut)
            } else if l > l0 {
                t = [Double](repeating: 0, count: dOut)   // W_ℓ φ̇_{ℓ−1}
                m.hold(dOut)
                let wo = model.weightOffset(layer: l)
                for a in 0..<dOut { for b in 0..<dIn { t[a] += m.mul(model.parameters[wo + a * dIn + b], tangent[b]) } }
            }
            if l > 0 { m.drop(dIn) }
            if l > l0 { m.drop(dIn) }
            for a in 0..<t.count { t[a] = m.mul(act.derivative(f[a]), t[a]) }   // φ̇_ℓ = φ′(f_ℓ) ⊙ ḟ_ℓ
            prev = f.map(act.value)
            tangent = t
        }
        var s = 0.0
        for c in 0..<u.count { s += m.mul(u[c], tangent[c]) }
        m.drop(2 * model.outputSize)
        return s
    }

    /// Reverse mode with checkpointing: the forward pass keeps φ only at the start of each segment of
    /// `every` layers; the backward pass recomputes each segment (caching its φ, φ′) from its checkpoint
    /// and backpropagates through it, last segment first.
    public static func checkpointed(model: MLP, input x: [Double], cotangent u: [Double],
                                    every k: Int) -> (gradient: [Double], tally: AutodiffTally) {
        precondition(x.count == model.inputSize && u.count == model.outputSize && k >= 1)
        var m = Meter()
        let L = model.layerCount
        let starts = Array(stride(from: 0, to: L, by: k))   // segment s covers layers starts[s] ..< starts[s]+k
        var checkpoints: [Int: [Double]] = [0: x]
        var prev = x
        for l in 0..<L {
            let f = affine(model, l, prev, &m)
            m.hold(f.count)
            if l > 0 && !starts.contains(l) { m.drop(prev.count) }   // φ_{ℓ−1} kept only if it starts a segment
            prev = f.map(model.activations[l].value)
            if starts.contains(l + 1) { checkpoints[l + 1] = prev }
        }
        m.drop(prev.count)   // the output itself is not needed
        var g = [Double](repeating: 0, count: model.parameterCount)
        var e = u
        m.hold(e.count)
        for a in starts.reversed() {
            let b = Swift.min(L, a + k)
            guard let start = checkpoints[a] else { continue }
            var phi = [[Double]](repeating: [], count: L + 1), dphi = phi
            phi[a] = start
            for l in a..<b {
                let f = affine(model, l, phi[l], &m)
                m.hold(2 * f.count)
                phi[l + 1] = f.map(model.activations[l].value)
                dphi[l + 1] = f.map(model.activations[l].derivative)
            }
            backward(model, layers: (a..<b).reversed(), e: &e, phi: &phi, dphi: &dphi, into: &g, &m)
            if a > 0 { m.drop(start.count) }
            checkpoints[a] = nil
        }
        return (g, m.tally)
    }

    /// f_ℓ = W_ℓ φ_{ℓ−1} + b_ℓ, counting d_ℓ·d_{ℓ−1} multiplies.
    static func affine(_ model: MLP, _ l: Int, _ input: [Double], _ m: inout Meter) -> [Double] {
        let dIn = model.sizes[l], dOut = model.sizes[l + 1]
        let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
        var f = [Double](repeating: 0, count: dOut)
        for a in 0..<dOut {
            var s = model.parameters[bo + a]
            for b in 0..<dIn { s += m.mul(model.parameters[wo + a * dIn + b], input[b]) }
            f[a] = s
        }
        return f
    }
}
