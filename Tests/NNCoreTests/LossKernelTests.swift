import Foundation
import Testing
@testable import NNCore

/// The binary cross-entropy kernel shares one e^{−|z|} between the loss and σ(z); these tests hold it to the
/// formulas it replaces: the gradient to `DeterministicMath.logistic` bit for bit, the loss to libm.
struct LossKernelTests {
    @Test func bceGradientIsTheLogisticBitForBitAndTheLossMatchesLibm() {
        var rng = SeededRNG(seed: 7)
        var z: [Double] = [0, -0.0, 1e-3, -1e-3, 0.5, -0.5, 30, -30, 800, -800, .infinity, -.infinity]
        while z.count < 64 { z.append(rng.nextGaussian() * 6) }
        let y = z.indices.map { Double($0 % 2) }
        let scale = 1.0 / 64
        var grad = [Double](repeating: .nan, count: z.count)
        var correct = 0
        let loss = z.withUnsafeBufferPointer { zp in
            y.withUnsafeBufferPointer { yp in
                grad.withUnsafeMutableBufferPointer { gp in
                    LossKernels.evaluate(.bceWithLogits, out: zp.baseAddress!, y: yp.baseAddress!, k: 1,
                                         count: z.count, ld: z.count, scale: scale, grad: gp.baseAddress!,
                                         correct: &correct)
                }
            }
        }
        for (i, zi) in z.enumerated() {
            let expected = scale * (DeterministicMath.logistic(zi) - y[i])
            #expect(grad[i].bitPattern == expected.bitPattern, "z = \(zi)")
        }
        // The loss over the finite logits against libm's log1p and exp (±∞ logits give ∞ or NaN, by design).
        let finite = z.indices.filter { z[$0].isFinite }
        var reference = 0.0
        for i in finite { reference += Swift.max(z[i], 0) - z[i] * y[i] + Foundation.log1p(Foundation.exp(-Swift.abs(z[i]))) }
        let fz = finite.map { z[$0] }, fy = finite.map { y[$0] }
        let finiteLoss = fz.withUnsafeBufferPointer { zp in
            fy.withUnsafeBufferPointer { yp in
                LossKernels.evaluate(.bceWithLogits, out: zp.baseAddress!, y: yp.baseAddress!, k: 1, count: fz.count,
                                     ld: fz.count, scale: 1, grad: nil)
            }
        }
        #expect(Swift.abs(finiteLoss - reference) <= 1e-13 * reference)
        #expect(!loss.isFinite)
        // Bit for bit the scalar formulas summed in sample order, whichever path (four lanes or one) a sample took.
        var scalar = 0.0
        for (i, zi) in fz.enumerated() {
            scalar += Swift.max(zi, 0) - zi * fy[i] + DeterministicMath.log1p(DeterministicMath.exp(-Swift.abs(zi)))
        }
        #expect(finiteLoss.bitPattern == scalar.bitPattern)
        #expect(correct == z.indices.filter { (z[$0] > 0) == (y[$0] > 0.5) }.count)
    }
}
