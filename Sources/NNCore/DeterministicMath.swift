/// Elementary functions built only from correctly rounded IEEE operations, so they give the same bits on
/// every platform (libm's `log` may differ in the last place between C libraries).
public enum DeterministicMath {
    /// Natural logarithm for finite x > 0, accurate to about 1 ulp.
    /// x = 2^e · m with m ∈ [√½, √2); log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.172, summed as an
    /// odd series to s²¹ (the next term is below 10⁻¹⁹ relative); ln 2 split in high and low parts.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "DeterministicMath.log needs a finite x > 0")
        var e = Int(x.exponent)
        var m = x.significand  // in [1, 2)
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // Horner for 2·(1 + s²/3 + s⁴/5 + … + s²⁰/21).
        var p = 1.0 / 21
        p = p * s2 + 1.0 / 19
        p = p * s2 + 1.0 / 17
        p = p * s2 + 1.0 / 15
        p = p * s2 + 1.0 / 13
        p = p * s2 + 1.0 / 11
        p = p * s2 + 1.0 / 9
        p = p * s2 + 1.0 / 7
        p = p * s2 + 1.0 / 5
        p = p * s2 + 1.0 / 3
        let logM = 2 * s + 2 * s * s2 * p
        let ln2Hi = 6.93147180369123816490e-01  // fdlibm's split of ln 2
        let ln2Lo = 1.90821492927058770002e-10
        let de = Double(e)
        return de * ln2Hi + (logM + de * ln2Lo)
    }
}

extension DeterministicMath {
    /// cos(π·u) for u ∈ [0, 1] (clamped), accurate to about 1 ulp, by symmetry onto |x| ≤ π/4 and Taylor
    /// series of sin and cos there (truncation below 10⁻¹⁸).
    public static func cosPi(_ u: Double) -> Double {
        let u = Swift.min(Swift.max(u, 0), 1)
        let piValue = 3.141592653589793
        if u <= 0.25 { return cosSmall(piValue * u) }
        if u <= 0.5 { return sinSmall(piValue * (0.5 - u)) }
        if u <= 0.75 { return -sinSmall(piValue * (u - 0.5)) }
        return -cosSmall(piValue * (1 - u))
    }
}

/// Scalar exp, log1p and the logistic function from correctly rounded IEEE operations only (see
/// ``DeterministicMath``), used by the losses and the sigmoid/softplus kernels so training is bit-identical on
/// every platform, whatever its libm.
extension DeterministicMath {
    /// e^x for any x, accurate to about 1 ulp: x = k·ln2 + r, |r| ≤ ln2/2, e^r = 1 + r + r²·q(r) (Taylor to
    /// r¹³), then scaled by 2ᵏ exactly (one rounding for subnormal results).
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a0 = 1.0 / 2 + 1.0 / 6 * r, a1 = 1.0 / 24 + 1.0 / 120 * r
        let a2 = 1.0 / 720 + 1.0 / 5040 * r, a3 = 1.0 / 40320 + 1.0 / 362880 * r
        let a4 = 1.0 / 3628800 + 1.0 / 39916800 * r, a5 = 1.0 / 479001600 + 1.0 / 6227020800 * r
        let q = (a0 + a1 * r2) + (a2 + a3 * r2) * r4 + (a4 + a5 * r2) * r8
        let er = 1 + (r + r2 * q)
        let ki = Int(k)
        // Scale in two exact halves so that 2^k itself never under- or overflows.
        let half = ki / 2
        return er * Double(sign: .plus, exponent: half, significand: 1)
            * Double(sign: .plus, exponent: ki - half, significand: 1)
    }

    /// log(1 + u) for u > −1, accurate to a few ulp also for tiny u (w = 1 + u, log1p u = log w · u/(w − 1),
    /// which cancels the rounding of w).
    public static func log1p(_ u: Double) -> Double {
        if u.isNaN || u == .infinity { return u }
        let w = 1 + u
        if w == 1 { return u }
        return log(w) * (u / (w - 1))
    }

    /// σ(x) = 1/(1 + e^{−x}), without overflow.
    public static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}).
    public static func softplus(_ x: Double) -> Double {
        Swift.max(x, 0) + log1p(exp(-Swift.abs(x)))
    }

    /// sin x for |x| ≤ π/4 (Taylor series to x¹⁵: truncation below 10⁻¹⁸, about 1 ulp).
    static func sinSmall(_ x: Double) -> Double {
        let x2 = x * x
        var p = -1.0 / 1_307_674_368_000  // −1/15!
        p = p * x2 + 1.0 / 6_227_020_800
        p = p * x2 - 1.0 / 39_916_800
        p = p * x2 + 1.0 / 362_880
        p = p * x2 - 1.0 / 5040
        p = p * x2 + 1.0 / 120
        p = p * x2 - 1.0 / 6
        return x + x * x2 * p
    }
    /// cos x for |x| ≤ π/4 (Taylor series to x¹⁶).
    static func cosSmall(_ x: Double) -> Double {
        let x2 = x * x
        var p = 1.0 / 20_922_789_888_000  // 1/16!
        p = p * x2 - 1.0 / 87_178_291_200
        p = p * x2 + 1.0 / 479_001_600
        p = p * x2 - 1.0 / 3_628_800
        p = p * x2 + 1.0 / 40320
        p = p * x2 - 1.0 / 720
        p = p * x2 + 1.0 / 24
        p = p * x2 - 0.5
        return 1 + x2 * p
    }
}
