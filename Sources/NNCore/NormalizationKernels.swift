/// LayerNorm and BatchNorm on feature-major chunks (rows = units, columns = samples, stride `ld`, `nb` real
/// samples; padding columns of Ẑ and U are left 0). Called by ``BackpropWorkspace`` once per normalised
/// layer, between the dense product and the activation, on the workspace's own buffers (no allocation).
///
/// Statistics block `st` (see ``BackpropWorkspace``), each row `w` = max(capacity, d) long:
/// st[0·w…] μ, st[1·w…] r = 1/√(σ² + ε), st[2·w…] σ² (BatchNorm), st[3·w…], st[4·w…] backward sums.
@usableFromInline
enum NormalizationKernels {
    /// Ẑ and U = γ ⊙ Ẑ + β from Z. `running` (BatchNorm in inference mode) points at the layer's running
    /// mean (d values) followed by its running variance.
    @usableFromInline
    static func forward(
        _ norm: Normalization, mode: NormalizationMode, z: UnsafePointer<Double>, zhat: UnsafeMutablePointer<Double>,
        u: UnsafeMutablePointer<Double>, gamma: UnsafePointer<Double>, stats st: UnsafeMutablePointer<Double>,
        statsWidth w: Int, running: UnsafePointer<Double>?, out: Int, ld: Int, count nb: Int
    ) {
        let mean = st, r = st + w, variance = st + 2 * w
        let beta = gamma + out
        switch (norm.kind, mode) {
        case (.none, _):
            return
        case (.layer, _):
            // Per sample (column): sums over the rows, row by row so the inner loop is contiguous.
            mean.update(repeating: 0, count: nb)
            variance.update(repeating: 0, count: nb)
            for j in 0..<out { let row = z + j * ld; for b in 0..<nb { mean[b] += row[b] } }
            let inv = 1 / Double(out)
            for b in 0..<nb { mean[b] *= inv }
            for j in 0..<out {
                let row = z + j * ld
                for b in 0..<nb { let d = row[b] - mean[b]; variance[b] += d * d }
            }
            for b in 0..<nb { variance[b] *= inv; r[b] = 1 / (variance[b] + norm.epsilon).squareRoot() }
            for j in 0..<out {
                let zr = z + j * ld, hr = zhat + j * ld, ur = u + j * ld, g = gamma[j], be = beta[j]
                for b in 0..<nb { let x = (zr[b] - mean[b]) * r[b]; hr[b] = x; ur[b] = g * x + be }
            }
        case (.batch, .training):
            // Per unit (row) over the nb samples; biased variance.
            let inv = 1 / Double(nb)
            for j in 0..<out {
                let zr = z + j * ld
                var s = 0.0
                for b in 0..<nb { s += zr[b] }
                let m = s * inv
                var v = 0.0
                for b in 0..<nb { let d = zr[b] - m; v += d * d }
                v *= inv
                let rj = 1 / (v + norm.epsilon).squareRoot()
                mean[j] = m; variance[j] = v; r[j] = rj
                let hr = zhat + j * ld, ur = u + j * ld, g = gamma[j], be = beta[j]
                for b in 0..<nb { let x = (zr[b] - m) * rj; hr[b] = x; ur[b] = g * x + be }
            }
        case (.batch, .inference):
            for j in 0..<out {
                let m = running?[j] ?? 0, v = running?[out + j] ?? 1
                let rj = 1 / (v + norm.epsilon).squareRoot()
                mean[j] = m; r[j] = rj
                let zr = z + j * ld, hr = zhat + j * ld, ur = u + j * ld, g = gamma[j], be = beta[j]
                for b in 0..<nb { let x = (zr[b] - m) * rj; hr[b] = x; ur[b] = g * x + be }
            }
        }
        if nb < ld {
            for j in 0..<out {
                (zhat + j * ld + nb).update(repeating: 0, count: ld - nb)
                (u + j * ld + nb).update(repeating: 0, count: ld - nb)
            }
        }
    }

    /// Backward through the normalisation (training mode): on entry `d` holds ∂/∂U, on exit ∂/∂Z (padding
    /// columns 0); adds ∂/∂γ and ∂/∂β into `gGamma` (d values) and `gGamma + out`.
    ///
    /// With D̂ = γ ⊙ ∂/∂U: ∂/∂Z = r (D̂ − mean(D̂) − Ẑ ⊙ mean(D̂ ⊙ Ẑ)), the means over the units of a sample
    /// (LayerNorm) or over the samples of a unit (BatchNorm).
    @usableFromInline
    static func backward(
        _ norm: Normalization, d: UnsafeMutablePointer<Double>, zhat: UnsafePointer<Double>,
        gamma: UnsafePointer<Double>, gGamma: UnsafeMutablePointer<Double>, stats st: UnsafeMutablePointer<Double>,
        statsWidth w: Int, out: Int, ld: Int, count nb: Int
    ) {
        let r = st + w, s1 = st + 3 * w, s2 = st + 4 * w
        let gBeta = gGamma + out
        for j in 0..<out {
            let dr = d + j * ld, hr = zhat + j * ld, g = gamma[j]
            var sg = 0.0, sb = 0.0
            for b in 0..<nb { sg += dr[b] * hr[b]; sb += dr[b]; dr[b] *= g }
            gGamma[j] += sg
            gBeta[j] += sb
        }
        switch norm.kind {
        case .none:
            return
        case .layer:
            s1.update(repeating: 0, count: nb)
            s2.update(repeating: 0, count: nb)
            for j in 0..<out {
                let dr = d + j * ld, hr = zhat + j * ld
                for b in 0..<nb { s1[b] += dr[b]; s2[b] += dr[b] * hr[b] }
            }
            let inv = 1 / Double(out)
            for b in 0..<nb { s1[b] *= inv; s2[b] *= inv }
            for j in 0..<out {
                let dr = d + j * ld, hr = zhat + j * ld
                for b in 0..<nb { dr[b] = r[b] * (dr[b] - s1[b] - hr[b] * s2[b]) }
            }
        case .batch:
            let inv = 1 / Double(nb)
            for j in 0..<out {
                let dr = d + j * ld, hr = zhat + j * ld
                var a = 0.0, c = 0.0
                for b in 0..<nb { a += dr[b]; c += dr[b] * hr[b] }
                a *= inv; c *= inv
                let rj = r[j]
                for b in 0..<nb { dr[b] = rj * (dr[b] - a - hr[b] * c) }
            }
        }
        if nb < ld { for j in 0..<out { (d + j * ld + nb).update(repeating: 0, count: ld - nb) } }
    }
}
