import NNCore

/// The training objective of a network with LayerNorm/BatchNorm layers (any network, in fact), its
/// gradient and its Hessian-vector products, over a whole data set — NNAnalysis' own implementation,
/// independent of NNCore's kernels (so it checks them, and central differences check it).
///
/// The objective is the training-mode one: BatchNorm uses the batch statistics of all n points (as
/// `nnviz inspect`, the gradient check and the Hessian do). Those statistics couple the points, so H is
/// not a sum of per-point terms; HVPs therefore run the whole batch through one pass:
/// **forward-over-reverse with dual numbers**. The forward and reverse passes are written once, generic
/// over the scalar; with ``Dual`` scalars and θ + ε v, the reverse pass returns ∇J(θ) + ε H v, exactly
/// (no step size): each operation carries its own derivative (φ via φ′ and φ″, the loss via its
/// curvature ``LossCalculus/curvature``). About three gradients of cost.
///
/// Arrays are sample-major (n × d row-major), as in ``NetworkDerivatives``.
public final class NormalizedObjective {
    public let model: MLP
    public let loss: Loss
    public let l2: Double
    /// λ₁ of λ₁‖θ‖₁ (value and subgradient only: it adds nothing to H v).
    public let l1: Double
    public let data: Dataset
    /// J(θ).
    public let value: Double
    /// ∇J(θ) (P values).
    public let gradient: [Double]
    /// U_l = the activation's input of every layer (n × d_{l+1}): the normalised pre-activation, or F_l.
    public let activationInputs: [[Double]]

    public init(model: MLP, loss: Loss, l2: Double = 0, l1: Double = 0, data: Dataset) throws {
        try AnalysisError.requireFinite(model)
        guard data.inputSize == model.inputSize, data.targetSize == model.outputSize, !data.isEmpty else {
            throw AnalysisError.dataMismatch("the data must be non-empty with \(model.inputSize) inputs and \(model.outputSize) targets")
        }
        self.model = model; self.loss = loss; self.l2 = l2; self.l1 = l1; self.data = data
        var inputs: [[Double]] = []
        let (z, g) = NormalizedObjective.pass(model: model, theta: model.parameters, data: data, loss: loss,
                                              activationInputs: &inputs)
        let n = data.count, k = model.outputSize
        var lossValue = 0.0
        z.withUnsafeBufferPointer { zb in data.y.withUnsafeBufferPointer { yb in
            if let zp = zb.baseAddress, let yp = yb.baseAddress { lossValue = LossCalculus.value(loss, z: zp, y: yp, n: n, k: k) }
        }}
        var sq = 0.0
        var grad = g
        for i in grad.indices { grad[i] += l2 * model.parameters[i]; sq += model.parameters[i] * model.parameters[i] }
        value = lossValue + 0.5 * l2 * sq + HessianOperator.addL1(l1, theta: model.parameters, gradient: &grad)
        gradient = grad
        activationInputs = inputs
    }

    public var parameterCount: Int { model.parameterCount }

    /// H v (P values).
    public func hvp(_ v: [Double]) -> [Double] {
        precondition(v.count == parameterCount)
        let theta = zip(model.parameters, v).map { Dual($0, $1) }
        var unused: [[Double]] = []
        let (_, g) = NormalizedObjective.pass(model: model, theta: theta, data: data, loss: loss, activationInputs: &unused)
        var out = g.map(\.d)
        if l2 != 0 { for i in out.indices { out[i] += l2 * v[i] } }
        return out
    }

    /// The full P × P Hessian (row-major) from P HVPs on unit vectors (column j = H e_j), then made exactly
    /// symmetric; `asymmetry` receives the largest |H_ij − H_ji| before that (round-off only; a check).
    public func fullHessian(asymmetry: UnsafeMutablePointer<Double>? = nil) -> [Double] {
        fullHessian(asymmetry: asymmetry, isCancelled: { false }) ?? []
    }

    /// The same, consulting `isCancelled` before each column (one HVP): nil when it fired.
    public func fullHessian(asymmetry: UnsafeMutablePointer<Double>? = nil, isCancelled: () -> Bool) -> [Double]? {
        let P = parameterCount
        var h = [Double](repeating: 0, count: P * P)
        var e = [Double](repeating: 0, count: P)
        for j in 0..<P {
            if isCancelled() { return nil }
            e[j] = 1
            let col = hvp(e)
            e[j] = 0
            for i in 0..<P { h[i * P + j] = col[i] }
        }
        var worst = 0.0
        for i in 0..<P { for j in (i + 1)..<P {
            let a = h[i * P + j], b = h[j * P + i]
            worst = Swift.max(worst, Swift.abs(a - b))
            h[i * P + j] = 0.5 * (a + b); h[j * P + i] = 0.5 * (a + b)
        } }
        asymmetry?.pointee = worst
        return h
    }

    /// Forward over all n points (training mode), the loss gradient at the outputs, and the reverse pass.
    /// Returns the outputs z (n × k) and ∂loss/∂θ (without the L2 term). `activationInputs` receives the
    /// primal U_l of every layer.
    static func pass<T: PassScalar>(model: MLP, theta: [T], data: Dataset, loss: Loss,
                                    activationInputs: inout [[Double]]) -> (outputs: [Double], gradient: [T]) {
        let n = data.count, L = model.layerCount
        var a: [[T]] = [data.x.map { T($0) }]      // a[l] = input of layer l (n × d_l)
        var zhat: [[T]] = [], r: [[T]] = [], slope: [[T]] = []
        activationInputs = []
        for l in 0..<L {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], wo = model.weightOffset(layer: l)
            let bo = model.biasOffset(layer: l), input = a[l], act = model.activations[l]
            var f = [T](repeating: T(0), count: n * dOut)
            for i in 0..<n { for j in 0..<dOut {
                var s = theta[bo + j]
                for c in 0..<dIn { s = s + theta[wo + j * dIn + c] * input[i * dIn + c] }
                f[i * dOut + j] = s
            } }
            let norm = model.normalizations[l]
            var xh: [T] = [], rs: [T] = []
            if norm.isActive {
                (xh, rs) = normalize(f, norm, n: n, d: dOut)
                let g = model.gammaOffset(layer: l)
                for i in 0..<n { for j in 0..<dOut { f[i * dOut + j] = theta[g + j] * xh[i * dOut + j] + theta[g + dOut + j] } }
            }
            activationInputs.append(f.map(\.primal))
            var h = f, sl = f
            for i in 0..<(n * dOut) { (h[i], sl[i]) = T.activation(act, f[i]) }
            a.append(h); zhat.append(xh); r.append(rs); slope.append(sl)
        }
        let z = a[L]
        var e = T.lossGradient(loss, z: z, y: data.y, n: n, k: model.outputSize)   // ∂loss/∂Φ_{L−1}
        var grad = [T](repeating: T(0), count: model.parameterCount)
        for l in stride(from: L - 1, through: 0, by: -1) {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], wo = model.weightOffset(layer: l)
            let bo = model.biasOffset(layer: l), input = a[l]
            var d = e
            for i in 0..<(n * dOut) { d[i] = d[i] * slope[l][i] }               // ∂/∂U
            let norm = model.normalizations[l]
            if norm.isActive {
                let g = model.gammaOffset(layer: l)
                for i in 0..<n { for j in 0..<dOut {
                    let q = i * dOut + j
                    grad[g + j] = grad[g + j] + d[q] * zhat[l][q]
                    grad[g + dOut + j] = grad[g + dOut + j] + d[q]
                    d[q] = d[q] * theta[g + j]                                      // ∂/∂Ẑ
                } }
                d = normalizeBackward(d, zhat: zhat[l], r: r[l], norm, n: n, dOut: dOut)   // ∂/∂F
            }
            for i in 0..<n { for j in 0..<dOut {
                let dq = d[i * dOut + j]
                grad[bo + j] = grad[bo + j] + dq
                for c in 0..<dIn { grad[wo + j * dIn + c] = grad[wo + j * dIn + c] + dq * input[i * dIn + c] }
            } }
            if l > 0 {
                var prev = [T](repeating: T(0), count: n * dIn)
                for i in 0..<n { for j in 0..<dOut {
                    let dq = d[i * dOut + j]
                    for c in 0..<dIn { prev[i * dIn + c] = prev[i * dIn + c] + dq * theta[wo + j * dIn + c] }
                } }
                e = prev
            }
        }
        return (z.map(\.primal), grad)
    }

    /// Ẑ = (F − μ) r with r = 1/√(σ² + ε): per point over the units (layer) or per unit over the points (batch).
    static func normalize<T: PassScalar>(_ f: [T], _ norm: Normalization, n: Int, d: Int) -> (zhat: [T], r: [T]) {
        var xh = f
        let eps = T(norm.epsilon)
        if norm.kind == .layer {
            var rs = [T](repeating: T(0), count: n)
            for i in 0..<n {
                var m = T(0)
                for j in 0..<d { m = m + f[i * d + j] }
                m = m / T(Double(d))
                var v = T(0)
                for j in 0..<d { let c = f[i * d + j] - m; v = v + c * c }
                let ri = T(1) / (v / T(Double(d)) + eps).squareRoot()
                rs[i] = ri
                for j in 0..<d { xh[i * d + j] = (f[i * d + j] - m) * ri }
            }
            return (xh, rs)
        }
        var rs = [T](repeating: T(0), count: d)
        for j in 0..<d {
            var m = T(0)
            for i in 0..<n { m = m + f[i * d + j] }
            m = m / T(Double(n))
            var v = T(0)
            for i in 0..<n { let c = f[i * d + j] - m; v = v + c * c }
            let rj = T(1) / (v / T(Double(n)) + eps).squareRoot()
            rs[j] = rj
            for i in 0..<n { xh[i * d + j] = (f[i * d + j] - m) * rj }
        }
        return (xh, rs)
    }

    /// ∂/∂F = r (D̂ − mean D̂ − Ẑ mean(D̂ Ẑ)), the means over the same axis as the statistics.
    static func normalizeBackward<T: PassScalar>(_ dh: [T], zhat: [T], r: [T], _ norm: Normalization, n: Int,
                                                 dOut d: Int) -> [T] {
        var out = dh
        if norm.kind == .layer {
            for i in 0..<n {
                var s1 = T(0), s2 = T(0)
                for j in 0..<d { s1 = s1 + dh[i * d + j]; s2 = s2 + dh[i * d + j] * zhat[i * d + j] }
                s1 = s1 / T(Double(d)); s2 = s2 / T(Double(d))
                for j in 0..<d { let q = i * d + j; out[q] = r[i] * (dh[q] - s1 - zhat[q] * s2) }
            }
        } else {
            for j in 0..<d {
                var s1 = T(0), s2 = T(0)
                for i in 0..<n { s1 = s1 + dh[i * d + j]; s2 = s2 + dh[i * d + j] * zhat[i * d + j] }
                s1 = s1 / T(Double(n)); s2 = s2 / T(Double(n))
                for i in 0..<n { let q = i * d + j; out[q] = r[j] * (dh[q] - s1 - zhat[q] * s2) }
            }
        }
        return out
    }
}

/// The scalar of ``NormalizedObjective``'s generic pass: `Double` (values and gradients) or ``Dual``
/// (value and directional derivative, for forward-over-reverse HVPs).
protocol PassScalar {
    init(_ x: Double)
    var primal: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    func squareRoot() -> Self
    /// (φ(u), φ′(u)).
    static func activation(_ a: Activation, _ u: Self) -> (value: Self, slope: Self)
    /// ∂loss/∂z for outputs z (n × k).
    static func lossGradient(_ loss: Loss, z: [Self], y: [Double], n: Int, k: Int) -> [Self]
}

extension Double: PassScalar {
    var primal: Double { self }
    static func activation(_ a: Activation, _ u: Double) -> (value: Double, slope: Double) { (a.value(u), a.derivative(u)) }
    static func lossGradient(_ loss: Loss, z: [Double], y: [Double], n: Int, k: Int) -> [Double] {
        var g = [Double](repeating: 0, count: n * k)
        z.withUnsafeBufferPointer { zb in y.withUnsafeBufferPointer { yb in g.withUnsafeMutableBufferPointer { gb in
            guard let zp = zb.baseAddress, let yp = yb.baseAddress, let gp = gb.baseAddress else { return }
            LossCalculus.gradient(loss, z: zp, y: yp, n: n, k: k, into: gp)
        }}}
        return g
    }
}

/// A dual number v + ε d (ε² = 0): arithmetic carries the derivative along a direction.
struct Dual: PassScalar {
    var v: Double
    var d: Double
    init(_ x: Double) { v = x; d = 0 }
    init(_ v: Double, _ d: Double) { self.v = v; self.d = d }
    var primal: Double { v }
    static func + (a: Dual, b: Dual) -> Dual { Dual(a.v + b.v, a.d + b.d) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(a.v - b.v, a.d - b.d) }
    static func * (a: Dual, b: Dual) -> Dual { Dual(a.v * b.v, a.d * b.v + a.v * b.d) }
    static func / (a: Dual, b: Dual) -> Dual { Dual(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)) }
    func squareRoot() -> Dual { let s = v.squareRoot(); return Dual(s, d / (2 * s)) }
    static func activation(_ a: Activation, _ u: Dual) -> (value: Dual, slope: Dual) {
        let g1 = a.derivative(u.v)
        return (Dual(a.value(u.v), g1 * u.d), Dual(g1, a.secondDerivative(u.v) * u.d))
    }
    static func lossGradient(_ loss: Loss, z: [Dual], y: [Double], n: Int, k: Int) -> [Dual] {
        let zv = z.map(\.v), zd = z.map(\.d)
        var g = [Double](repeating: 0, count: n * k), c = g
        zv.withUnsafeBufferPointer { zb in zd.withUnsafeBufferPointer { rb in y.withUnsafeBufferPointer { yb in
        g.withUnsafeMutableBufferPointer { gb in c.withUnsafeMutableBufferPointer { cb in
            guard let zp = zb.baseAddress, let rp = rb.baseAddress, let yp = yb.baseAddress, let gp = gb.baseAddress,
                  let cp = cb.baseAddress else { return }
            LossCalculus.gradient(loss, z: zp, y: yp, n: n, k: k, into: gp)
            LossCalculus.curvature(loss, z: zp, y: yp, r: rp, n: n, k: k, into: cp)
        }}}}}
        return (0..<(n * k)).map { Dual(g[$0], c[$0]) }
    }
}
