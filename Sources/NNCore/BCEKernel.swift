/// Binary cross-entropy with logits for four samples at once, lane by lane the same IEEE operations as the scalar
/// ``DeterministicMath/exp(_:)``, ``DeterministicMath/log1p(_:)`` and ``DeterministicMath/logistic(_:)`` (no fused
/// multiply-adds, the same association), so the loss kernel's bits do not depend on which path a sample took.
///
/// Why: the scalar log is a ten-step Horner chain; one sample at a time it is latency-bound (~50 ns a sample, 5% of
/// a C2 training step). Four independent lanes overlap those chains.
///
/// Only for |z| ≤ 700, where every intermediate is a normal number: e^{−|z|} ∈ [e^{−700}, 1], 1 + e ∈ (1, 2], the
/// scale factors 2^h with h ∈ [−505, 0]. Callers use the scalar code for anything else (±∞, NaN, huge logits).
enum BCEKernel {
    /// The loss term max(z, 0) − z·y + log1p(e^{−|z|}) and σ(z), per lane.
    @inline(__always)
    static func terms(z: SIMD4<Double>, y: SIMD4<Double>) -> (term: SIMD4<Double>, sigma: SIMD4<Double>) {
        let zero = SIMD4<Double>(), one = SIMD4<Double>(repeating: 1)
        let x = negativeAbs(z)
        let e = exp(x)
        // log1p(e): w = 1 + e; w == 1 gives e itself, else log(w) · (e/(w − 1)).
        let w = one + e
        let l1p = (log(w) * (e / (w - one))).replacing(with: e, where: w .== one)
        // Swift.max(z, 0) is `0 >= z ? 0 : z`.
        let maxZ0 = z.replacing(with: zero, where: zero .>= z)
        let term = maxZ0 - z * y + l1p
        let sigma = (e / (one + e)).replacing(with: one / (one + e), where: z .>= zero)
        return (term, sigma)
    }

    /// −|z| (the sign bit set: −Swift.abs(z) for every non-NaN z, −0 included).
    @inline(__always)
    static func negativeAbs(_ z: SIMD4<Double>) -> SIMD4<Double> {
        unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
    }

    /// Whether all four logits are in the kernel's range (|z| ≤ 700; false for NaN and ±∞).
    @inline(__always)
    static func inRange(_ z: SIMD4<Double>) -> Bool { all(negativeAbs(z) .>= SIMD4(repeating: -700)) }

    /// ``DeterministicMath/exp(_:)`` for x ∈ [−700, 0].
    @inline(__always)
    static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        @inline(__always) func c(_ v: Double) -> SIMD4<Double> { SIMD4(repeating: v) }
        let k = (x * c(1.4426950408889634)).rounded(.toNearestOrEven)
        let r = (x - k * c(6.93147180369123816490e-01)) - k * c(1.90821492927058770002e-10)
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a0 = c(1.0 / 2) + c(1.0 / 6) * r, a1 = c(1.0 / 24) + c(1.0 / 120) * r
        let a2 = c(1.0 / 720) + c(1.0 / 5040) * r, a3 = c(1.0 / 40320) + c(1.0 / 362880) * r
        let a4 = c(1.0 / 3628800) + c(1.0 / 39916800) * r, a5 = c(1.0 / 479001600) + c(1.0 / 6227020800) * r
        let q = (a0 + a1 * r2) + (a2 + a3 * r2) * r4 + (a4 + a5 * r2) * r8
        let er = c(1) + (r + r2 * q)
        // ki / 2 rounded toward zero (ki ≤ 0 here), then 2^half · 2^(ki − half) as in the scalar code.
        // k is integral and |k| < 2⁵¹, so k + 1.5·2⁵² is exact and its low bits hold k.
        let shifter = c(0x1.8p52)
        let ki = unsafeBitCast(k + shifter, to: SIMD4<Int64>.self) &- unsafeBitCast(shifter, to: SIMD4<Int64>.self)
        let half = (ki &+ (ki &>> 63 & 1)) &>> 1
        return er * pow2(half) * pow2(ki &- half)
    }

    /// 2ⁿ for n in the normal range.
    @inline(__always)
    static func pow2(_ n: SIMD4<Int64>) -> SIMD4<Double> {
        let bits = SIMD4<UInt64>(truncatingIfNeeded: n &+ 1023) &<< 52
        return unsafeBitCast(bits, to: SIMD4<Double>.self)
    }

    /// ``DeterministicMath/log(_:)`` for w ∈ (1, 2].
    @inline(__always)
    static func log(_ w: SIMD4<Double>) -> SIMD4<Double> {
        @inline(__always) func c(_ v: Double) -> SIMD4<Double> { SIMD4(repeating: v) }
        // w ∈ (1, 2]: its binary exponent is 1 for w = 2, else 0; its significand is w's mantissa bits over 1.
        let bits = unsafeBitCast(w, to: SIMD4<UInt64>.self)
        var e = SIMD4<Double>().replacing(with: c(1), where: w .>= c(2))
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD4<Double>.self)
        let big = m .> c(1.4142135623730951)
        m.replace(with: m * c(0.5), where: big)
        e.replace(with: e + c(1), where: big)
        let s = (m - c(1)) / (m + c(1))
        let s2 = s * s
        var p = c(1.0 / 21)
        p = p * s2 + c(1.0 / 19)
        p = p * s2 + c(1.0 / 17)
        p = p * s2 + c(1.0 / 15)
        p = p * s2 + c(1.0 / 13)
        p = p * s2 + c(1.0 / 11)
        p = p * s2 + c(1.0 / 9)
        p = p * s2 + c(1.0 / 7)
        p = p * s2 + c(1.0 / 5)
        p = p * s2 + c(1.0 / 3)
        let logM = c(2) * s + c(2) * s * s2 * p
        return e * c(6.93147180369123816490e-01) + (logM + e * c(1.90821492927058770002e-10))
    }
}
