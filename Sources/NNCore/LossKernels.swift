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
                for c in 0..<count {
                    let z = o[c], yy = t[c]
                    s += Swift.max(z, 0) - z * yy + DeterministicMath.log1p(DeterministicMath.exp(-Swift.abs(z)))
                    if let grad { grad[r * ld + c] = scale * (DeterministicMath.logistic(z) - yy) }
                    if (z > 0) == (yy > 0.5) { hits += 1 }
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

    /// The number of terms the loss is averaged over for n samples with k outputs.
    public static func normaliser(_ loss: Loss, samples n: Int, outputs k: Int) -> Int {
        loss == .softmaxCrossEntropy ? n : n * k
    }
}
