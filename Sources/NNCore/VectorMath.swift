/// Vectorised elementary functions on `SIMD4<Double>`, built only from IEEE + − × ÷, fused multiply-add and bit
/// operations (so bit-identical on every platform), for the activations in the training hot loop.
///
/// Why: libm's `tanh` costs ~10 ns a call here; the C2 benchmark needs 4,096 of them per step. The C kernel in
/// CNNKernels runs the same algorithm at ~4 ns per element on a Zen 1 core, within 3 ulp of libm (see the tests,
/// which compare against `Foundation.tanh` over the whole range); this Swift version is its bit-exact reference.
public enum VectorMath {
    /// expm1(y) for y ∈ [−40, 0] (callers clamp). y = k·ln2 + r with |r| ≤ ln2/2, expm1(r) = r + r²·q(r), q evaluated
    /// as E(r²) + r·O(r²) (two independent Horner chains: a short dependency chain and ten fused multiply-adds, not
    /// the fourteen operations of a Taylor series to r¹³); then expm1(y) = 2ᵏ·expm1(r) + (2ᵏ − 1). Every a·b + c is
    /// one fused multiply-add (`addingProduct`), exactly as in the C kernel, so the two agree bit for bit.
    @inlinable @inline(__always)
    static func expm1NonPositive(_ y: SIMD4<Double>) -> SIMD4<Double> {
        @inline(__always) func c(_ v: Double) -> SIMD4<Double> { SIMD4(repeating: v) }
        @inline(__always) func fma(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> SIMD4<Double> {
            c.addingProduct(a, b)
        }
        let shifter = c(0x1.8p52)
        let t = fma(y, c(1.4426950408889634), shifter)   // round(y / ln 2) in the low mantissa bits
        let k = t - shifter
        let r = fma(k, c(-1.90821492927058770002e-10), fma(k, c(-6.93147180369123816490e-01), y))
        let r2 = r * r
        // q(r) = (expm1(r) − r)/r² ≈ Σ qᵢ·rⁱ on |r| ≤ ln2/2: a degree-9 near-minimax fit (mpmath `chebyfit`), which
        // keeps expm1(r) = r + r²·q(r) within 4.1·10⁻¹⁷ relative (a third of an ulp). CNNKernels' nnk_internal.h holds
        // the same values (NNK_EXPM1_Q0 … Q9).
        var e = c(0x1.28917ca046b86p-22), o = c(0x1.af389eeb9e5e9p-26)                      // q₈, q₉
        e = fma(e, r2, c(0x1.a019b9148739fp-16)); o = fma(o, r2, c(0x1.71de0db2eafc6p-19))  // q₆, q₇
        e = fma(e, r2, c(0x1.6c16c17889f40p-10)); o = fma(o, r2, c(0x1.a01a01a7c2f2ep-13))  // q₄, q₅
        e = fma(e, r2, c(0x1.5555555553d68p-5)); o = fma(o, r2, c(0x1.11111111109b5p-7))    // q₂, q₃
        e = fma(e, r2, c(0x1.0000000000001p-1)); o = fma(o, r2, c(0x1.5555555555556p-3))    // q₀, q₁
        let em1r = fma(r2, fma(o, r, e), r)
        // 2^k from the integer k held in t's low bits: (k + 1023) << 52.
        let tBits = unsafeBitCast(t, to: SIMD4<Int64>.self)
        let shiftBits = unsafeBitCast(shifter, to: SIMD4<Int64>.self)
        let kInt = tBits &- shiftBits
        let twoK = unsafeBitCast((kInt &+ 1023) &<< 52, to: SIMD4<Double>.self)
        return fma(twoK, em1r, twoK - 1)
    }

    /// tanh(x), four lanes: tanh|x| = −e/(2 + e) with e = expm1(−2|x|), sign restored; |x| ≥ 20 gives ±1
    /// (exactly as libm: tanh(20) rounds to 1). NaN lanes stay NaN.
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let signBit = SIMD4<Int64>(repeating: Int64(bitPattern: 0x8000_0000_0000_0000))
        let bits = unsafeBitCast(x, to: SIMD4<Int64>.self)
        let ax = unsafeBitCast(bits & ~signBit, to: SIMD4<Double>.self)
        let clamped = ax.replacing(with: SIMD4(repeating: 20), where: ax .> 20)
        let e = expm1NonPositive(-2 * clamped)
        let t = (0 - e) / (2 + e)   // ≥ +0 (0 − e, not −e: tanh(±0) is ±0, never −0 for +0)
        var signed = unsafeBitCast(unsafeBitCast(t, to: SIMD4<Int64>.self) | (bits & signBit), to: SIMD4<Double>.self)
        signed.replace(with: x, where: x .!= x)
        return signed
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
