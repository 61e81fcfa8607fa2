/// Loss values and their gradient (exp/log from ``DeterministicMath``, so bit-identical everywhere) with respect to the network output, on feature-major buffers
/// (k output rows × `ld` columns, `count` real columns; padding columns get a zero gradient).
public enum LossKernels {
    /// Returns Σ of the per-element (mse, bce) or per-sample (softmax CE) losses over the `count` columns —
    /// unnormalised, so chunks can be summed — and, when `grad` is given, writes
    /// grad = scale · ∂(that sum)/∂out (zero on padding columns). When `correct` is given, adds the number
    /// of correctly classified samples (bce: logit > 0 ⇔ y > ½ per output; softmax: argmax agrees).
    public static func evaluate(
        _ loss: Loss, out: UnsafePointer<Double>, y: UnsafePointer<Double>, k: Int, count: Int, ld: Int,
        scale: Double, grad: UnsafeMutablePointer<Double>?, correct: UnsafeMutablePointer<Int>? = nil
    ) -> Double {
        var total = 0.0
        switch loss {
        case .mse:
            for r in 0..<k {
                let o = out + r * ld, t = y + r * ld
                var s = 0.0
                for c in 0..<count {
                    let e = o[c] - t[c]
                    s += e * e
                    if let grad { grad[r * ld + c] = 2 * scale * e }
                }
                total += s
            }
        case .bceWithLogits:
            var hits = 0
            for r in 0..<k {
                let o = out + r * ld, t = y + r * ld
                var s = 0.0
                var c = 0
                // Four samples at a time where all four logits are ordinary (|z| ≤ 700): the same operations
                // lane by lane (`BCEKernel`), the terms added to s in sample order, so the same bits.
                while c + 4 <= count {
                    let z = SIMD4(o[c], o[c + 1], o[c + 2], o[c + 3])
                    if !BCEKernel.inRange(z) {
                        for l in c..<c + 4 {
                            let (term, g, hit) = bceSample(z: o[l], y: t[l], scale: scale)
                            s += term
                            grad?[r * ld + l] = g
                            if hit { hits += 1 }
                        }
                        c += 4
                        continue
                    }
                    let yy = SIMD4(t[c], t[c + 1], t[c + 2], t[c + 3])
                    let (term, sigma) = BCEKernel.terms(z: z, y: yy)
                    s += term[0]; s += term[1]; s += term[2]; s += term[3]
                    if let grad {
                        let g = scale * (sigma - yy)
                        for l in 0..<4 { grad[r * ld + c + l] = g[l] }
                    }
                    for l in 0..<4 where (z[l] > 0) == (yy[l] > 0.5) { hits += 1 }
                    c += 4
                }
                while c < count {
                    let (term, g, hit) = bceSample(z: o[c], y: t[c], scale: scale)
                    s += term
                    grad?[r * ld + c] = g
                    if hit { hits += 1 }
                    c += 1
                }
                total += s
            }
            correct?.pointee += hits
        case .softmaxCrossEntropy:
            var hits = 0
            for c in 0..<count {
                var m = -Double.infinity, argZ = 0, argY = 0, ySum = 0.0
                for r in 0..<k {
                    let z = out[r * ld + c]
                    if z > m { m = z; argZ = r }
                    if y[r * ld + c] > y[argY * ld + c] { argY = r }
                    ySum += y[r * ld + c]
                }
                if !m.isFinite { m = 0 }  // all −∞ or a NaN: let the NaN/∞ propagate below
                var se = 0.0
                for r in 0..<k { se += DeterministicMath.exp(out[r * ld + c] - m) }
                let lse = m + DeterministicMath.log(se)
                var l = 0.0
                for r in 0..<k { l += y[r * ld + c] * (lse - out[r * ld + c]) }
                total += l
                if let grad {
                    for r in 0..<k {
                        let p = DeterministicMath.exp(out[r * ld + c] - lse)
                        grad[r * ld + c] = scale * (ySum * p - y[r * ld + c])
                    }
                }
                if argZ == argY { hits += 1 }
            }
            correct?.pointee += hits
        }
        if let grad, count < ld {
            for r in 0..<k { (grad + r * ld + count).initialize(repeating: 0, count: ld - count) }
        }
        return total
    }

    /// One sample of binary cross-entropy with logits: the loss term, its gradient scale·(σ(z) − y) and whether the
    /// logit's side agrees with the label. One exp serves the loss and σ(z): ``DeterministicMath/logistic(_:)``
    /// computes the same e^{−|z|} (e^{−z} for z ≥ 0, e^{z} below), so these are its bits at half the cost.
    @inline(__always)
    static func bceSample(z: Double, y: Double, scale: Double) -> (term: Double, grad: Double, hit: Bool) {
        let e = DeterministicMath.exp(-Swift.abs(z))
        let term = Swift.max(z, 0) - z * y + DeterministicMath.log1p(e)
        return (term, scale * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y), (z > 0) == (y > 0.5))
    }

    /// The number of terms the loss is averaged over for n samples with k outputs.
    public static func normaliser(_ loss: Loss, samples n: Int, outputs k: Int) -> Int {
        loss == .softmaxCrossEntropy ? n : n * k
    }
}
