/// Vectorised elementary functions on `SIMD4<Double>`, built only from IEEE + − × ÷ and bit operations
/// (so bit-identical on every platform), for the activations in the training hot loop.
///
/// Why: libm's `tanh` costs ~10 ns a call here; the C2 benchmark needs 4,096 of them per step. These
/// kernels run at ~1 ns per element and stay within a few ulp of libm (see the tests, which compare
/// against `Foundation.tanh` over the whole range).
public enum VectorMath {
    /// expm1(y) for y ∈ [−40, 0] (callers clamp). y = k·ln2 + r with |r| ≤ ln2/2, expm1(r) = r + r²·q(r) with
    /// q the Taylor series to r¹¹ (so expm1 to r¹³; truncation < 2·10⁻¹⁷ relative), evaluated by Estrin's
    /// scheme (a short dependency chain: the latency, not the multiplies, bounded the Horner form); then
    /// expm1(y) = 2ᵏ·expm1(r) + (2ᵏ − 1).
    @inlinable @inline(__always)
    static func expm1NonPositive(_ y: SIMD4<Double>) -> SIMD4<Double> {
        let invLn2 = SIMD4<Double>(repeating: 1.4426950408889634)
        let shifter = SIMD4<Double>(repeating: 0x1.8p52)
        let t = y * invLn2 + shifter              // round(y / ln 2) in the low mantissa bits
        let k = t - shifter
        let ln2Hi = SIMD4<Double>(repeating: 6.93147180369123816490e-01)
        let ln2Lo = SIMD4<Double>(repeating: 1.90821492927058770002e-10)
        let r = (y - k * ln2Hi) - k * ln2Lo
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        @inline(__always) func c(_ v: Double) -> SIMD4<Double> { SIMD4(repeating: v) }
        let a0 = c(1.0 / 2) + c(1.0 / 6) * r                     // 1/2!, 1/3!
        let a1 = c(1.0 / 24) + c(1.0 / 120) * r                  // 1/4!, 1/5!
        let a2 = c(1.0 / 720) + c(1.0 / 5040) * r
        let a3 = c(1.0 / 40320) + c(1.0 / 362880) * r
        let a4 = c(1.0 / 3628800) + c(1.0 / 39916800) * r
        let a5 = c(1.0 / 479001600) + c(1.0 / 6227020800) * r   // 1/12!, 1/13!
        let b0 = a0 + a1 * r2, b1 = a2 + a3 * r2, b2 = a4 + a5 * r2
        let q = b0 + b1 * r4 + b2 * r8
        let em1r = r + r2 * q
        // 2^k from the integer k held in t's low bits: (k + 1023) << 52.
        let tBits = unsafeBitCast(t, to: SIMD4<Int64>.self)
        let shiftBits = unsafeBitCast(shifter, to: SIMD4<Int64>.self)
        let kInt = tBits &- shiftBits
        let twoK = unsafeBitCast((kInt &+ 1023) &<< 52, to: SIMD4<Double>.self)
        return twoK * em1r + (twoK - 1)
    }

    /// tanh(x), four lanes: tanh|x| = −e/(2 + e) with e = expm1(−2|x|), sign restored; |x| ≥ 20 gives ±1
    /// (exactly as libm: tanh(20) rounds to 1). NaN lanes stay NaN.
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let ax = x.replacing(with: -x, where: x .< 0)
        let clamped = ax.replacing(with: SIMD4(repeating: 20), where: ax .> 20)
        let e = expm1NonPositive(-2 * clamped)
        var t = -e / (2 + e)
        t.replace(with: -t, where: x .< 0)
        t.replace(with: x, where: x .!= x)
        return t
    }

    /// Scalar entry to the same algorithm (lane 0 of ``tanh(_:)-(SIMD4<Double>)``), for tails and tests.
    @inlinable
    public static func tanh(_ x: Double) -> Double { tanh(SIMD4(repeating: x))[0] }

    /// Σ v², accumulated in four lanes (a fixed order, so deterministic).
    public static func sumOfSquares(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { b -> Double in
            guard let p = b.baseAddress else { return 0 }
            var acc0 = SIMD4<Double>(), acc1 = acc0
            var j = 0
            while j + 8 <= b.count {
                let x = DenseKernels.load(p + j), y = DenseKernels.load(p + j + 4)
                acc0 += x * x; acc1 += y * y
                j += 8
            }
            var s = (acc0 + acc1).sum()
            while j < b.count { s += p[j] * p[j]; j += 1 }
            return s
        }
    }
}
