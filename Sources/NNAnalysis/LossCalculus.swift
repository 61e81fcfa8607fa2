import Foundation
import NNCore

/// Value, output gradient and output curvature (Hessian-vector product in output space) of each loss,
/// with the conventions of `Loss` (common.md): mse and bce_with_logits are means over n·k elements,
/// softmax_cross_entropy is a mean over n points. All arrays are n × k row-major.
/// (A separate namespace rather than `Loss` extensions, so it cannot clash with the training engine's.)
enum LossCalculus {
    static func value(_ loss: Loss, z: UnsafePointer<Double>, y: UnsafePointer<Double>, n: Int, k: Int) -> Double {
        if n == 0 { return 0 }
        var s = 0.0
        switch loss {
        case .mse:
            for i in 0..<(n * k) { let r = z[i] - y[i]; s += r * r }
            return s / Double(n * k)
        case .bceWithLogits:
            for i in 0..<(n * k) { let t = z[i]; s += max(t, 0) - t * y[i] + log1p(exp(-Swift.abs(t))) }
            return s / Double(n * k)
        case .softmaxCrossEntropy:
            for i in 0..<n {
                let zr = z + i * k, yr = y + i * k
                let (lse, _) = logSumExp(zr, k)
                var sy = 0.0, yz = 0.0
                for c in 0..<k { sy += yr[c]; yz += yr[c] * zr[c] }
                s += sy * lse - yz
            }
            return s / Double(n)
        }
    }

    /// g = ∂loss/∂z.
    static func gradient(_ loss: Loss, z: UnsafePointer<Double>, y: UnsafePointer<Double>, n: Int, k: Int,
                         into g: UnsafeMutablePointer<Double>) {
        switch loss {
        case .mse:
            let c = 2 / Double(n * k)
            for i in 0..<(n * k) { g[i] = c * (z[i] - y[i]) }
        case .bceWithLogits:
            let c = 1 / Double(n * k)
            for i in 0..<(n * k) { g[i] = c * (Activation.logistic(z[i]) - y[i]) }
        case .softmaxCrossEntropy:
            let c = 1 / Double(n)
            for i in 0..<n {
                let zr = z + i * k, yr = y + i * k, gr = g + i * k
                let (lse, _) = logSumExp(zr, k)
                var sy = 0.0
                for j in 0..<k { sy += yr[j] }
                for j in 0..<k { gr[j] = c * (sy * exp(zr[j] - lse) - yr[j]) }
            }
        }
    }

    /// out = (∇²_z loss) · r (block-diagonal over points).
    static func curvature(_ loss: Loss, z: UnsafePointer<Double>, y: UnsafePointer<Double>, r: UnsafePointer<Double>,
                          n: Int, k: Int, into out: UnsafeMutablePointer<Double>) {
        switch loss {
        case .mse:
            let c = 2 / Double(n * k)
            for i in 0..<(n * k) { out[i] = c * r[i] }
        case .bceWithLogits:
            let c = 1 / Double(n * k)
            for i in 0..<(n * k) { let s = Activation.logistic(z[i]); out[i] = c * s * (1 - s) * r[i] }
        case .softmaxCrossEntropy:
            // Σy · (diag(p) − p pᵀ) r
            let c = 1 / Double(n)
            for i in 0..<n {
                let zr = z + i * k, yr = y + i * k, rr = r + i * k, o = out + i * k
                let (lse, _) = logSumExp(zr, k)
                var sy = 0.0, pr = 0.0
                for j in 0..<k { sy += yr[j]; pr += exp(zr[j] - lse) * rr[j] }
                for j in 0..<k { let p = exp(zr[j] - lse); o[j] = c * sy * p * (rr[j] - pr) }
            }
        }
    }

    /// The diagonal scale of the output Hessian for mse (2/(n·k)), used in docs and tests of H = c·JᵀJ.
    static func mseCurvature(n: Int, k: Int) -> Double { 2 / Double(n * k) }

    private static func logSumExp(_ z: UnsafePointer<Double>, _ k: Int) -> (Double, Double) {
        var m = -Double.infinity
        for j in 0..<k { m = max(m, z[j]) }
        var s = 0.0
        for j in 0..<k { s += exp(z[j] - m) }
        return (m + log(s), m)
    }
}
