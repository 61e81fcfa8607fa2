import CNNKernels
import NNCore

/// One batched forward pass of an MLP over n inputs with everything the derivatives need cached, and the
/// derivative passes built on it: forward mode (JVP, also the R-operator's forward half), reverse mode (VJP),
/// per-point parameter Jacobians and input Jacobians both ways.
///
/// This is NNAnalysis' own, independent implementation (it doubles as an oracle for the
/// training engine's backprop). Batch arrays are n × d row-major; layer index l runs over 0..<L; the input
/// is "layer −1". Not thread-safe (it owns its workspaces); make one per thread.
public final class NetworkDerivatives {
    public let model: MLP
    /// Number of points n.
    public let count: Int
    let x: [Double]
    /// F_l (pre-activations), Φ_l = φ(F_l), φ′(F_l), φ″(F_l), each n × d_{l+1}.
    var pre: [[Double]], post: [[Double]], d1: [[Double]], d2: [[Double]]
    /// R-operator workspaces: R{F_l}, R{Φ_l}, and which layers have a non-zero R{F_l}.
    var rf: [[Double]], rphi: [[Double]]
    var rActive: [Bool]
    /// Whether φ″(F_l) is non-zero anywhere (false for ReLU, leaky ReLU, |·| and linear layers): the R-backward
    /// skips its e ⊙ φ″ ⊙ R{F} term where it is all zero.
    var curved: [Bool] = []
    /// W_lᵀ (d_l × d_{l+1}) per layer, and a scratch for a tangent's V_lᵀ, so the R-forward products run on
    /// the register-blocked GEMM kernel.
    let wT: [[Double]]
    var vT: [Double]
    /// Scratch for NNCore's packed GEMM (``DenseKernels/packCapacity(columns:)`` of the widest layer), allocated
    /// once: the wide products of the R-forward, the VJP and the HVP go through it without allocating.
    let pack: UnsafeMutablePointer<Double>

    /// Runs the forward pass on `inputs` (count × d₀, row-major).
    public init(model: MLP, inputs: [Double], count n: Int) {
        precondition(inputs.count == n * model.inputSize, "inputs must be n × d₀")
        self.model = model
        self.count = n
        self.x = inputs
        let L = model.layerCount
        let shapes = (0..<L).map { n * model.sizes[$0 + 1] }
        pre = shapes.map { [Double](repeating: 0, count: $0) }
        post = pre; d1 = pre; d2 = pre; rf = pre; rphi = pre
        rActive = [Bool](repeating: false, count: L)
        wT = (0..<L).map { l in
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], wo = model.weightOffset(layer: l)
            var t = [Double](repeating: 0, count: dIn * dOut)
            for a in 0..<dOut { for b in 0..<dIn { t[b * dOut + a] = model.parameters[wo + a * dIn + b] } }
            return t
        }
        vT = [Double](repeating: 0, count: (0..<L).map { model.sizes[$0] * model.sizes[$0 + 1] }.max() ?? 0)
        let packCount = DenseKernels.packCapacity(columns: model.sizes.max() ?? 1)
        pack = UnsafeMutablePointer<Double>.allocate(capacity: packCount)
        pack.initialize(repeating: 0, count: packCount)
        for l in 0..<L {
            let dIn = model.sizes[l], dOut = model.sizes[l + 1], act = model.activations[l]
            let input = l == 0 ? x : post[l - 1]
            // Built in local arrays through pointers: indexing the class's nested arrays element by element
            // paid an exclusivity check and a uniqueness check per write (a third of C3's set-up).
            var f = [Double](repeating: 0, count: n * dOut), phi = f, g1 = f, g2 = f
            input.withUnsafeBufferPointer { ib in
            model.parameters.withUnsafeBufferPointer { tb in
            f.withUnsafeMutableBufferPointer { fb in
                guard let a = ib.baseAddress, let t = tb.baseAddress, let fp = fb.baseAddress else { return }
                let w = t + model.weightOffset(layer: l), b = t + model.biasOffset(layer: l)
                if !gemmNTaccPacked(a, w, fp, m: n, n: dOut, k: dIn, pack: pack, overwrite: true) {
                    kgemmNT(a, w, fp, m: n, n: dOut, k: dIn)
                }
                for i in 0..<n { kaxpy(1, b, fp + i * dOut, dOut) }
            }}}
            f.withUnsafeBufferPointer { fb in phi.withUnsafeMutableBufferPointer { pb in
            g1.withUnsafeMutableBufferPointer { b1 in g2.withUnsafeMutableBufferPointer { b2 in
                for i in 0..<(n * dOut) {
                    let z = fb[i]
                    pb[i] = act.value(z); b1[i] = act.derivative(z); b2[i] = act.secondDerivative(z)
                }
            }}}}
            // φ″ is kept only where it is not zero everywhere (not for ReLU-like layers: C3 saves 2 MB a layer);
            // it is read only where `curved`.
            pre[l] = f; post[l] = phi; d1[l] = g1; d2[l] = g2.contains { $0 != 0 } ? g2 : []
        }
        curved = d2.map { !$0.isEmpty }
    }

    deinit { pack.deallocate() }

    /// The network outputs z (n × k).
    public var outputs: [Double] { post[model.layerCount - 1] }

    // MARK: Forward mode

    /// Forward mode (R-operator forward half): fills `rf`/`rphi` for the parameter tangent `v` (P, or nil)
    /// and input tangent `dx` (n × d₀, or nil). Layers before the first non-zero tangent are skipped.
    /// With `contractions` (a dense HVP, see ``HVPContractions``) the last hidden layer's R{F} leaves out
    /// R{Φ_{h−1}} W_hᵀ, whose share of R{z} is added at the output layer instead.
    func rForward(v: UnsafePointer<Double>?, dx: UnsafePointer<Double>?, contractions: HVPContractions? = nil) {
        let n = count, L = model.layerCount
        var active = dx != nil
        model.parameters.withUnsafeBufferPointer { tb in
            guard let theta = tb.baseAddress else { return }
            for l in 0..<L {
                let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
                var vActive = false
                if let v {
                    for i in wo..<(bo + dOut) where v[i] != 0 { vActive = true; break }
                }
                if !active && !vActive { rActive[l] = false; continue }
                let input = l == 0 ? x : post[l - 1]
                rf[l].withUnsafeMutableBufferPointer { rb in
                    guard let r = rb.baseAddress else { return }
                    // The first product writes R{F_l} (no zeroing pass over the n × dOut block), the rest add.
                    var written = false, biasAdded = false
                    if !active, let v, vActive, narrowInputForward(x: input, v: v, layer: l, into: r) {
                        written = true; biasAdded = true
                    }
                    if active && l != contractions?.lastHidden {
                        wT[l].withUnsafeBufferPointer { wb in
                            guard let wt = wb.baseAddress else { return }
                            if l == 0, let dx {
                                gemmNNacc(dx, wt, r, m: n, n: dOut, k: dIn, pack: pack, overwrite: true)
                            } else {
                                rphi[l - 1].withUnsafeBufferPointer { pb in
                                    guard let p = pb.baseAddress else { return }
                                    gemmNNacc(p, wt, r, m: n, n: dOut, k: dIn, pack: pack, overwrite: true)
                                }
                            }
                        }
                        written = true
                    }
                    var bias: UnsafePointer<Double>? = nil
                    if vActive, let v, !biasAdded {
                        input.withUnsafeBufferPointer { ib in
                            guard let a = ib.baseAddress else { return }
                            addInputTimesVT(a, v + wo, r, n: n, dIn: dIn, dOut: dOut, overwrite: !written)
                        }
                        written = true
                        for j in 0..<dOut where v[bo + j] != 0 { bias = v + bo; break }
                    }
                    if !written { r.update(repeating: 0, count: n * dOut) }
                    var skippedShare: HVPContractions? = nil
                    if let c = contractions, let h = c.lastHidden, l == h + 1 { skippedShare = c }
                    if let skippedShare {
                        // The 1-unit output layer after a contracted layer: R{F} += bias, then E_h's share.
                        if let b = bias { for i in 0..<n { r[i] += b[0] } }
                        skippedShare.addSkippedForward(net: self, into: r)
                        bias = nil
                    }
                    rphi[l].withUnsafeMutableBufferPointer { pb in d1[l].withUnsafeBufferPointer { db in
                        guard let rp = pb.baseAddress, let g = db.baseAddress else { return }
                        do {
                            // R{F} += bias and R{Φ} = φ′ ⊙ R{F} in one pass, row by row.
                            for i in 0..<n { addBiasAndGate(r + i * dOut, bias: bias, gate: g + i * dOut, into: rp + i * dOut, dOut) }
                        }
                    }}
                }
                rActive[l] = true
                active = true
            }
        }
    }

    /// A first layer with a dense tangent and a narrow input (d₀ ≤ 4, the 1D and 2D lectures): writes
    /// R{F₀} = x V₀ᵀ + b_v in one pass over the n × d₁ block instead of a product pass, a bias pass and a
    /// zeroing pass. Same bits as those passes (the d₀ terms summed in order from zero, then the bias).
    /// Returns false (nothing written) when it does not apply.
    func narrowInputForward(x: [Double], v: UnsafePointer<Double>, layer l: Int, into r: UnsafeMutablePointer<Double>) -> Bool {
        let n = count, dIn = model.sizes[l], dOut = model.sizes[l + 1]
        guard l == 0, dIn <= 4, dOut % 4 == 0 else { return false }
        let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
        var nnz = 0
        for i in wo..<(wo + dIn * dOut) where v[i] != 0 { nnz += 1 }
        guard nnz * 8 >= dIn * dOut else { return false }
        vT.withUnsafeMutableBufferPointer { tb in x.withUnsafeBufferPointer { xb in
            guard let t = tb.baseAddress, let xp = xb.baseAddress else { return }
            for oa in 0..<dOut { for ib in 0..<dIn { t[ib * dOut + oa] = v[wo + oa * dIn + ib] } }
            for i in 0..<n {
                let xi = xp + i * dIn, ri = r + i * dOut
                // Per entry: a fused chain over b from +0, then + the bias tangent (4-wide groups, as the
                // caller's buffers are padded to a multiple of 4).
                let width = (dOut + 3) / 4 * 4
                ri.update(repeating: 0, count: width)
                for b in 0..<dIn { nnk_fma_sv(ri, xi[b], t + b * dOut, width) }
                for j in 0..<width { ri[j] = ri[j] + v[bo + j] }
            }
        }}
        return true
    }

    /// r += bias (if any), then out = gate ⊙ r, over one row of `count` values.
    @inline(__always)
    func addBiasAndGate(_ r: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?, gate: UnsafePointer<Double>,
                        into out: UnsafeMutablePointer<Double>, _ count: Int) {
        var j = 0
        if let bias {
            while j + 4 <= count {
                let f = load4(r + j) + load4(bias + j)
                store4(f, r + j); store4(load4(gate + j) * f, out + j)
                j += 4
            }
            while j < count { r[j] += bias[j]; out[j] = gate[j] * r[j]; j += 1 }
        } else {
            while j + 4 <= count { store4(load4(gate + j) * load4(r + j), out + j); j += 4 }
            while j < count { out[j] = gate[j] * r[j]; j += 1 }
        }
    }

    /// C (n × dOut) += A (n × dIn) · Vᵀ with V (dOut × dIn) possibly very sparse (a unit tangent); with
    /// `overwrite`, C = A · Vᵀ.
    func addInputTimesVT(_ a: UnsafePointer<Double>, _ vw: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                         n: Int, dIn: Int, dOut: Int, overwrite: Bool = false) {
        var nnz = 0
        for i in 0..<(dIn * dOut) where vw[i] != 0 { nnz += 1 }
        if nnz * 8 < dIn * dOut {
            // Sparse (a unit tangent of the full Hessian): one column of C per non-zero.
            if overwrite { c.update(repeating: 0, count: n * dOut) }
            for p in 0..<(dOut * dIn) where vw[p] != 0 {
                let oa = p / dIn, ib = p % dIn, s = vw[p]
                for i in 0..<n { c[i * dOut + oa] += s * a[i * dIn + ib] }
            }
        } else if gemmNTaccPacked(a, vw, c, m: n, n: dOut, k: dIn, pack: pack, overwrite: overwrite) {
            return
        } else if dOut == 1 {
            // The 1-unit output layer: a dot product per point (V is one contiguous row).
            for i in 0..<n { c[i] = (overwrite ? 0 : c[i]) + kdot(a + i * dIn, vw, dIn) }
        } else {
            vT.withUnsafeMutableBufferPointer { tb in
                guard let t = tb.baseAddress else { return }
                for oa in 0..<dOut { for ib in 0..<dIn { t[ib * dOut + oa] = vw[oa * dIn + ib] } }
                kgemmNNacc(a, t, c, m: n, n: dOut, k: dIn, overwrite: overwrite)
            }
        }
    }

    /// JVP of the outputs: J_θ v + J_x dx for every point (n × k). Either tangent may be nil (zero).
    public func jvp(parameters v: [Double]?, inputs dx: [Double]? = nil) -> [Double] {
        precondition(v.map { $0.count == model.parameterCount } ?? true && dx.map { $0.count == count * model.inputSize } ?? true)
        withOptionalPointer(v) { vp in withOptionalPointer(dx) { dp in rForward(v: vp, dx: dp) } }
        let L = model.layerCount
        return rActive[L - 1] ? rphi[L - 1] : [Double](repeating: 0, count: count * model.outputSize)
    }

    // MARK: Reverse mode

    /// Backpropagates the output cotangent `u` (n × k): returns the parameter VJP Σ_i J_θ(x_i)ᵀ u_i (P) and
    /// the input VJP J_x(x_i)ᵀ u_i per point (n × d₀). `deltas` (optional) receives δ_l = ∂/∂F_l per layer,
    /// and `cotangents` receives e_l = ∂/∂Φ_l (both n × d_{l+1}).
    public func vjp(_ u: [Double]) -> (parameters: [Double], inputs: [Double]) {
        var deltas: [[Double]] = [], cot: [[Double]] = []
        return vjp(u, deltas: &deltas, cotangents: &cot)
    }

    func vjp(_ u: [Double], deltas: inout [[Double]], cotangents: inout [[Double]]) -> (parameters: [Double], inputs: [Double]) {
        let n = count, L = model.layerCount
        precondition(u.count == n * model.outputSize)
        var g = [Double](repeating: 0, count: model.parameterCount)
        deltas = pre.map { [Double](repeating: 0, count: $0.count) }
        cotangents = deltas
        cotangents[L - 1] = u
        var inputGrad = [Double](repeating: 0, count: n * model.inputSize)
        model.parameters.withUnsafeBufferPointer { tb in
        g.withUnsafeMutableBufferPointer { gb in
            guard let theta = tb.baseAddress, let gp = gb.baseAddress else { return }
            for l in stride(from: L - 1, through: 0, by: -1) {
                let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                deltas[l].withUnsafeMutableBufferPointer { db in cotangents[l].withUnsafeBufferPointer { eb in
                d1[l].withUnsafeBufferPointer { gb in
                    for i in 0..<(n * dOut) { db[i] = eb[i] * gb[i] }
                }}}
                let input = l == 0 ? x : post[l - 1]
                deltas[l].withUnsafeBufferPointer { db in
                input.withUnsafeBufferPointer { ib in
                    guard let d = db.baseAddress, let a = ib.baseAddress else { return }
                    gemmTNacc(d, a, gp + model.weightOffset(layer: l), m: dOut, n: dIn, k: n, pack: pack)
                    let gbias = gp + model.biasOffset(layer: l)
                    for i in 0..<n { kaxpy(1, d + i * dOut, gbias, dOut) }
                    if l > 0 {
                        cotangents[l - 1].withUnsafeMutableBufferPointer { eb in
                            guard let e = eb.baseAddress else { return }
                            gemmNNacc(d, theta + model.weightOffset(layer: l), e, m: n, n: dIn, k: dOut, pack: pack)
                        }
                    } else {
                        inputGrad.withUnsafeMutableBufferPointer { xb in
                            guard let e = xb.baseAddress else { return }
                            gemmNNacc(d, theta + model.weightOffset(layer: l), e, m: n, n: dIn, k: dOut, pack: pack)
                        }
                    }
                }}
            }
        }}
        return (g, inputGrad)
    }

    // MARK: Jacobians

    /// Per-point parameter Jacobian J (n·k × P, row-major; row i·k + c is ∂z_{ic}/∂θ), by reverse mode:
    /// one backward pass per output c with all points at once, then per-point outer products δ_l ⊗ Φ_{l−1}.
    public func parameterJacobian() -> [Double] {
        let n = count, k = model.outputSize, P = model.parameterCount, L = model.layerCount
        var jac = [Double](repeating: 0, count: n * k * P)
        var deltas: [[Double]] = [], cot: [[Double]] = []
        for c in 0..<k {
            var u = [Double](repeating: 0, count: n * k)
            for i in 0..<n { u[i * k + c] = 1 }
            _ = vjp(u, deltas: &deltas, cotangents: &cot)
            for l in 0..<L {
                let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
                let input = l == 0 ? x : post[l - 1]
                for i in 0..<n {
                    let row = (i * k + c) * P
                    for a in 0..<dOut {
                        let dl = deltas[l][i * dOut + a]
                        if dl == 0 { continue }
                        for b in 0..<dIn { jac[row + wo + a * dIn + b] = dl * input[i * dIn + b] }
                        jac[row + bo + a] = dl
                    }
                }
            }
        }
        return jac
    }

    /// Input Jacobians ∂z/∂x for every point (n × k × d₀, row-major) by forward mode: d₀ JVPs.
    public func inputJacobianForward() -> [Double] {
        let n = count, k = model.outputSize, d0 = model.inputSize
        var jac = [Double](repeating: 0, count: n * k * d0)
        var dx = [Double](repeating: 0, count: n * d0)
        for j in 0..<d0 {
            for i in 0..<n { dx[i * d0 + j] = 1; if j > 0 { dx[i * d0 + j - 1] = 0 } }
            let col = jvp(parameters: nil, inputs: dx)
            for i in 0..<n { for c in 0..<k { jac[(i * k + c) * d0 + j] = col[i * k + c] } }
        }
        return jac
    }

    /// Input Jacobians by reverse mode: k VJPs (same layout as `inputJacobianForward`).
    public func inputJacobianReverse() -> [Double] {
        let n = count, k = model.outputSize, d0 = model.inputSize
        var jac = [Double](repeating: 0, count: n * k * d0)
        for c in 0..<k {
            var u = [Double](repeating: 0, count: n * k)
            for i in 0..<n { u[i * k + c] = 1 }
            let rows = vjp(u).inputs
            for i in 0..<n { for j in 0..<d0 { jac[(i * k + c) * d0 + j] = rows[i * d0 + j] } }
        }
        return jac
    }
}

@inline(__always)
func withOptionalPointer<R>(_ a: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let a else { return body(nil) }
    return a.withUnsafeBufferPointer { body($0.baseAddress) }
}
