import CNNKernels
import NNCore

/// Whether a dense HVP may use ``HVPContractions``: `.automatic` where the products they skip are large
/// (≥ 2²⁰ multiply-adds, the packed-GEMM threshold), `.always` wherever the network's structure allows
/// (tests use it on small nets to check the algebra against the plain R-operator), `.never` for the plain
/// R-operator only.
public enum HVPContractionPolicy: Sendable {
    case automatic, always, never
}

/// Exact shortcuts for a dense HVP (all of v at once, as Lanczos and the bench use it) on a wide net.
/// The plain R-operator does six products of size n × d_in × d_out per hidden layer; on C3 (2-256-256-1)
/// those six of the 256 × 256 layer were ~75% of an HVP. Some of them only reach H v through a linear map
/// that does not depend on v, so that map is contracted once with the primal quantities, and the HVP then
/// pays d_in × d_out (not n × d_in × d_out) for them:
///
/// - **First layer, D₁ = δ₁ V₁.** R{e₀} ∋ δ₁ V₁ reaches H v only through R{∂J/∂W₀} = (R{e₀} ⊙ φ′₀)ᵀ x̃
///   (x̃ = [x, 1]; the input has no cotangent to pass on). So its share of entry (a, b) is
///   Σ_j V₁[j, a] · T_b[j, a] with T_b = δ₁ᵀ (φ′₀ ⊙ x̃_b), one d₂ × d₁ matrix per input column plus bias,
///   precomputed. Any activations; needs the first layer's fan-in d₀ ≤ 3 (the lectures' 1D and 2D inputs), so T
///   costs at most 4× V₁'s memory and pays for itself after d₀ + 1 HVPs.
/// - **Last hidden layer h = L − 2, E_h = R{Φ_{h−1}} W_hᵀ**, with one output unit and φ″_h ≡ 0 (ReLU,
///   leaky ReLU, |·|, linear). Then R{F_h} is only read through R{Φ_h} = φ′_h ⊙ R{F_h} by two linear maps:
///   R{z}_i = Σ_j W_{L−1}[j] R{Φ_h}[i, j] + …, and R{∂J/∂W_{L−1}}[j] = Σ_i δ_{L−1}[i] R{Φ_h}[i, j] + ….
///   E_h's share of the first is the row dot product of R{Φ_{h−1}} with G = U W_h (U = φ′_h ⊙ W_{L−1},
///   precomputed); its share of the second is Σ_k W_h[j, k] M[j, k] with M = Sᵀ R{Φ_{h−1}} and
///   S = δ_{L−1} ⊙ φ′_h. And M also gives the R-backward's δ_hᵀ R{Φ_{h−1}} = diag(W_{L−1}) M, since
///   δ_h = diag-scaled S for one output. So E_h and that product cost one product (M) instead of two.
///
/// Together they leave four big products of six; on a net with exactly two hidden layers (C3) the closed form
/// (``closedForm``) removes two more, leaving the Gauss–Newton core. The results equal the plain R-operator's up to
/// rounding (the sums run in another order); `HVPContractionTests` checks that to 1e-12 and against finite
/// differences. The full Hessian's sparse unit tangents keep the plain path.
final class HVPContractions {
    /// First-layer shortcut on: T_b (b = 0…d₀, each d₂ × d₁ row-major like V₁) back to back.
    let firstLayerT: [Double]
    let firstLayerOn: Bool
    /// Last-hidden shortcut: h, G (n × sizes[h]) and S (n × sizes[h+1]); nil when off.
    let lastHidden: Int?
    let g: [Double], s: [Double]
    /// Two hidden layers with both shortcuts (C3's shape, h = 1): K_b = Sᵀ (φ′₀ ⊙ x̃_b) (b = 0…d₀, each
    /// d₂ × d₁) turns the last two big products into closed forms (see ``closedForm``); empty when off.
    let k: [Double]
    /// Both shortcuts on a net with exactly two hidden layers. Then R{Φ₀} = φ′₀ ⊙ (x̃ Ṽ₀ᵀ) has rank ≤ d₀ + 1
    /// before its gate, so M = Sᵀ R{Φ₀} = Σ_b K_b ⊙ Ṽ₀[:, b] needs no product; and R{e₀} = R{δ₁} W₁ is only
    /// read through the first layer's weight gradient, where, with R{δ₁} = R{δ₂} U + S diag(V₂), its share is
    /// Σ_i R{δ₂}_i G[i, a] φ′₀[i, a] x̃[i, b] + Σ_j V₂[j] W₁[j, a] K_b[j, a]: no product either. Two big
    /// products remain (R{F₁}'s V₁ term and R{δ₁}ᵀ Φ₀), the Gauss–Newton core J v and Jᵀ r.
    let closedForm: Bool
    /// Scratch: M (sizes[h+1] × sizes[h]), d₀ + 1 rows of column sums (d₁ each), Ṽ₀'s columns, one row.
    var m: [Double]
    var colsum: [Double]
    var vColumns: [Double]
    var row: [Double]

    /// Builds whichever shortcuts `policy` and the network allow, or returns nil when neither applies.
    /// `delta` is the primal δ_l = ∂J/∂F_l per layer (n × d_{l+1}).
    init?(net: NetworkDerivatives, delta: [[Double]], policy: HVPContractionPolicy) {
        let model = net.model, n = net.count, L = model.layerCount, sizes = model.sizes
        guard policy != .never, L >= 2 else { return nil }
        func large(_ l: Int) -> Bool { policy == .always || n * sizes[l] * sizes[l + 1] >= 1 << 20 }
        let firstOn = sizes[0] <= 3 && large(1)
        var h: Int? = nil
        if L >= 3, sizes[L] == 1, !net.curved[L - 2], large(L - 2) { h = L - 2 }
        guard firstOn || h != nil else { return nil }
        firstLayerOn = firstOn
        lastHidden = h
        let d0 = sizes[0], d1 = sizes[1], d2 = sizes[2]
        var sTable: [Double] = []
        if let h {
            let dIn = sizes[h], dOut = sizes[h + 1]
            let wOut = model.weightOffset(layer: L - 1)
            // (Element loops through pointers throughout: the class's nested arrays cost an exclusivity and a
            // uniqueness check per indexed access.)
            var u = [Double](repeating: 0, count: n * dOut), sv = u, gm = [Double](repeating: 0, count: n * dIn)
            u.withUnsafeMutableBufferPointer { ub in sv.withUnsafeMutableBufferPointer { sb in gm.withUnsafeMutableBufferPointer { gb in
            delta[L - 1].withUnsafeBufferPointer { db in net.d1[h].withUnsafeBufferPointer { hb in
            model.parameters.withUnsafeBufferPointer { tb in
                guard let up = ub.baseAddress, let sp = sb.baseAddress, let gp = gb.baseAddress, let dz = db.baseAddress,
                      let gate = hb.baseAddress, let theta = tb.baseAddress else { return }
                for i in 0..<n {
                    for j in 0..<dOut {
                        up[i * dOut + j] = gate[i * dOut + j] * theta[wOut + j]
                        sp[i * dOut + j] = dz[i] * gate[i * dOut + j]
                    }
                }
                gemmNNacc(up, theta + model.weightOffset(layer: h), gp, m: n, n: dIn, k: dOut, pack: net.pack, overwrite: true)
            }}}}}}
            g = gm; s = sv; sTable = sv
            m = [Double](repeating: 0, count: dOut * dIn)
        } else {
            g = []; s = []; m = []
        }
        closedForm = firstOn && h == 1 && L == 3
        let tables = firstOn ? (d0 + 1) * d2 * d1 : 0
        var t = [Double](repeating: 0, count: tables), kt = [Double](repeating: 0, count: closedForm ? tables : 0)
        if firstOn {
            let withK = closedForm
            var y = [Double](repeating: 0, count: n * d1)
            t.withUnsafeMutableBufferPointer { tb in kt.withUnsafeMutableBufferPointer { kb in y.withUnsafeMutableBufferPointer { yb in
            delta[1].withUnsafeBufferPointer { db in net.d1[0].withUnsafeBufferPointer { gb in net.x.withUnsafeBufferPointer { xb in
            sTable.withUnsafeBufferPointer { sb in
                guard let tp = tb.baseAddress, let yp = yb.baseAddress, let dp = db.baseAddress, let gate = gb.baseAddress,
                      let xp = xb.baseAddress else { return }
                for b in 0...d0 {
                    for i in 0..<n {   // Y_b = φ′₀ ⊙ x̃_b
                        let xib = b < d0 ? xp[i * d0 + b] : 1
                        for a in 0..<d1 { yp[i * d1 + a] = gate[i * d1 + a] * xib }
                    }
                    gemmTNacc(dp, yp, tp + b * d2 * d1, m: d2, n: d1, k: n, pack: net.pack, overwrite: true)
                    if withK, let kp = kb.baseAddress, let sp = sb.baseAddress {
                        gemmTNacc(sp, yp, kp + b * d2 * d1, m: d2, n: d1, k: n, pack: net.pack, overwrite: true)
                    }
                }
            }}}}}}}
        }
        firstLayerT = t
        k = kt
        colsum = [Double](repeating: 0, count: (d0 + 1) * d1)
        vColumns = colsum
        row = [Double](repeating: 0, count: d1)
    }

    /// Adds E_h's share of R{z} (`r`, n × 1): r_i += R{Φ_{h−1}}_i · G_i. Called by the R-forward at layer h + 1.
    func addSkippedForward(net: NetworkDerivatives, into r: UnsafeMutablePointer<Double>) {
        guard let h = lastHidden, net.rActive[h - 1] else { return }
        let n = net.count, dIn = net.model.sizes[h]
        net.rphi[h - 1].withUnsafeBufferPointer { pb in g.withUnsafeBufferPointer { gb in
            guard let p = pb.baseAddress, let gp = gb.baseAddress else { return }
            for i in 0..<n { r[i] += kdot(p + i * dIn, gp + i * dIn, dIn) }
        }}
    }

    /// At the output layer of the R-backward: computes M = Sᵀ R{Φ_{h−1}} and adds E_h's share of
    /// R{∂J/∂W_{L−1}}. Returns whether M holds a non-zero product (R{Φ_{h−1}} active).
    func addSkippedOutputWeights(net: NetworkDerivatives, v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>) -> Bool {
        guard let h = lastHidden, net.rActive[h - 1] else { return false }
        let model = net.model, n = net.count, dIn = model.sizes[h], dOut = model.sizes[h + 1]
        let wh = model.weightOffset(layer: h), wOut = model.weightOffset(layer: h + 1)
        if closedForm { gatherFirstLayerTangent(model: model, v: v) }
        m.withUnsafeMutableBufferPointer { mb in s.withUnsafeBufferPointer { sb in k.withUnsafeBufferPointer { kb in
        vColumns.withUnsafeBufferPointer { cb in
        net.rphi[h - 1].withUnsafeBufferPointer { pb in model.parameters.withUnsafeBufferPointer { tb in
            guard let mp = mb.baseAddress, let sp = sb.baseAddress, let p = pb.baseAddress, let theta = tb.baseAddress else { return }
            if closedForm, let kp = kb.baseAddress, let vc = cb.baseAddress {
                // M[j, ·] = Σ_b K_b[j, ·] ⊙ Ṽ₀[·, b]  (here dIn = d₁, dOut = d₂)
                let d0 = model.sizes[0]
                for j in 0..<dOut {
                    // Each entry: a fused chain over b from +0 (the same bits as a register accumulator).
                    let mr = mp + j * dIn
                    mr.update(repeating: 0, count: dIn)
                    for b in 0...d0 { nnk_fma_vv(mr, kp + (b * dOut + j) * dIn, vc + b * dIn, dIn) }
                }
            } else {
                gemmTNacc(sp, p, mp, m: dOut, n: dIn, k: n, pack: net.pack, overwrite: true)
            }
            for j in 0..<dOut { out[wOut + j] += kdot(theta + wh + j * dIn, mp + j * dIn, dIn) }
        }}}}}}
        return true
    }

    /// Ṽ₀'s columns (b = 0…d₀; the last is the bias tangent), each d₁ long, into `vColumns`.
    private func gatherFirstLayerTangent(model: MLP, v: UnsafePointer<Double>) {
        let d0 = model.sizes[0], d1 = model.sizes[1]
        let w0 = model.weightOffset(layer: 0), b0 = model.biasOffset(layer: 0)
        vColumns.withUnsafeMutableBufferPointer { cb in
            for b in 0...d0 { for a in 0..<d1 { cb[b * d1 + a] = b < d0 ? v[w0 + a * d0 + b] : v[b0 + a] } }
        }
    }

    /// At layer h of the R-backward: δ_hᵀ R{Φ_{h−1}} = diag(W_{L−1}) M, added to R{∂J/∂W_h}.
    func addSkippedHiddenWeights(model: MLP, out: UnsafeMutablePointer<Double>) {
        guard let h = lastHidden else { return }
        let dIn = model.sizes[h], dOut = model.sizes[h + 1]
        let wh = model.weightOffset(layer: h), wOut = model.weightOffset(layer: h + 1)
        m.withUnsafeBufferPointer { mb in
            guard let mp = mb.baseAddress else { return }
            for j in 0..<dOut { kaxpy(model.parameters[wOut + j], mp + j * dIn, out + wh + j * dIn, dIn) }
        }
    }

    /// At layer 0 of the R-backward: D₁ = δ₁ V₁'s share of R{∂J/∂W₀} and R{∂J/∂b₀}, Σ_j V₁[j, a] T_b[j, a];
    /// with ``closedForm`` also R{δ₁} W₁'s share (R{δ₂} = `rdOut`, n × 1), which the R-backward then skips.
    func addSkippedFirstLayer(net: NetworkDerivatives, v: UnsafePointer<Double>, rdOut: UnsafePointer<Double>?,
                              out: UnsafeMutablePointer<Double>) {
        guard firstLayerOn else { return }
        let model = net.model, n = net.count
        let d0 = model.sizes[0], d1 = model.sizes[1], d2 = model.sizes[2]
        let v1 = v + model.weightOffset(layer: 1), w0 = model.weightOffset(layer: 0), b0 = model.biasOffset(layer: 0)
        let withClosedForm = closedForm && rdOut != nil
        firstLayerT.withUnsafeBufferPointer { tb in colsum.withUnsafeMutableBufferPointer { cb in k.withUnsafeBufferPointer { kb in
        g.withUnsafeBufferPointer { gb in row.withUnsafeMutableBufferPointer { rb in model.parameters.withUnsafeBufferPointer { pb in
        net.d1[0].withUnsafeBufferPointer { fb in net.x.withUnsafeBufferPointer { xb in
            guard let t = tb.baseAddress, let acc = cb.baseAddress, let theta = pb.baseAddress else { return }
            acc.update(repeating: 0, count: (d0 + 1) * d1)
            let w1 = theta + model.weightOffset(layer: 1), v2 = v + model.weightOffset(layer: 2)
            for b in 0...d0 {
                let c = acc + b * d1, tb = t + b * d2 * d1
                for j in 0..<d2 {
                    // Σ_j V₁[j, a] T_b[j, a]  (+ Σ_j V₂[j] W₁[j, a] K_b[j, a] in closed form)
                    let vr = v1 + j * d1, tr = tb + j * d1
                    nnk_fma_vv(c, vr, tr, d1)
                    if withClosedForm, let kp = kb.baseAddress, v2[j] != 0 {
                        nnk_fma_scaled(c, v2[j], w1 + j * d1, kp + (b * d2 + j) * d1, d1)
                    }
                }
            }
            if withClosedForm, let rd = rdOut, let gp = gb.baseAddress, let tmp = rb.baseAddress, let gate = fb.baseAddress,
               let xp = xb.baseAddress {
                // Σ_i R{δ₂}_i G[i, a] φ′₀[i, a] x̃[i, b]
                for i in 0..<n where rd[i] != 0 {
                    let w4 = D4(repeating: rd[i]), gi = gp + i * d1, fi = gate + i * d1
                    var a = 0
                    while a + 4 <= d1 { store4(w4 * load4(gi + a) * load4(fi + a), tmp + a); a += 4 }
                    while a < d1 { tmp[a] = rd[i] * gi[a] * fi[a]; a += 1 }
                    for b in 0...d0 { kaxpy(b < d0 ? xp[i * d0 + b] : 1, tmp, acc + b * d1, d1) }
                }
            }
            for b in 0...d0 {
                let c = acc + b * d1
                if b < d0 { for a in 0..<d1 { out[w0 + a * d0 + b] += c[a] } }
                else { for a in 0..<d1 { out[b0 + a] += c[a] } }
            }
        }}}}}}}}
    }
}
