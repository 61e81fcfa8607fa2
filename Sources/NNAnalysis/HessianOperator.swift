import NNCore

/// The training objective J(θ) = loss(z(θ), y) + ½λ‖θ‖² + λ₁‖θ‖₁ over a whole data set (dropout off), with
/// its value, gradient, Hessian-vector products and the full Hessian at fixed θ.
///
/// The L1 term enters the value and the gradient (subgradient λ₁·sign(θⱼ), sign(0) = 0) and adds nothing
/// to the Hessian: |θⱼ| is linear on each side of 0, so its second derivative is 0 wherever it exists.
///
/// HVPs are forward-over-reverse (Pearlmutter's R-operator): an R-forward pass gives R{F_l}, R{Φ_l}; the
/// loss curvature maps R{z} to R{∂J/∂z}; an R-backward pass gives R{∂J/∂θ} = H v — about the cost of two
/// gradients. The primal forward and backward are computed once in `init` and reused by every HVP, and the
/// workspaces are reused, so Lanczos can call `hvp` thousands of times without allocating (but the operator
/// is not thread-safe: one per thread).
///
/// Networks with LayerNorm/BatchNorm go through ``NormalizedObjective`` instead (training-mode objective,
/// BatchNorm statistics over all points; HVPs forward-over-reverse with dual numbers over the whole batch).
public final class HessianOperator {
    public let model: MLP
    public let loss: Loss
    public let l2: Double
    /// λ₁ of λ₁‖θ‖₁ (0 for none).
    public let l1: Double
    public let data: Dataset
    /// J(θ) at these weights.
    public let value: Double
    /// ∇J(θ) (P).
    public let gradient: [Double]
    public var parameterCount: Int { model.parameterCount }

    /// The plain-layer engine (nil for a normalised network, which ``normalized`` handles).
    let plainNet: NetworkDerivatives?
    /// Networks with LayerNorm/BatchNorm: the training-mode objective over all points, HVPs by dual numbers.
    public let normalized: NormalizedObjective?
    /// Primal backward cache: δ_l = ∂J/∂F_l and e_l = ∂J/∂Φ_l (without the ½λ‖θ‖² and λ₁‖θ‖₁ terms).
    var delta: [[Double]], cot: [[Double]]
    var rdelta: [[Double]], rcot: [[Double]], rgz: [Double]
    /// Dense HVPs' shortcuts (``HVPContractions``), built on the first dense HVP; `contractionsBuilt` says
    /// whether that happened (the result may be nil: no shortcut applies).
    public let contractionPolicy: HVPContractionPolicy
    var contractions: HVPContractions?
    var contractionsBuilt = false

    /// Refuses non-finite weights and data that does not fit the model.
    public init(model: MLP, loss: Loss, l2: Double = 0, l1: Double = 0, data: Dataset,
                contractions policy: HVPContractionPolicy = .automatic) throws {
        contractionPolicy = policy
        try AnalysisError.requireFinite(model)
        guard data.inputSize == model.inputSize, data.targetSize == model.outputSize else {
            throw AnalysisError.dataMismatch("data has \(data.inputSize) inputs and \(data.targetSize) targets, the model \(model.inputSize) and \(model.outputSize)")
        }
        guard !data.isEmpty else { throw AnalysisError.dataMismatch("the data set is empty") }
        guard data.x.allSatisfy(\.isFinite), data.y.allSatisfy(\.isFinite), l2.isFinite, l1.isFinite else {
            throw AnalysisError.dataMismatch("the data, l2 or l1 has non-finite values")
        }
        self.model = model; self.loss = loss; self.l2 = l2; self.l1 = l1; self.data = data
        if model.isNormalized {
            let engine = try NormalizedObjective(model: model, loss: loss, l2: l2, l1: l1, data: data)
            normalized = engine; plainNet = nil
            value = engine.value; gradient = engine.gradient
            delta = []; cot = []; rdelta = []; rcot = []; rgz = []
            return
        }
        normalized = nil
        let n = data.count, k = model.outputSize
        let net = NetworkDerivatives(model: model, inputs: data.x, count: n)
        plainNet = net
        let z = net.outputs
        var gz = [Double](repeating: 0, count: n * k)
        var lossValue = 0.0
        z.withUnsafeBufferPointer { zb in data.y.withUnsafeBufferPointer { yb in gz.withUnsafeMutableBufferPointer { gb in
            guard let zp = zb.baseAddress, let yp = yb.baseAddress, let gp = gb.baseAddress else { return }
            lossValue = LossCalculus.value(loss, z: zp, y: yp, n: n, k: k)
            LossCalculus.gradient(loss, z: zp, y: yp, n: n, k: k, into: gp)
        }}}
        var d: [[Double]] = [], e: [[Double]] = []
        var g = net.vjp(gz, deltas: &d, cotangents: &e).parameters
        var sq = 0.0
        for i in g.indices { g[i] += l2 * model.parameters[i]; sq += model.parameters[i] * model.parameters[i] }
        value = lossValue + 0.5 * l2 * sq + HessianOperator.addL1(l1, theta: model.parameters, gradient: &g)
        gradient = g
        delta = d; cot = e
        rdelta = d; rcot = e
        rgz = gz
    }

    /// Adds λ₁·sign(θⱼ) (sign(0) = 0) to `gradient` and returns λ₁‖θ‖₁ (no work when λ₁ = 0).
    static func addL1(_ l1: Double, theta: [Double], gradient: inout [Double]) -> Double {
        guard l1 != 0 else { return 0 }
        var a = 0.0
        for i in theta.indices {
            a += abs(theta[i])
            gradient[i] += l1 * Objective.l1Sign(theta[i])
        }
        return l1 * a
    }

    /// H v (allocating convenience).
    public func hvp(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: parameterCount)
        hvp(v, into: &out)
        return out
    }

    /// out = H v, reusing the operator's workspaces.
    public func hvp(_ v: [Double], into out: inout [Double]) {
        precondition(v.count == parameterCount && out.count == parameterCount)
        v.withUnsafeBufferPointer { vb in
            guard let vp = vb.baseAddress else { return }
            out.withUnsafeMutableBufferPointer { ob in
                guard let op = ob.baseAddress else { return }
                rOperatorProduct(vp, into: op, contract: true)
            }
        }
    }

    /// out = H v. With `stopLayer` = m > 0 the R-backward stops at layer m: only the entries of layers ≥ m
    /// are computed (the rest are left 0) — all the full Hessian needs for a tangent in layer m, by symmetry.
    /// `contract` allows ``HVPContractions`` (dense tangents; only with `stopLayer` 0).
    /// (Not named `hvp`: with arrays, `hvp(v, into: &out)` would silently pick it through the implicit
    /// array-to-pointer conversions instead of the public one.)
    func rOperatorProduct(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, stopLayer: Int = 0,
                          contract: Bool = false) {
        let n = data.count, k = model.outputSize, L = model.layerCount, P = parameterCount
        guard let net = plainNet else {
            if let normalized {
                let hv = normalized.hvp(Array(UnsafeBufferPointer(start: v, count: P)))
                for i in 0..<P { out[i] = hv[i] }
            }
            return
        }
        if contract && stopLayer == 0 && !contractionsBuilt {
            contractions = HVPContractions(net: net, delta: delta, policy: contractionPolicy)
            contractionsBuilt = true
        }
        let shortcuts = contract && stopLayer == 0 ? contractions : nil
        net.rForward(v: v, dx: nil, contractions: shortcuts)
        out.update(repeating: 0, count: P)
        // R{∂J/∂z} = ∇²loss · R{z}.
        if net.rActive[L - 1] {
            net.post[L - 1].withUnsafeBufferPointer { zb in data.y.withUnsafeBufferPointer { yb in
            net.rphi[L - 1].withUnsafeBufferPointer { rb in rcot[L - 1].withUnsafeMutableBufferPointer { ob in
                guard let z = zb.baseAddress, let y = yb.baseAddress, let r = rb.baseAddress, let o = ob.baseAddress else { return }
                LossCalculus.curvature(loss, z: z, y: y, r: r, n: n, k: k, into: o)
            }}}}
        } else {
            for i in 0..<(n * k) { rcot[L - 1][i] = 0 }
        }
        var skippedM = false
        model.parameters.withUnsafeBufferPointer { tb in
            guard let theta = tb.baseAddress else { return }
            // Two hidden layers in closed form (HVPContractions.closedForm): R{e₀} is not formed, and layer 0
            // only needs its own pass for a φ″ term (a tanh first layer with an active tangent).
            let closedForm = shortcuts?.closedForm == true
            let firstLayerOwnPass = !closedForm || (net.rActive[0] && net.curved[0])
            /// The first layer's skipped shares (in closed form also R{δ₁}W₁'s, read from R{δ_{L−1}}).
            func addFirstLayerShares() {
                guard let shortcuts else { return }
                if closedForm {
                    rdelta[L - 1].withUnsafeBufferPointer { shortcuts.addSkippedFirstLayer(net: net, v: v, rdOut: $0.baseAddress, out: out) }
                } else {
                    shortcuts.addSkippedFirstLayer(net: net, v: v, rdOut: nil, out: out)
                }
            }
            for l in stride(from: L - 1, through: stopLayer, by: -1) {
                let dIn = model.sizes[l], dOut = model.sizes[l + 1]
                let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
                let size = n * dOut
                if l == 0 && !firstLayerOwnPass {
                    addFirstLayerShares()
                    continue
                }
                // R{δ_l} = R{e_l} ⊙ φ′ + e_l ⊙ φ″ ⊙ R{F_l}
                rdelta[l].withUnsafeMutableBufferPointer { rdb in rcot[l].withUnsafeBufferPointer { reb in
                net.d1[l].withUnsafeBufferPointer { d1b in
                    guard let rd = rdb.baseAddress, let re = reb.baseAddress, let g1 = d1b.baseAddress else { return }
                    if !(net.rActive[l] && net.curved[l]) {
                        // No φ″ term: R{δ_l} and its bias row sums R{∂J/∂b_l} in one pass.
                        for i in 0..<n { gateAndSum(re + i * dOut, gate: g1 + i * dOut, into: rd + i * dOut, sum: out + bo, dOut) }
                        return
                    }
                    for i in 0..<size { rd[i] = re[i] * g1[i] }
                    if net.rActive[l] && net.curved[l] {
                        cot[l].withUnsafeBufferPointer { eb in net.d2[l].withUnsafeBufferPointer { d2b in
                        net.rf[l].withUnsafeBufferPointer { rfb in
                            guard let e = eb.baseAddress, let g2 = d2b.baseAddress, let rF = rfb.baseAddress else { return }
                            for i in 0..<size where g2[i] != 0 { rd[i] += e[i] * g2[i] * rF[i] }
                        }}}
                    }
                }}}
                let input = l == 0 ? net.x : net.post[l - 1]
                rdelta[l].withUnsafeBufferPointer { rdb in input.withUnsafeBufferPointer { ib in
                delta[l].withUnsafeBufferPointer { db in
                    guard let rd = rdb.baseAddress, let a = ib.baseAddress, let d = db.baseAddress else { return }
                    // R{∂J/∂W_l} = R{δ_l}ᵀ Φ_{l−1} + δ_lᵀ R{Φ_{l−1}};  R{∂J/∂b_l} = Σ_i R{δ_l}
                    gemmTNacc(rd, a, out + wo, m: dOut, n: dIn, k: n, pack: net.pack)
                    if let shortcuts, let h = shortcuts.lastHidden, l == h + 1 {
                        skippedM = shortcuts.addSkippedOutputWeights(net: net, v: v, out: out)
                    }
                    if let shortcuts, l == shortcuts.lastHidden {
                        if skippedM { shortcuts.addSkippedHiddenWeights(model: model, out: out) }
                    } else if l > 0 && net.rActive[l - 1] {
                        net.rphi[l - 1].withUnsafeBufferPointer { rpb in
                            guard let rp = rpb.baseAddress else { return }
                            gemmTNacc(d, rp, out + wo, m: dOut, n: dIn, k: n, pack: net.pack)
                        }
                    }
                    if net.rActive[l] && net.curved[l] { for i in 0..<n { kaxpy(1, rd + i * dOut, out + bo, dOut) } }
                    // R{e_{l−1}} = R{δ_l} W_l + δ_l V_l
                    if l == 1 && closedForm {
                        // R{e₀} = R{δ₁}W₁ + δ₁V₁ is accounted for in closed form; only a φ″ pass reads it (as 0).
                        if firstLayerOwnPass { rcot[0].withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
                    } else if l > stopLayer {
                        rcot[l - 1].withUnsafeMutableBufferPointer { reb in
                            guard let re = reb.baseAddress else { return }
                            let skipV = l == 1 && shortcuts?.firstLayerOn == true
                            if dOut == 1 && !skipV {
                                // One output unit: R{e} = R{δ} ⊗ W + δ ⊗ V in one pass (rank-one products).
                                for i in 0..<n { outerPair(rd[i], theta + wo, d[i], v + wo, into: re + i * dIn, dIn) }
                            } else {
                                gemmNNacc(rd, theta + wo, re, m: n, n: dIn, k: dOut, pack: net.pack, overwrite: true)
                                if !skipV { addDeltaTimesV(d, v + wo, re, n: n, dIn: dIn, dOut: dOut, pack: net.pack) }
                            }
                        }
                    }
                    if l == 0 { addFirstLayerShares() }
                }}}
            }
        }
        if l2 != 0 { for i in 0..<P { out[i] += l2 * v[i] } }
    }

    /// C (n × dIn) += δ (n × dOut) · V (dOut × dIn), V possibly very sparse.
    private func addDeltaTimesV(_ d: UnsafePointer<Double>, _ vw: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                                n: Int, dIn: Int, dOut: Int, pack: UnsafeMutablePointer<Double>) {
        var nnz = 0
        for i in 0..<(dIn * dOut) where vw[i] != 0 { nnz += 1 }
        if nnz == 0 { return }
        if nnz * 8 < dIn * dOut {
            for p in 0..<(dOut * dIn) where vw[p] != 0 {
                let a = p / dIn, b = p % dIn, s = vw[p]
                for i in 0..<n { c[i * dIn + b] += s * d[i * dOut + a] }
            }
        } else {
            gemmNNacc(d, vw, c, m: n, n: dIn, k: dOut, pack: pack)
        }
    }

    /// The full P×P Hessian (row-major), from P HVPs on unit vectors, then made exactly symmetric.
    /// By symmetry a unit tangent in layer m only needs its entries in layers ≥ m: its R-forward starts at
    /// layer m and its R-backward stops there. Entries (i, j) with i, j in the same layer are computed twice
    /// and averaged; `asymmetry` receives the largest difference seen there (round-off only; a check).
    public func fullHessian(asymmetry: UnsafeMutablePointer<Double>? = nil) -> [Double] {
        var h: [Double] = []
        fullHessian(into: &h, asymmetry: asymmetry)
        return h
    }

    /// The same, consulting `isCancelled` once per column (see ``AnalysisCancelled``): nil when it fired.
    public func fullHessian(isCancelled: () -> Bool) -> [Double]? {
        var h: [Double] = []
        return fullHessian(into: &h, isCancelled: isCancelled) ? h : nil
    }

    /// The full Hessian into `h`, resized to P×P only when its size differs: a caller that keeps `h`
    /// (the dashboard's spectrum job) reuses the same P×P block for every spectrum. Every entry is
    /// overwritten, so the result is bit for bit that of `fullHessian(asymmetry:)` whatever `h` held.
    /// `isCancelled` is consulted before each column (one HVP); when it fires the assembly stops, `h` holds
    /// no usable matrix and the result is false (true when the Hessian is complete).
    @discardableResult
    public func fullHessian(into h: inout [Double], asymmetry: UnsafeMutablePointer<Double>? = nil,
                            isCancelled: () -> Bool = { false }) -> Bool {
        if let normalized {
            guard let full = normalized.fullHessian(asymmetry: asymmetry, isCancelled: isCancelled) else { return false }
            h = full
            return true
        }
        let P = parameterCount, L = model.layerCount
        var layerOf = [Int](repeating: 0, count: P)
        for l in 0..<L { for i in model.weightOffset(layer: l)..<(model.biasOffset(layer: l) + model.sizes[l + 1]) { layerOf[i] = l } }
        if h.count != P * P { h = [Double](repeating: 0, count: P * P) }
        var e = [Double](repeating: 0, count: P)
        var complete = true
        e.withUnsafeMutableBufferPointer { eb in h.withUnsafeMutableBufferPointer { hb in
            guard let ep = eb.baseAddress, let hp = hb.baseAddress else { return }
            for j in 0..<P {
                if isCancelled() { complete = false; return }
                ep[j] = 1
                rOperatorProduct(UnsafePointer(ep), into: hp + j * P, stopLayer: layerOf[j])   // row j = H e_j (layers ≥ m)
                ep[j] = 0
            }
            var worst = 0.0
            for i in 0..<P { for j in (i + 1)..<P {
                let a = hp[i * P + j]
                if layerOf[i] == layerOf[j] {
                    let b = hp[j * P + i]
                    worst = max(worst, Swift.abs(a - b))
                    let m = 0.5 * (a + b)
                    hp[i * P + j] = m; hp[j * P + i] = m
                } else {
                    hp[j * P + i] = a     // row i (the earlier layer) holds the computed entry
                }
            } }
            asymmetry?.pointee = worst
        }}
        return complete
    }

    /// out = re ⊙ gate over one row, and sum += out (the bias row sums).
    @inline(__always)
    private func gateAndSum(_ re: UnsafePointer<Double>, gate: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                            sum: UnsafeMutablePointer<Double>, _ count: Int) {
        var j = 0
        while j + 4 <= count {
            let x = load4(re + j) * load4(gate + j)
            store4(x, out + j); store4(load4(sum + j) + x, sum + j)
            j += 4
        }
        while j < count { out[j] = re[j] * gate[j]; sum[j] += out[j]; j += 1 }
    }

    /// out = a·w + b·v over one row (w, v contiguous): each product rounded, then summed — the same bits
    /// as a one-term product pass followed by a second one-term product added to it.
    @inline(__always)
    private func outerPair(_ a: Double, _ w: UnsafePointer<Double>, _ b: Double, _ v: UnsafePointer<Double>,
                           into out: UnsafeMutablePointer<Double>, _ count: Int) {
        let a4 = D4(repeating: a), b4 = D4(repeating: b)
        var j = 0
        while j + 4 <= count { store4(a4 * load4(w + j) + b4 * load4(v + j), out + j); j += 4 }
        while j < count { out[j] = a * w[j] + b * v[j]; j += 1 }
    }
}
